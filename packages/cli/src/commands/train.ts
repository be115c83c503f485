import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { backendOption, collect } from '../options';
import { progressCallbacks } from '../progress';
import { writeFileAtomic } from '../write-file';
import { examples } from '../help';

/** `zoo train <recipe>`: one run, its test metrics on stdout; checkpoints under `--out`. */
export function addTrainCommand(program: Command, ctx: CommandContext): void {
  program
    .command('train')
    .description('train one recipe and report its test metrics')
    .argument('<recipe>', 'recipe id')
    .option('--set <key=value>', 'override a config field (repeatable)', collect, [])
    .option('--out <dir>', 'write config.json, checkpoints (last/, final/) here')
    .option('--resume', 'continue from <out>/last')
    .option('--data-dir <dir>', 'folder with real datasets (see `zoo info <recipe>` for the layout)')
    .option('--json <file>', 'write the result as JSON')
    .addOption(backendOption())
    .addHelpText('after', examples('zoo train gnn/gcn@cora', 'zoo train gnn/gcn@cora --out runs/gcn --set trainer.maxEpochs=400', 'zoo train gnn/gcn@cora --out runs/gcn --resume   # continue from runs/gcn/last', 'zoo train snn/joint-a-snn-resnet18@cifar10 --data-dir ~/data --backend blas --json result.json'))
    .action(async (id: string, o: { set: string[]; out?: string; resume?: boolean; dataDir?: string; json?: string; backend?: string }) => {
      const { runner, registry } = await ctx.withRunner(o.backend);
      const resolved = registry.resolve(id);
      const result = await runner.run(id, {
        set: o.set,
        outDir: o.out,
        resume: o.resume,
        dataDir: o.dataDir,
        callbacks: progressCallbacks(id, resolved.recipe.metrics[0]),
      });
      const metrics = Object.entries(result.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ');
      ctx.out(`${id}: test ${metrics} (${result.epochs} epochs, best ${result.bestEpoch ?? '-'}, ${result.seconds.toFixed(1)} s, backend ${result.backend})\n`);
      if (o.json) writeFileAtomic(o.json, `${JSON.stringify(result, null, 2)}\n`);
    });
}
