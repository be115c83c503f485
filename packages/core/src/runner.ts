import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inject, injectable, type DependencyContainer } from 'tsyringe';
import type { Callback } from './contracts/trainer';
import type { Recipe, Tier } from './contracts/recipe';
import type { BackendInfo } from './backend';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { DataMissingError, ZooError } from './errors';
import { Registry, type RunConfig } from './registry';
import { Rng } from './rng';
import { TOKENS, type Logger } from './tokens';
import { Checkpointer } from './trainer/checkpointer';
import { tf } from './tf';

export interface RunOptions {
  /** `--set k=v` overrides, applied before validation. */
  set?: string[];
  /** Overrides the config's seed (eval runs seeds 0..N-1). */
  seed?: number;
  dataDir?: string;
  /** Folder for checkpoints (`last/`, `final/`) and the merged `config.json`. */
  outDir?: string;
  /** Continue from `<outDir>/last`. */
  resume?: boolean;
  callbacks?: Callback[];
}

export interface RunResult {
  recipe: string;
  config: RunConfig;
  /** Test-split metrics, headline first. */
  metrics: Record<string, number>;
  epochs: number;
  bestEpoch?: number;
  seconds: number;
  backend: string;
}

export interface EvalRow {
  recipe: string;
  metric: string;
  mean: number | null;
  std: number | null;
  seeds: number;
  paper: number | null;
  seconds: number;
  backend: string;
  status: 'ok' | 'skipped' | 'failed';
  reason: string | null;
}

export interface EvalOptions {
  tiers?: Tier[];
  seeds?: number;
  dataDir?: string;
  set?: string[];
  /** Callbacks for one training run (progress display). */
  callbacksFor?: (recipe: Recipe, seed: number) => Callback[];
  onRunDone?: (result: RunResult, seed: number) => void;
  /** Runs at most this many (recipe, seed) runs at once through `execute` (default 1). */
  jobs?: number;
  /** Executes one run elsewhere (e.g. a worker thread); defaults to `this.run` in-process. */
  execute?: (recipe: string, seed: number, opts: RunOptions) => Promise<RunResult>;
  onRecipeDone?: (rows: EvalRow[]) => void;
}

/** Owns seeds, data loading, resume and the per-run child container (Lightning's/mmengine's runner). */
@injectable()
export class Runner {
  constructor(
    @inject(TOKENS.Registry) private readonly registry: Registry,
    @inject(TOKENS.Logger) private readonly log: Logger,
    @inject(TOKENS.BackendInfo) private readonly backend: BackendInfo,
    @inject(TOKENS.Container) private readonly container: DependencyContainer,
  ) {}

  async run(recipeId: string, opts: RunOptions = {}): Promise<RunResult> {
    const resolved = this.registry.resolve(recipeId);
    const config = this.registry.resolveConfig(resolved, opts.set ?? []);
    if (opts.seed !== undefined) config.seed = opts.seed;
    const t0 = performance.now();
    const child = this.container.createChildContainer();
    const rng = new Rng(config.seed);
    child.register(TOKENS.Rng, { useValue: rng });
    child.register(TOKENS.DataDir, { useValue: opts.dataDir });

    const dataset = await resolved.dataset.load(config.data, { dataDir: opts.dataDir, rng: rng.fork('data') });
    const model = resolved.model.create(config.model, { dataset, rng: rng.fork('model') });
    try {
      const meta = { recipe: recipeId, config, backend: this.backend.name };
      let resume;
      if (opts.resume) {
        if (!opts.outDir) throw new ZooError('--resume needs --out DIR (the folder of an earlier run)');
        const ck = loadCheckpoint(path.join(opts.outDir, 'last'));
        if (ck.meta.recipe !== recipeId) throw new ZooError(`checkpoint in ${opts.outDir} is for ${String(ck.meta.recipe)}, not ${recipeId}`);
        model.setWeights(ck.groups.model);
        tf.dispose(Object.values(ck.groups.model));
        const { model: _m, ...extraWeights } = ck.groups;
        resume = { epoch: Number(ck.meta.epoch), extra: (ck.meta.extra as Record<string, unknown>) ?? {}, extraWeights };
        this.log.info(`resuming ${recipeId} at epoch ${resume.epoch} from ${opts.outDir}/last`);
      }
      const callbacks = [...(opts.callbacks ?? [])];
      if (opts.outDir) {
        fs.mkdirSync(opts.outDir, { recursive: true });
        fs.writeFileSync(path.join(opts.outDir, 'config.json'), JSON.stringify({ recipe: recipeId, ...config }, null, 2));
        const every = Number((config.trainer as { checkpointEvery?: number }).checkpointEvery ?? 50);
        callbacks.push(new Checkpointer(opts.outDir, every, meta));
      }
      const trainer = child.resolve(resolved.trainer.trainer);
      const fit = await trainer.fit({ model, dataset, config: config.trainer, metrics: resolved.metrics, callbacks, rng: rng.fork('trainer'), resume });
      if (resume) tf.dispose(Object.values(resume.extraWeights).flatMap((m) => Object.values(m)));
      const test = trainer.evaluate(model, dataset, 'test', resolved.metrics);
      const result: RunResult = {
        recipe: recipeId,
        config,
        metrics: test.metrics,
        epochs: fit.epochs,
        bestEpoch: fit.state.extra.bestEpoch as number | undefined,
        seconds: (performance.now() - t0) / 1000,
        backend: this.backend.name,
      };
      if (opts.outDir) {
        await saveCheckpoint(path.join(opts.outDir, 'final'), {
          groups: { model: model.getWeights() },
          meta: { ...meta, epoch: fit.epochs, metrics: test.metrics, bestEpoch: result.bestEpoch },
        });
      }
      return result;
    } finally {
      model.dispose();
      dataset.dispose();
    }
  }

  /**
   * Runs every matching recipe over seeds 0..N-1 and returns one row per recipe and metric, in
   * recipe order. With `jobs > 1` runs go through `opts.execute` concurrently; each run is seeded
   * on its own, so the numbers do not depend on `jobs`.
   */
  async evaluate(globs: string[], opts: EvalOptions = {}): Promise<EvalRow[]> {
    const recipes = this.registry.listRecipes(globs, opts.tiers);
    const seeds = opts.seeds ?? 1;
    const execute = opts.execute ?? ((id: string, seed: number, o: RunOptions) => this.run(id, { ...o, seed }));
    type Outcome = { seed: number; result?: RunResult; error?: unknown; seconds: number };
    const outcomes = new Map<string, Outcome[]>(recipes.map((r) => [r.id, []]));
    const queue = recipes.flatMap((recipe) => Array.from({ length: seeds }, (_, seed) => ({ recipe, seed })));
    const done = new Map<string, number>();
    const finishRecipe = (id: string) => {
      const recipe = recipes.find((r) => r.id === id)!;
      opts.onRecipeDone?.(this.rowsFor(recipe, outcomes.get(id)!));
    };
    const worker = async () => {
      for (let task = queue.shift(); task; task = queue.shift()) {
        const { recipe, seed } = task;
        const prior = outcomes.get(recipe.id)!;
        // after a skipped or failed seed, the remaining seeds of that recipe are not run
        if (!prior.some((o) => o.error)) {
          const t0 = performance.now();
          try {
            const result = await execute(recipe.id, seed, { seed, set: opts.set, dataDir: opts.dataDir, callbacks: opts.callbacksFor?.(recipe, seed) });
            prior.push({ seed, result, seconds: (performance.now() - t0) / 1000 });
            opts.onRunDone?.(result, seed);
          } catch (error) {
            prior.push({ seed, error, seconds: (performance.now() - t0) / 1000 });
          }
        }
        done.set(recipe.id, (done.get(recipe.id) ?? 0) + 1);
        if (done.get(recipe.id) === seeds) finishRecipe(recipe.id);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.jobs ?? 1) }, worker));
    return recipes.flatMap((r) => this.rowsFor(r, outcomes.get(r.id)!));
  }

  private rowsFor(recipe: Recipe, outcomes: { seed: number; result?: RunResult; error?: unknown; seconds: number }[]): EvalRow[] {
    const failure = outcomes.find((o) => o.error)?.error;
    const status: EvalRow['status'] = failure === undefined ? 'ok' : failure instanceof DataMissingError ? 'skipped' : 'failed';
    const reason =
      failure === undefined ? null : failure instanceof ZooError ? failure.message : String((failure as Error)?.stack ?? failure);
    const seconds = outcomes.reduce((a, o) => a + o.seconds, 0);
    const ordered = [...outcomes].sort((a, b) => a.seed - b.seed);
    return recipe.metrics.map((metric): EvalRow => {
      const v = status === 'ok' ? ordered.map((o) => o.result!.metrics[metric]).filter((x) => x !== undefined) : [];
      const mean = v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
      const std = mean === null ? null : v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
      return {
        recipe: recipe.id,
        metric,
        mean,
        std,
        seeds: v.length,
        paper: recipe.paper?.find((p) => p.metric === metric)?.value ?? null,
        seconds,
        backend: this.backend.name,
        status,
        reason,
      };
    });
  }
}
