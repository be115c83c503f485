import type { Command } from 'commander';
import type { EvalRow, Tier } from '@zoo/core';
import { stderrLogger, ZooError } from '../lazy-core';
import { statusWord } from '../color';
import type { CommandContext } from '../context';
import { EvalProgress } from '../eval-progress';
import { formatEvalTable, rowsToCsv } from '../format';
import { examples } from '../help';
import { emitJson, jsonOption, jsonTarget, type JsonTarget } from '../json-output';
import { availableCores, backendOption, checkJobs, collect, dataDirOption, MAX_JOBS, MAX_SEEDS, parseTiers, positiveInt } from '../options';
import { lockOutputs } from '../output-locks';
import { failedPluginsNote } from '../plugins';
import { WorkerPool } from '../worker-pool';
import { writeFileAtomic } from '../write-file';

/**
 * cpu, wasm and blas run one JS thread per engine, so one run per core scales (the backend package
 * then keeps to one thread per run); tfjs-node uses all cores itself.
 */
export function defaultJobs(backend: string): number {
  return ['cpu', 'wasm', 'blas'].includes(backend) ? availableCores() : 1;
}

/** `N ok, N skipped, N failed`, counted in recipes; `word` styles the status words (colour on a terminal). */
export function summaryLine(rows: EvalRow[], word: (status: string) => string = (w) => w): string {
  const recipesOf = (s: string) => new Set(rows.filter((r) => r.status === s).map((r) => r.recipe)).size;
  return `${recipesOf('ok')} ${word('ok')}, ${recipesOf('skipped')} ${word('skipped')}, ${recipesOf('failed')} ${word('failed')}`;
}

/** `zoo eval [globs...]`: the plan's runs (in worker threads with `--jobs N`), ours vs the paper's numbers. */
export function addEvalCommand(program: Command, ctx: CommandContext): void {
  program
    .command('eval')
    .description("run installed recipes over seeds and print ours vs the paper's numbers")
    .argument('[globs...]', 'recipe id globs (default: all): * (crosses /), ?, {a,b}, [abc]')
    .option('--tier <tiers>', 'tiers to run (comma-separated; default smoke,cpu)')
    .addOption(dataDirOption())
    .option('--seeds <n>', `seeds per recipe (0..n-1, at most ${MAX_SEEDS})`, positiveInt('--seeds', MAX_SEEDS, 'seeds per recipe'), 1)
    .option('--set <key=value>', 'override a config field in every recipe (repeatable)', collect, [])
    .addOption(jsonOption('the rows {recipe, metric, unit, mean, std, seeds, paper, seconds, backend, status, reason, data, chance, atChance}'))
    .option('--csv <file>', 'write the same rows as CSV (FILE.lock keeps another eval from writing it meanwhile, as for --json FILE)')
    .option('--strict', 'exit non-zero when a recipe is skipped for missing data')
    .option('--jobs <n>', 'runs at once, each in its own worker thread (default: the number of cores on cpu/wasm/blas, else 1; at most the cores)', positiveInt('--jobs', MAX_JOBS, `workers (and without --jobs-force at most the ${availableCores()} cores)`))
    .option('--jobs-force', `allow --jobs above the number of cores (up to ${MAX_JOBS})`)
    .addOption(backendOption())
    .addHelpText(
      'after',
      examples(
        'zoo eval                                   # every installed recipe of tiers smoke,cpu, seed 0',
        'zoo eval "gnn/*" --tier smoke --seeds 3    # mean ± std over seeds 0..2',
        'zoo eval "gnn/*@cora" --tier paper --data-dir ~/data --json gnn.json --csv gnn.csv',
        'zoo eval --jobs 1 --set trainer.maxEpochs=10 "snn/*"',
      ),
    )
    .action(
      async (
        globs: string[],
        o: { tier?: string; dataDir?: string; seeds: number; set: string[]; json?: string | boolean; csv?: string; strict?: boolean; backend?: string; jobs?: number; jobsForce?: boolean },
      ) => {
        const tiers = parseTiers(o.tier) ?? ['smoke', 'cpu'];
        const json = jsonTarget(o.json);
        checkJobs(o.jobs, o.jobsForce);
        // the output files are locked before anything runs: a second eval into them is refused now, not after hours
        const locks = lockOutputs([
          { flag: '--json', file: json.to === 'file' ? json.file : undefined },
          { flag: '--csv', file: o.csv },
        ]);
        try {
          await runEval(ctx, globs, tiers, json, o);
        } finally {
          locks.release();
        }
      },
    );
}

type EvalFlags = { dataDir?: string; seeds: number; set: string[]; csv?: string; strict?: boolean; backend?: string; jobs?: number };

/** The eval itself, with its output files locked. */
async function runEval(ctx: CommandContext, globs: string[], tiers: Tier[], json: JsonTarget, o: EvalFlags): Promise<void> {
  const { runner, backend, registry } = await ctx.withRunner(o.backend);
  const plan = runner.plan(globs, tiers, o.seeds);
  if (plan.size === 0) {
    const hint = registry.noMatchHint(globs, tiers);
    throw new ZooError(`no installed recipe matches ${globs.length ? globs.join(' ') : '(all)'} in tiers ${tiers.join(',')}; ${hint ? `${hint}` : 'see `zoo list`'}${failedPluginsNote()}`);
  }
  const jobs = Math.min(o.jobs ?? defaultJobs(backend.name), plan.size);
  const tty = Boolean(process.stderr.isTTY) && jobs === 1;
  // several runs at once: the backend keeps its threads. OpenBLAS's rounding depends on its thread count on
  // some CPUs (AMD Zen 4: snn/ttfs-b1-fc2@bars max_output_diff 3.03e-7 with 2 threads, 2.75e-7 with 1), and
  // `--jobs N` must give the numbers of `--jobs 1` to the last digit.
  // "[k/n] recipe seed s" on every progress line, and the whole plan's ETA
  const progress = new EvalProgress(plan.runs);
  const pool = jobs > 1 ? new WorkerPool(jobs, backend.name, undefined, (l) => stderrLogger.info(progress.workerLine(l))) : undefined;
  const rows = await runner.evaluate(plan, {
    jobs,
    execute: pool ? (run, ro) => pool.run(run, ro) : undefined,
    dataDir: o.dataDir,
    set: o.set,
    // a bar on a TTY; in logs (and from --jobs workers) a line now and then for slow runs only
    callbacksFor: (r, seed) => progress.callbacks(r.id, seed, r.metrics[0], tty),
    onRunDone: (r, seed) => stderrLogger.info(progress.runDone(r, seed)),
    onRecipeDone: (rs) => {
      const line = progress.recipeDone(rs);
      if (line) stderrLogger.info(line);
    },
  });
  await pool?.close();
  // `--json` without FILE: stdout is the JSON alone; the summary goes to stderr
  const toStdout = emitJson(json, rows, ctx.out);
  if (!toStdout) ctx.out(`${formatEvalTable(rows)}\n`);
  if (o.csv) writeFileAtomic(o.csv, rowsToCsv(rows));
  const failed = rows.filter((r) => r.status === 'failed').length;
  const skipped = rows.filter((r) => r.status === 'skipped').length;
  if (toStdout) stderrLogger.info(summaryLine(rows));
  else ctx.out(`${summaryLine(rows, (w) => statusWord(w))}\n`);
  if (failed > 0 || (o.strict && skipped > 0)) ctx.setExitCode(1);
}
