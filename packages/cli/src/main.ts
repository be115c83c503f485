import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import Table from 'cli-table3';
import {
  createZooContainer,
  probeBackends,
  resolveBackend,
  Runner,
  stderrLogger,
  TIERS,
  TOKENS,
  ZooError,
  type EvalRow,
  type Registry,
  type Tier,
} from '@zoo/core';
import { registerBenchCommand } from './commands/bench';
import { loadPlugins } from './plugins';
import { EpochLineCallback, progressCallbacks } from './progress';
import { WorkerPool } from './worker-pool';

const pkg = require('../package.json') as { version: string };

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new ZooError(`${name} '${v}': expected a positive integer`);
    return n;
  };
}

function parseTiers(v: string | undefined): Tier[] | undefined {
  if (v === undefined) return undefined;
  const tiers = v.split(',').map((t) => t.trim());
  for (const t of tiers) if (!TIERS.includes(t as Tier)) throw new ZooError(`--tier '${t}': expected one of ${TIERS.join(', ')}`);
  return tiers as Tier[];
}

/**
 * cpu, wasm and blas run one JS thread per engine, so one run per core scales (blas then keeps OpenBLAS
 * to one thread per run, below); tfjs-node uses all cores itself.
 */
function defaultJobs(backend: string): number {
  return ['cpu', 'wasm', 'blas'].includes(backend) ? Math.max(1, os.availableParallelism?.() ?? os.cpus().length) : 1;
}

/** With several runs at once on blas, the parallelism is across runs: OpenBLAS (process-wide) gets one thread. */
function singleThreadBlas(): void {
  try {
    require(require.resolve('@zoo/backend-blas', { paths: [process.cwd(), __dirname] })).blas.setThreads(1);
  } catch {
    /* not installed: nothing to do */
  }
}

function pct(v: number | null): string {
  return v === null ? '-' : (v * 100).toFixed(2);
}

/** `zoo eval` table: recipe | metric | ours (mean ± std) | paper | Δ | seconds | backend. */
export function formatEvalTable(rows: EvalRow[]): string {
  const t = new Table({ head: ['recipe', 'metric', 'ours (%)', 'paper (%)', 'Δ', 'seconds', 'backend', 'status'], style: { head: [], border: [] } });
  for (const r of rows) {
    const ours = r.mean === null ? '-' : `${pct(r.mean)} ± ${pct(r.std)}`;
    const delta = r.mean !== null && r.paper !== null ? `${r.mean >= r.paper ? '+' : ''}${pct(r.mean - r.paper)}` : '-';
    t.push([r.recipe, r.metric, ours, pct(r.paper), delta, r.seconds.toFixed(1), r.backend, r.status === 'ok' ? 'ok' : `${r.status}: ${r.reason ?? ''}`.slice(0, 90)]);
  }
  return t.toString();
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function rowsToCsv(rows: EvalRow[]): string {
  const cols: (keyof EvalRow)[] = ['recipe', 'metric', 'mean', 'std', 'seeds', 'paper', 'seconds', 'backend', 'status', 'reason'];
  return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}

function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export function buildProgram(out: (s: string) => void = (s) => process.stdout.write(s)): { program: Command; exitCode: () => number } {
  let exitCode = 0;
  const plugins = () => loadPlugins();
  const registryOnly = () => createZooContainer({ plugins: plugins() }).resolve<Registry>(TOKENS.Registry);
  const withRunner = async (backendFlag: string | undefined) => {
    const backend = await resolveBackend(backendFlag ?? (process.env.ZOO_BACKEND || undefined));
    stderrLogger.info(`backend: ${backend.name}${backend.skipped.length ? ` (skipped ${backend.skipped.join('; ')})` : ''}`);
    const c = createZooContainer({ plugins: plugins(), backend, logger: stderrLogger });
    return { runner: c.resolve(Runner), registry: c.resolve<Registry>(TOKENS.Registry), backend };
  };
  const backendOption = () =>
    new Option('--backend <name>', 'tfjs backend: tfjs-node-gpu, tfjs-node, blas, wasm, cpu (default: best available; env ZOO_BACKEND)');

  const program = new Command('zoo')
    .description('A plugin-based model zoo for research papers, on TensorFlow.js')
    .version(pkg.version)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => out(s), writeErr: (s) => process.stderr.write(s) });

  program
    .command('list')
    .description('list installed recipes, optionally matching a glob (e.g. "gnn/*@cora")')
    .argument('[glob]', 'recipe id glob')
    .option('--tier <tiers>', 'only these tiers (comma-separated: smoke,cpu,paper)')
    .option('--json', 'print a JSON array of {id, plugin, model, dataset, tier, paper}')
    .action((glob: string | undefined, o: { json?: boolean; tier?: string }) => {
      const reg = registryOnly();
      const recipes = reg.listRecipes(glob ? [glob] : [], parseTiers(o.tier));
      if (o.json) {
        const rows = recipes.map((r) => {
          const [plugin, rest] = r.id.split('/');
          const [model, dataset] = rest.split('@');
          return { id: r.id, plugin, model, dataset, tier: r.tier, paper: r.paper ?? null };
        });
        out(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (recipes.length === 0) {
        out(reg.listPlugins().length === 0 ? 'no zoo plugins installed (npm install @zoo/plugin-gnn)\n' : 'no recipes match\n');
        return;
      }
      const t = new Table({ head: ['recipe', 'tier', 'metrics', 'paper'], style: { head: [], border: [] } });
      for (const r of recipes) t.push([r.id, r.tier, r.metrics.join(', '), r.paper?.map((p) => `${p.metric} ${pct(p.value)}`).join(', ') ?? '-']);
      out(`${t.toString()}\n`);
    });

  program
    .command('doctor')
    .description('which tfjs backends load here, which one zoo runs on, and why')
    .action(async () => {
      const reports = await probeBackends();
      for (const r of reports) out(`${r.ok ? 'ok  ' : 'no  '} ${r.name.padEnd(14)} ${r.detail}\n`);
      const chosen = await resolveBackend(process.env.ZOO_BACKEND || undefined);
      out(`zoo runs on: ${chosen.name}${process.env.ZOO_BACKEND ? ' (ZOO_BACKEND)' : ' (the first that starts, in the order above)'}\n`);
      try {
        // the blas backend's optional C kernels (also used by @zoo/core's fused ops on any cpu-memory backend)
        const { nativeStatus } = require('@zoo/backend-blas/native') as typeof import('@zoo/backend-blas/native');
        out(`blas C kernels: ${nativeStatus()}\n`);
      } catch {
        /* @zoo/backend-blas is not installed */
      }
      out(`plugins: ${plugins().map((p) => `${p.meta.name} ${p.meta.version}`).join(', ') || 'none'}\n`);
    });

  registerBenchCommand(program, out);

  program
    .command('info')
    .description('show a recipe: model, dataset layout, paper values and default config')
    .argument('<recipe>', 'recipe id, e.g. gnn/gnn-lf-closed@cora')
    .action((id: string) => {
      const reg = registryOnly();
      const r = reg.resolve(id);
      const config = reg.resolveConfig(r);
      const lines = [
        `${r.recipe.id}  (tier ${r.recipe.tier}, plugin ${r.plugin.meta.packageName ?? r.plugin.meta.name} ${r.plugin.meta.version})`,
        r.recipe.description ?? '',
        `model:   ${r.model.id}: ${r.model.description}`,
        r.model.paper ? `paper:   ${r.model.paper.authors}, "${r.model.paper.title}", ${r.model.paper.venue}${r.model.paper.code ? ` (code: ${r.model.paper.code})` : ''}` : '',
        `dataset: ${r.dataset.id}: ${r.dataset.description}`,
        `layout:  ${r.dataset.layout}`,
        r.dataset.license ? `license: ${r.dataset.license}` : '',
        `trainer: ${r.trainer.id}: ${r.trainer.description}`,
        `metrics: ${r.recipe.metrics.join(', ')} (headline first)`,
        ...(r.recipe.paper ?? []).map((p) => `reported: ${p.metric} = ${p.value} (${p.source})`),
        `config:  ${JSON.stringify(config)}`,
      ];
      out(`${lines.filter(Boolean).join('\n')}\n`);
    });

  program
    .command('config')
    .description('print the merged, validated config of a recipe (defaults ← recipe ← --set)')
    .argument('<recipe>', 'recipe id')
    .option('--set <key=value>', 'override a config field, e.g. trainer.lr=0.005 (repeatable)', collect, [])
    .action((id: string, o: { set: string[] }) => {
      const reg = registryOnly();
      out(`${JSON.stringify(reg.resolveConfig(reg.resolve(id), o.set), null, 2)}\n`);
    });

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
    .action(async (id: string, o: { set: string[]; out?: string; resume?: boolean; dataDir?: string; json?: string; backend?: string }) => {
      const { runner, registry } = await withRunner(o.backend);
      const resolved = registry.resolve(id);
      const result = await runner.run(id, {
        set: o.set,
        outDir: o.out,
        resume: o.resume,
        dataDir: o.dataDir,
        callbacks: progressCallbacks(id, resolved.recipe.metrics[0]),
      });
      const metrics = Object.entries(result.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ');
      out(`${id}: test ${metrics} (${result.epochs} epochs, best ${result.bestEpoch ?? '-'}, ${result.seconds.toFixed(1)} s, backend ${result.backend})\n`);
      if (o.json) writeFileAtomic(o.json, `${JSON.stringify(result, null, 2)}\n`);
    });

  program
    .command('eval')
    .description("run installed recipes over seeds and print ours vs the paper's numbers")
    .argument('[globs...]', 'recipe id globs (default: all)')
    .option('--tier <tiers>', 'tiers to run (comma-separated; default smoke,cpu)')
    .option('--data-dir <dir>', 'folder with real datasets; wins over embedded copies')
    .option('--seeds <n>', 'seeds per recipe (0..n-1)', positiveInt('--seeds'), 1)
    .option('--set <key=value>', 'override a config field in every recipe (repeatable)', collect, [])
    .option('--json <file>', 'write rows {recipe, metric, mean, std, seeds, paper, seconds, backend, status, reason}')
    .option('--csv <file>', 'write the same rows as CSV')
    .option('--strict', 'exit non-zero when a recipe is skipped for missing data')
    .option('--jobs <n>', 'runs at once, each in its own worker thread (default: the number of cores on cpu/wasm/blas, else 1)', positiveInt('--jobs'))
    .addOption(backendOption())
    .action(
      async (
        globs: string[],
        o: { tier?: string; dataDir?: string; seeds: number; set: string[]; json?: string; csv?: string; strict?: boolean; backend?: string; jobs?: number },
      ) => {
        const tiers = parseTiers(o.tier) ?? ['smoke', 'cpu'];
        const { runner, registry, backend } = await withRunner(o.backend);
        const matching = registry.listRecipes(globs, tiers);
        if (matching.length === 0) {
          throw new ZooError(`no installed recipe matches ${globs.length ? globs.join(' ') : '(all)'} in tiers ${tiers.join(',')}; see \`zoo list\``);
        }
        const jobs = Math.min(o.jobs ?? defaultJobs(backend.name), matching.length * o.seeds);
        const tty = Boolean(process.stderr.isTTY) && jobs === 1;
        if (jobs > 1 && backend.name === 'blas') singleThreadBlas();
        const pool = jobs > 1 ? new WorkerPool(jobs, backend.name) : undefined;
        const rows = await runner.evaluate(globs, {
          tiers,
          jobs,
          execute: pool ? (id, seed, ro) => pool.run(id, seed, ro) : undefined,
          seeds: o.seeds,
          dataDir: o.dataDir,
          set: o.set,
          // a bar on a TTY; in logs (and from --jobs workers) a line now and then for slow runs only
          callbacksFor: (r, seed) => (tty ? progressCallbacks(`${r.id} seed ${seed}`, r.metrics[0], true) : [new EpochLineCallback(`${r.id} seed ${seed}`, r.metrics[0], undefined, 30_000, 10_000)]),
          onRunDone: (r, seed) => {
            const m = Object.entries(r.metrics).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ');
            stderrLogger.info(`${r.recipe} seed ${seed}: ${m} (${r.epochs} epochs, ${r.seconds.toFixed(1)} s)`);
          },
          onRecipeDone: (rs) => {
            if (rs[0] && rs[0].status !== 'ok') stderrLogger.info(`${rs[0].recipe}: ${rs[0].status}: ${rs[0].reason}`);
          },
        });
        await pool?.close();
        out(`${formatEvalTable(rows)}\n`);
        if (o.json) writeFileAtomic(o.json, `${JSON.stringify(rows, null, 2)}\n`);
        if (o.csv) writeFileAtomic(o.csv, rowsToCsv(rows));
        const failed = rows.filter((r) => r.status === 'failed').length;
        const skipped = rows.filter((r) => r.status === 'skipped').length;
        const recipesOf = (s: string) => new Set(rows.filter((r) => r.status === s).map((r) => r.recipe)).size;
        out(`${recipesOf('ok')} ok, ${recipesOf('skipped')} skipped, ${recipesOf('failed')} failed\n`);
        if (failed > 0 || (o.strict && skipped > 0)) exitCode = 1;
      },
    );
  return { program, exitCode: () => exitCode };
}

/** Entry point: returns the exit code. Errors a user can fix print as one line. */
export async function main(argv: string[]): Promise<number> {
  const { program, exitCode } = buildProgram();
  try {
    await program.parseAsync(argv);
    return exitCode();
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ZooError) {
      process.stderr.write(`zoo: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
