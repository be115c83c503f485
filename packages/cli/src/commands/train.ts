import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { emitJson, jsonOption, jsonTarget } from '../json-output';
import { backendOption, collect, dataDirOption } from '../options';
import { progressCallbacks } from '../progress';

/** `zoo train <recipe>`: one run, its test metrics on stdout; checkpoints under `--out`. */
export function addTrainCommand(program: Command, ctx: CommandContext): void {
  program
    .command('train')
    .description('train one recipe and report its test metrics')
    .argument('<recipe>', 'recipe id')
    .option('--set <key=value>', 'override a config field (repeatable)', collect, [])
    .option('--out <dir>', 'write config.json, checkpoints (last/, final/) here')
    .option('--resume', 'continue from <out>/last')
    .addOption(dataDirOption())
    .addOption(jsonOption('the result'))
    .addOption(backendOption())
    .action(async (id: string, o: { set: string[]; out?: string; resume?: boolean; dataDir?: string; json?: string | boolean; backend?: string }) => {
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
      if (emitJson(jsonTarget(o.json), result, ctx.out)) return;
      ctx.out(`${id}: test ${metrics} (${result.epochs} epochs, best ${result.bestEpoch ?? '-'}, ${result.seconds.toFixed(1)} s, backend ${result.backend})\n`);
    });
}
