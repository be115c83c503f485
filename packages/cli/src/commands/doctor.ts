import type { Command } from 'commander';
import type { BackendDetails } from '@zoo/core';
import { probeBackends, resolveBackend } from '../lazy-core';
import { statusWord } from '../color';
import type { CommandContext } from '../context';
import { examples } from '../help';
import { emitJson, jsonOption, jsonTarget } from '../json-output';
import { discoverInstalled } from '../plugins';

/** `key value, key value` of a backend package's `backendDetails()`. */
export function formatDetails(details: BackendDetails): string {
  return Object.entries(details)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}

/**
 * `zoo doctor [--json [FILE]]`: which backends start (with each started backend's details), the chosen
 * one, the plugins, and the plugin problems (two plugins with one name, a plugin folder that does not
 * load, with what to run in it). Exits 1 when there is a problem.
 */
export function addDoctorCommand(program: Command, ctx: CommandContext): void {
  program
    .command('doctor')
    .description('which tfjs backends load here, which one zoo runs on, and why; which plugins load (exit 1 on a plugin problem)')
    .addOption(jsonOption('the report {backends, runsOn, plugins, problems}'))
    .addHelpText('after', examples('zoo doctor', 'zoo doctor --json', 'ZOO_BACKEND=wasm zoo doctor   # what zoo would run on with ZOO_BACKEND'))
    .action(async (o: { json?: string | boolean }) => {
      const reports = await probeBackends();
      const chosen = await resolveBackend(process.env.ZOO_BACKEND || undefined);
      const found = discoverInstalled();
      const problems = [...found.collisions, ...found.errors.map((e) => `plugin failed to load: ${e}`)];
      const report = {
        backends: reports.map((r) => ({ name: r.name, ok: r.ok, detail: r.detail, details: r.details ?? {} })),
        runsOn: chosen.name,
        plugins: found.plugins.map((p) => ({ name: p.plugin.meta.name, version: p.plugin.meta.version, packageName: p.packageName, dir: p.dir })),
        problems,
      };
      if (problems.length > 0) ctx.setExitCode(1);
      if (emitJson(jsonTarget(o.json), report, ctx.out)) return;
      for (const r of reports) {
        ctx.out(`${r.ok ? `${statusWord('ok')}  ` : 'no  '} ${r.name.padEnd(14)} ${r.detail}\n`);
        // what the backend package reports about itself (C kernels loaded, threads, ...)
        if (r.details && Object.keys(r.details).length > 0) ctx.out(`     ${''.padEnd(14)} ${formatDetails(r.details)}\n`);
      }
      ctx.out(`zoo runs on: ${chosen.name}${process.env.ZOO_BACKEND ? ' (ZOO_BACKEND)' : ' (the first that starts, in the order above)'}\n`);
      ctx.out(`plugins: ${found.plugins.map((p) => `${p.plugin.meta.name} ${p.plugin.meta.version}`).join(', ') || 'none'}\n`);
      for (const p of problems) ctx.out(`problem: ${p}\n`);
    });
}
