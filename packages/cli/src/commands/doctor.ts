import type { Command } from 'commander';
import type { BackendDetails } from '@zoo/core';
import { probeBackends, resolveBackend } from '../lazy-core';
import { statusWord } from '../color';
import type { CommandContext } from '../context';
import { examples } from '../help';

/** `key value, key value` of a backend package's `backendDetails()`. */
export function formatDetails(details: BackendDetails): string {
  return Object.entries(details)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}

/** `zoo doctor`: which backends start (with each started backend's details), the chosen one, the plugins. */
export function addDoctorCommand(program: Command, ctx: CommandContext): void {
  program
    .command('doctor')
    .description('which tfjs backends load here, which one zoo runs on, and why')
    .addHelpText('after', examples('zoo doctor', 'ZOO_BACKEND=wasm zoo doctor   # what zoo would run on with ZOO_BACKEND'))
    .action(async () => {
      const reports = await probeBackends();
      for (const r of reports) {
        ctx.out(`${r.ok ? `${statusWord('ok')}  ` : 'no  '} ${r.name.padEnd(14)} ${r.detail}\n`);
        // what the backend package reports about itself (C kernels loaded, threads, ...)
        if (r.details && Object.keys(r.details).length > 0) ctx.out(`     ${''.padEnd(14)} ${formatDetails(r.details)}\n`);
      }
      const chosen = await resolveBackend(process.env.ZOO_BACKEND || undefined);
      ctx.out(`zoo runs on: ${chosen.name}${process.env.ZOO_BACKEND ? ' (ZOO_BACKEND)' : ' (the first that starts, in the order above)'}\n`);
      ctx.out(`plugins: ${ctx.plugins().map((p) => `${p.meta.name} ${p.meta.version}`).join(', ') || 'none'}\n`);
    });
}
