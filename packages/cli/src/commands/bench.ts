import type { Command } from 'commander';
import { ZooError } from '@zoo/core';
import type { CommandContext } from '../context';
import { genericTable } from '../format';
import { writeFileAtomic } from '../write-file';

/**
 * `zoo bench [name] [-- args]`: today's bench command, moved unchanged from main.ts; the bench
 * engineer's `tools/bench` version replaces this file (same export: `addBenchCommand(program, ctx)`).
 */
export function addBenchCommand(program: Command, ctx: CommandContext): void {
  const { out, plugins } = ctx;
  program
    .command('bench')
    .description('time sgemm, a conv layer, a ResNet-18 train step and a GCN train step on blas, wasm, cpu and PyTorch; `zoo bench <name>` runs a plugin benchmark (e.g. gnn-scale)')
    .argument('[name]', "a plugin benchmark id (see `zoo bench --list`); omitted: the backend benchmark")
    .argument('[args...]', 'options of the plugin benchmark (after --)')
    .option('--json <file>', 'write the rows as JSON')
    .option('--only <names>', 'backend benchmark: comma-separated sgemm-1024, conv-layer, resnet18-cifar100-train-b32, gcn-20k-train')
    .option('--backends <names>', 'backend benchmark: comma-separated tfjs backends (default blas,wasm,cpu)')
    .option('--list', 'list the plugin benchmarks')
    .action(async (name: string | undefined, args: string[], o: { json?: string; only?: string; backends?: string; list?: boolean }) => {
      const benches = plugins().flatMap((p) => (p.benches ?? []).map((b) => ({ plugin: p.meta.name, bench: b })));
      if (o.list) {
        for (const { plugin, bench } of benches) out(`${bench.id.padEnd(16)} (${plugin}) ${bench.description}\n`);
        return;
      }
      if (name) {
        const found = benches.find((b) => b.bench.id === name);
        if (!found) throw new ZooError(`no benchmark '${name}'; installed: ${benches.map((b) => b.bench.id).join(', ') || 'none'}`);
        const rows = await found.bench.run({ log: (l) => process.stderr.write(`${l}\n`), args });
        out(`${found.bench.table ? found.bench.table(rows) : genericTable(rows)}\n`);
        if (o.json) writeFileAtomic(o.json, `${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      let bench: typeof import('@zoo/backend-blas/dist/bench/run');
      try {
        bench = require(require.resolve('@zoo/backend-blas/dist/bench/run', { paths: [process.cwd(), __dirname] }));
      } catch (err) {
        throw new ZooError(`zoo bench needs @zoo/backend-blas and OpenBLAS (${(err as Error).message.split('\n')[0]})`);
      }
      const rows = await bench.runBench({ only: o.only?.split(','), backends: o.backends?.split(',') });
      out(`${bench.benchTable(rows)}\n`);
      if (o.json) writeFileAtomic(o.json, `${JSON.stringify(rows, null, 2)}\n`);
    });
}
