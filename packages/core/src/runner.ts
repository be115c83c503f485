import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inject, injectable, type DependencyContainer } from 'tsyringe';
import type { Callback, ResumeState } from './contracts/trainer';
import { dataSourceOf, type Dataset } from './contracts/dataset';
import type { Model } from './contracts/model';
import type { Recipe, Tier } from './contracts/recipe';
import type { BackendInfo } from './backend';
import { CheckpointError, loadCheckpoint, saveCheckpoint, type LoadedCheckpoint } from './checkpoint';
import { checkGroupFits, checkResumeMeta, currentVersions, versionChanges } from './checkpoint-resume';
import { rowsFor, runSecondsOf, type EvalRow, type RunOutcome } from './eval-rows';
import { chanceOf, type MetricUnit } from './contracts/metric';
import { assertFiniteMetrics, assertFiniteWeights, NO_CHECKPOINT } from './trainer/divergence';
import { ZooError } from './errors';
import { Plan, type PlannedRun } from './plan';
import { Registry, type ResolvedRecipe, type RunConfig } from './registry';
import { createRunContainer, RunServices } from './run-services';
import type { RunOptions, RunResult } from './run-types';
import { TOKENS, type Logger } from './tokens';
import { Checkpointer, checkOptimizerGroup, RngRestorer } from './trainer/checkpointer';
import { Interrupt, RunInterrupted } from './trainer/interrupt';
import { configAsOverrides, configDiff, RunFolder } from './run-folder';
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

/** The tensors of checkpoint groups. */
function disposeGroups(groups: Record<string, tf.NamedTensorMap>): void {
  tf.dispose(Object.values(groups).flatMap((m) => Object.values(m)));
}

/**
 * Owns seeds, data loading, resume and the per-run child container (Lightning's/mmengine's runner).
 * A run with `outDir` uses a `RunFolder`, locked while the run lasts (an existing run is refused unless
 * `resume` or `overwrite`); `resume` continues from `last/` with the stored config and every random
 * stream where it was, after checking the checkpoint against the run: recipe, config, zoo and plugin
 * versions (`force` takes a changed config or version), then its weights against the model's before
 * any is assigned.
 */
@injectable()
export class Runner {
  constructor(
    @inject(TOKENS.Registry) private readonly registry: Registry,
    @inject(TOKENS.Logger) private readonly log: Logger,
    @inject(TOKENS.BackendInfo) private readonly backend: BackendInfo,
    @inject(TOKENS.Container) private readonly container: DependencyContainer,
  ) {}

  async run(recipeId: string, opts: RunOptions = {}): Promise<RunResult> {
    assertDataDir(opts.dataDir);
    const resolved = this.registry.resolve(recipeId);
    if (opts.resume && !opts.outDir) throw new ZooError('--resume needs --out DIR (the folder of an earlier run)');
    if (opts.force && !opts.resume) throw new ZooError('--force only applies with --resume (to accept a changed config)');
    // the folder stays locked for the whole run, failed or not
    const folder = opts.outDir ? RunFolder.open(opts.outDir, { ...opts, log: (m) => this.log.warn(m) }) : undefined;
    try {
      return await this.runIn(recipeId, resolved, folder, opts);
    } finally {
      folder?.close();
    }
  }

  private async runIn(recipeId: string, resolved: ResolvedRecipe, folder: RunFolder | undefined, opts: RunOptions): Promise<RunResult> {
    const ck = opts.resume ? loadCheckpoint(path.join(opts.outDir!, 'last'), { warn: (m) => this.log.warn(m) }) : undefined;
    const versions = currentVersions(resolved.plugin.meta);
    let config: RunConfig;
    try {
      config = folder && ck ? this.resumedConfig(recipeId, resolved, folder, ck, opts) : this.registry.resolveConfig(resolved, opts.set ?? []);
    } catch (err) {
      if (ck) disposeGroups(ck.groups);
      throw err;
    }
    if (!ck && opts.seed !== undefined) config.seed = opts.seed;
    if (folder && !ck) folder.writeConfig(recipeId, config);
    const t0 = performance.now();
    // the run's child container: the one channel for run services (trainers `@inject` them)
    const child = createRunContainer(this.container, config.seed, opts.dataDir, opts.progress);
    const services = child.resolve(RunServices);

    let dataset: Dataset | undefined;
    let model: Model;
    try {
      dataset = await resolved.dataset.load(config.data, services.datasetContext());
      model = resolved.model.create(config.model, services.modelContext(dataset));
    } catch (err) {
      if (ck) disposeGroups(ck.groups);
      dataset?.dispose();
      throw err;
    }
    try {
      const meta = { recipe: recipeId, config, backend: this.backend.name, ...versions };
      let resume: ResumeState | undefined;
      if (ck) {
        try {
          resume = this.checkedResume(ck, model);
        } catch (err) {
          disposeGroups(ck.groups);
          throw err;
        }
        model.setWeights(ck.groups.model);
        tf.dispose(Object.values(ck.groups.model));
        this.log.info(`resuming ${recipeId} at epoch ${resume.epoch} from ${path.join(opts.outDir!, 'last')}`);
      }
      const callbacks = [...(opts.callbacks ?? [])];
      let checkpointer: Checkpointer | undefined;
      if (opts.outDir) {
        const every = Number((config.trainer as { checkpointEvery?: number }).checkpointEvery ?? 50);
        checkpointer = new Checkpointer(opts.outDir, every, meta, services.rngStreams);
        callbacks.push(checkpointer);
        // no saved states at all (a checkpoint without `zoo.rng`) is checked too: the run's streams must each have one
        if (resume && ck) callbacks.push(new RngRestorer(services.rngStreams, { states: resume.rng ?? {}, file: ck.file, force: opts.force, log: this.log }));
      }
      const interrupt = opts.signal ? new Interrupt(opts.signal, checkpointer) : undefined;
      if (interrupt) callbacks.push(interrupt);
      const trainer = child.resolve(resolved.trainer.trainer);
      let fit;
      try {
        fit = await trainer.fit({ model, dataset, config: config.trainer, metrics: resolved.metrics, callbacks, resume });
      } finally {
        if (resume) disposeGroups(resume.extraWeights);
      }
      if (interrupt?.fired) {
        const { signal, epoch } = interrupt.fired;
        throw new RunInterrupted(signal, epoch, checkpointer?.lastDir, opts.resumeHint);
      }
      // metrics computed on NaN scores are never reported: finite weights before testing, finite metrics after
      const lastGood = checkpointer?.lastGoodCheckpoint() ?? NO_CHECKPOINT;
      assertFiniteWeights(model, `the end of training (epoch ${fit.epochs}), before testing`, lastGood);
      const test = trainer.evaluate(model, dataset, 'test', resolved.metrics);
      assertFiniteMetrics(test.metrics, 'test', `testing after epoch ${fit.epochs}`, lastGood);
      const chance: Record<string, number> = {};
      for (const m of resolved.metrics) {
        const c = chanceOf(m, { dataset, split: 'test' });
        if (c !== undefined) chance[m.name] = c;
      }
      const result: RunResult = {
        recipe: recipeId,
        config,
        metrics: test.metrics,
        ...(Object.keys(chance).length ? { chance } : {}),
        epochs: fit.epochs,
        bestEpoch: fit.state.extra.bestEpoch as number | undefined,
        seconds: (performance.now() - t0) / 1000,
        backend: this.backend.name,
        data: dataSourceOf(dataset.meta),
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
   * A loaded checkpoint as the fit's resume state, once it fits `model`: the epoch and early stopping's
   * state typed, the `model` (and `best`) weights named, shaped and typed as the model's own, the
   * optimizer slots well-formed (the trainer checks them against its variables when it restores them).
   */
  private checkedResume(ck: LoadedCheckpoint, model: Model): ResumeState {
    const { epoch, extra } = checkResumeMeta(ck.meta, ck.file);
    const own = model.getWeights();
    checkGroupFits(ck.groups.model, own, 'model', ck.file);
    if (ck.groups.best) checkGroupFits(ck.groups.best, own, 'best', ck.file);
    if (ck.groups.optimizer) checkOptimizerGroup(ck.groups.optimizer, ck.file);
    const { model: _m, ...extraWeights } = ck.groups;
    return { epoch, extra, extraWeights, rng: ck.meta.rng, file: ck.file };
  }

  /**
   * The config a `--resume` continues with: the stored one (`config.json`) with `--set` on top. A
   * field (or the seed) that differs from the stored value is refused, each named, unless `force`:
   * then the change is written to config.json and recorded in `resumes.jsonl`. The same for a
   * checkpoint written by another major.minor of the core or of the recipe's plugin.
   */
  private resumedConfig(recipeId: string, resolved: ResolvedRecipe, folder: RunFolder, ck: LoadedCheckpoint, opts: RunOptions): RunConfig {
    const ckMeta = ck.meta;
    const stored = folder.stored(ckMeta);
    if (ckMeta.recipe === undefined) throw new CheckpointError(ck.file, 'zoo.recipe', `missing (a resumable checkpoint names its recipe; resuming ${recipeId})`);
    if (ckMeta.recipe !== recipeId) throw new CheckpointError(ck.file, 'zoo.recipe', `is for ${ckMeta.recipe}, not ${recipeId}`);
    if (stored.recipe !== recipeId) throw new ZooError(`run ${stored.file} is for ${stored.recipe}, not ${recipeId}`);
    const versions = versionChanges(ckMeta, currentVersions(resolved.plugin.meta), ck.file);
    if (versions.length && !opts.force) throw new ZooError(`--resume of a checkpoint from another zoo version: ${versions.join('; ')} (add --force to resume it anyway)`);
    const config = this.registry.resolveConfig(resolved, [...configAsOverrides(stored.config), ...(opts.set ?? [])]);
    if (opts.seed !== undefined) config.seed = opts.seed;
    const changes = configDiff(stored.config, config, stored.file);
    if (changes.length === 0 && versions.length === 0) return config;
    if (changes.length && !opts.force) throw new ZooError(`--resume with another config than the run's: ${changes.join('; ')} (add --force to resume with it anyway)`);
    this.log.warn(`resuming with a changed ${changes.length ? 'config' : 'zoo version'} (--force): ${[...changes, ...versions].join('; ')}`);
    if (changes.length) folder.writeConfig(recipeId, config);
    folder.recordForcedResume(ckMeta.epoch ?? 0, [...changes, ...versions]);
    return config;
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
    assertDataDir(opts.dataDir);
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
        if (done.get(recipe.id) === expected.get(recipe.id)) opts.onRecipeDone?.(rowsFor(recipe, prior, this.backend.name, this.unitsOf(recipe), this.directionsOf(recipe)));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.jobs ?? 1) }, worker));
    return recipes.flatMap((r) => rowsFor(r, outcomes.get(r.id)!, this.backend.name, this.unitsOf(r), this.directionsOf(r)));
  }

  /** Each metric's direction (higher is better?); none for a recipe that does not resolve. */
  private directionsOf(recipe: Recipe): Record<string, boolean> {
    try {
      return Object.fromEntries(this.registry.resolve(recipe.id).metrics.map((m) => [m.name, m.higherIsBetter]));
    } catch {
      return {};
    }
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

/**
 * A `--data-dir` that does not exist is an error naming it: datasets would otherwise fall back to their
 * embedded copies without a word (a typo in the path silently ran on other data).
 */
export function assertDataDir(dataDir: string | undefined): void {
  if (dataDir === undefined) return;
  let isDir = false;
  try {
    isDir = fs.statSync(dataDir).isDirectory();
  } catch {
    throw new ZooError(`--data-dir ${path.resolve(dataDir)}: no such folder`);
  }
  if (!isDir) throw new ZooError(`--data-dir ${path.resolve(dataDir)}: not a folder`);
}
