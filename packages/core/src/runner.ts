import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inject, injectable, type DependencyContainer } from 'tsyringe';
import type { Callback } from './contracts/trainer';
import type { Recipe, Tier } from './contracts/recipe';
import type { BackendInfo } from './backend';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { rowsFor, runSecondsOf, type EvalRow, type RunOutcome } from './eval-rows';
import type { MetricUnit } from './contracts/metric';
import { ZooError } from './errors';
import { Plan, type PlannedRun } from './plan';
import { Registry } from './registry';
import { createRunContainer, RunServices } from './run-services';
import type { RunOptions, RunResult } from './run-types';
import { TOKENS, type Logger } from './tokens';
import { Checkpointer } from './trainer/checkpointer';
import { tf } from './tf';

export interface EvalOptions {
  dataDir?: string;
  set?: string[];
  /** Callbacks for one training run (progress display). */
  callbacksFor?: (recipe: Recipe, seed: number) => Callback[];
  onRunDone?: (result: RunResult, seed: number) => void;
  /** Runs at most this many (recipe, seed) runs at once through `execute` (default 1). */
  jobs?: number;
  /** Executes one run elsewhere (e.g. a worker thread); defaults to `this.run` in-process. */
  execute?: (run: PlannedRun, opts: RunOptions) => Promise<RunResult>;
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
    // the run's child container: the one channel for run services (trainers `@inject` them)
    const child = createRunContainer(this.container, config.seed, opts.dataDir, opts.progress);
    const services = child.resolve(RunServices);

    const dataset = await resolved.dataset.load(config.data, services.datasetContext());
    const model = resolved.model.create(config.model, services.modelContext(dataset));
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
      const fit = await trainer.fit({ model, dataset, config: config.trainer, metrics: resolved.metrics, callbacks, resume });
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

  /** The (recipe, seed) runs of the recipes matching `globs` (all when none) in `tiers`: one listing. */
  plan(globs: readonly string[] = [], tiers?: readonly Tier[], seeds = 1): Plan {
    return Plan.of(this.registry.listRecipes(globs, tiers), seeds, globs, tiers);
  }

  /**
   * Runs a plan and returns one row per recipe and metric, in plan order. With `jobs > 1` runs go
   * through `opts.execute` concurrently; each run is seeded on its own, so the numbers do not depend
   * on `jobs`. After a skipped or failed seed, the recipe's remaining seeds are not run.
   */
  async evaluate(plan: Plan, opts: EvalOptions = {}): Promise<EvalRow[]> {
    const recipes = plan.recipes;
    const execute = opts.execute ?? ((r: PlannedRun, o: RunOptions) => this.run(r.recipe.id, { ...o, seed: r.seed }));
    const outcomes = new Map<string, RunOutcome[]>(recipes.map((r) => [r.id, []]));
    const expected = new Map<string, number>(recipes.map((r) => [r.id, plan.runsOf(r.id)]));
    const queue = [...plan.runs];
    const done = new Map<string, number>();
    const worker = async () => {
      for (let task = queue.shift(); task; task = queue.shift()) {
        const { recipe, seed } = task;
        const prior = outcomes.get(recipe.id)!;
        if (!prior.some((o) => o.error)) {
          const t0 = performance.now();
          try {
            const result = await execute(task, { seed, set: opts.set, dataDir: opts.dataDir, callbacks: opts.callbacksFor?.(recipe, seed) });
            // the run's own time, measured inside it: not a worker's start-up, plugin loading or queueing
            prior.push({ seed, result, seconds: result.seconds });
            opts.onRunDone?.(result, seed);
          } catch (error) {
            prior.push({ seed, error, seconds: runSecondsOf(error) ?? (performance.now() - t0) / 1000 });
          }
        }
        done.set(recipe.id, (done.get(recipe.id) ?? 0) + 1);
        if (done.get(recipe.id) === expected.get(recipe.id)) opts.onRecipeDone?.(rowsFor(recipe, prior, this.backend.name, this.unitsOf(recipe)));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.jobs ?? 1) }, worker));
    return recipes.flatMap((r) => rowsFor(r, outcomes.get(r.id)!, this.backend.name, this.unitsOf(r)));
  }

  /** Each metric's unit; a recipe that does not resolve (its run failed saying why) gets none. */
  private unitsOf(recipe: Recipe): Record<string, MetricUnit> {
    try {
      return Object.fromEntries(this.registry.resolve(recipe.id).metrics.map((m) => [m.name, m.unit]));
    } catch {
      return {};
    }
  }
}
