import type { Command } from 'commander';
import { RunInterrupted } from '../lazy-core';
import type { CommandContext } from '../context';
import { emitJson, jsonOption, jsonTarget, type JsonTarget } from '../json-output';
import { lockOutputs } from '../output-locks';
import { backendOption, collect, dataDirOption } from '../options';
import { progressCallbacks } from '../progress';
import { examples } from '../help';

const HELP = `
Run folder (--out DIR): config.json (the resolved config), last/ (the resumable checkpoint, written
every trainer.checkpointEvery epochs and on SIGINT/SIGTERM) and final/. A folder that already holds
a run is refused unless --resume continues it or --overwrite starts over. While a run is in it, DIR is
locked (DIR/.lock): a second train, resume or overwrite there is refused naming the holder's pid.

--resume continues from DIR/last with DIR/config.json (earlier --set values included) and every
random stream (data order, dropout, sampling) where it was, so the result equals an uninterrupted
run's. A --set (or seed) that changes the stored config is refused, naming each field, unless --force.

SIGINT (Ctrl-C) or SIGTERM stops at the end of the current epoch, writes DIR/last and exits 130 or
143 with the command that resumes; a second Ctrl-C quits at once.

Exit codes: 0 done, 1 error, 2 bad usage, 130 interrupted by SIGINT, 143 by SIGTERM.
`;

/** A shell word for the resume hint (quoted when it has anything but safe characters). */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `zoo train <recipe>`: one run, its test metrics on stdout; checkpoints under `--out`. */
export function addTrainCommand(program: Command, ctx: CommandContext): void {
  program
    .command('train')
    .description('train one recipe and report its test metrics')
    .argument('<recipe>', 'recipe id')
    .option('--set <key=value>', 'override a config field (repeatable)', collect, [])
    .option('--out <dir>', 'run folder: config.json, checkpoints (last/, final/); must be new or empty unless --resume/--overwrite')
    .option('--resume', 'continue the run in <out> from <out>/last with its stored config')
    .option('--force', 'with --resume: accept a config or seed that differs from <out>/config.json (recorded in <out>/resumes.jsonl)')
    .option('--overwrite', 'start a new run in an <out> that already holds one (its run files are removed first)')
    .addOption(dataDirOption())
    .addOption(jsonOption('the result'))
    .addOption(backendOption())
    .addHelpText('after', `${HELP}${examples('zoo train gnn/gcn@cora --out runs/gcn --set trainer.maxEpochs=60', 'zoo train gnn/gcn@cora --out runs/gcn --resume', 'zoo train gnn/gcn@cora --out runs/gcn --resume --force --set trainer.lr=0.005', 'zoo train gnn/gcn@cora --out runs/gcn --overwrite', 'zoo train snn/joint-a-snn-resnet18@cifar10 --data-dir ~/data --backend blas --json result.json')}`)
    .action(async (id: string, o: { set: string[]; out?: string; resume?: boolean; force?: boolean; overwrite?: boolean; dataDir?: string; json?: string | boolean; backend?: string }) => {
      const json = jsonTarget(o.json);
      // locked from the start (the run folder too, by the runner): a second train into it is refused at once
      const locks = lockOutputs([{ flag: '--json', file: json.to === 'file' ? json.file : undefined }]);
      try {
        await train(ctx, id, o, json);
      } finally {
        locks.release();
      }
    });
}

type TrainFlags = { set: string[]; out?: string; resume?: boolean; force?: boolean; overwrite?: boolean; dataDir?: string; backend?: string };

async function train(ctx: CommandContext, id: string, o: TrainFlags, json: JsonTarget): Promise<void> {
  const { runner, registry } = await ctx.withRunner(o.backend);
  const resolved = registry.resolve(id);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\nzoo: ${signal}: stopping at the end of this epoch${o.out ? ` and saving ${o.out}/last` : ''} (${signal === 'SIGINT' ? 'Ctrl-C again' : 'SIGKILL'} quits at once)\n`);
    stop.abort(signal);
  };
  // once: a second Ctrl-C gets Node's default (quit at once)
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const hint = o.out ? `zoo train ${shellWord(id)} --out ${shellWord(o.out)} --resume${o.dataDir ? ` --data-dir ${shellWord(o.dataDir)}` : ''}` : undefined;
    const result = await runner.run(id, {
      set: o.set,
      outDir: o.out,
      resume: o.resume,
      force: o.force,
      overwrite: o.overwrite,
      dataDir: o.dataDir,
      signal: stop.signal,
      resumeHint: hint,
      callbacks: progressCallbacks(id, resolved.recipe.metrics[0]),
    });
    const metrics = Object.entries(result.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ');
    if (emitJson(json, result, ctx.out)) return;
    ctx.out(`${id}: test ${metrics} (${result.epochs} epochs, best ${result.bestEpoch ?? '-'}, ${result.seconds.toFixed(1)} s, backend ${result.backend})\n`);
  } catch (err) {
    if (!(err instanceof RunInterrupted)) throw err;
    process.stderr.write(`zoo: ${err.message}\n`);
    ctx.setExitCode(err.exitCode);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
