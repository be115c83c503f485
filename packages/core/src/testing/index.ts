/**
 * Shared test helpers and the plugin contract suite. Import from `@zoo/core/testing` in a plugin's
 * tests; it uses jest's globals.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { resolveBackend, type BackendInfo } from '../backend';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint';
import { createZooContainer } from '../container';
import type { ZooPlugin } from '../plugin';
import type { ServiceRegistration } from '../services';
import { Registry } from '../registry';
import { createRunContainer, RunServices } from '../run-services';
import { Runner } from '../runner';
import { tf } from '../tf';
import { TOKENS } from '../tokens';
import { METRIC_UNITS } from '../contracts/metric';
import { chanceCheckFailure } from './chance';

/** The backend tests run on: `ZOO_TEST_BACKEND` or cpu (deterministic and always present). */
export async function useTestBackend(): Promise<BackendInfo> {
  return resolveBackend(process.env.ZOO_TEST_BACKEND ?? 'cpu');
}

/** A fresh child container per test (never `container.reset()`); `services` override the plugins' defaults. */
export async function testZoo(plugins: ZooPlugin[], services?: ServiceRegistration[]): Promise<DependencyContainer> {
  const backend = await useTestBackend();
  return createZooContainer({ plugins, backend, parent: rootContainer, services });
}

export function tempDir(prefix = 'zoo-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs `fn` and fails if it leaves tensors behind. */
export async function expectNoLeaks<T>(fn: () => Promise<T> | T): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

export interface ContractOptions {
  /** Epoch cap for the smoke runs (keeps the suite fast). */
  maxEpochs?: number;
  /** Overrides for the smoke runs instead of `trainer.maxEpochs` (for trainers counted in steps). */
  set?: string[];
  /**
   * Time limit of each test that trains a smoke recipe (the "learns on its smoke setting" one trains it as
   * declared, uncapped) on the test backend (cpu unless ZOO_TEST_BACKEND says otherwise); default 10 minutes.
   */
  timeoutMs?: number;
}

/**
 * The contract every plugin runs over its own smoke recipes (timm's registry-driven tests):
 * each trains, evaluates to finite metrics in range, saves, reloads into a fresh model with the same
 * predictions, gives the same numbers for the same seed, and leaks no tensors (with the epochs capped);
 * and, trained as declared, beats the chance level it declares (`beats`) by its margin.
 */
export function describePluginContract(plugin: ZooPlugin, opts: ContractOptions = {}): void {
  const maxEpochs = opts.maxEpochs ?? 5;
  const smoke = plugin.recipes.filter((r) => r.tier === 'smoke');

  describe(`plugin contract: ${plugin.meta.name}`, () => {
    it('has smoke recipes, and every recipe resolves with a valid default config', async () => {
      expect(smoke.length).toBeGreaterThan(0);
      const registry = new Registry().register(plugin);
      for (const r of plugin.recipes) expect(() => registry.resolveConfig(registry.resolve(r.id))).not.toThrow();
      expect(registry.listRecipes([`${plugin.meta.name}/*`]).length).toBe(plugin.recipes.length);
    });

    it('every metric declares its unit, and every smoke recipe with an accuracy-like headline declares the chance it beats', () => {
      const registry = new Registry().register(plugin);
      for (const r of plugin.recipes) {
        const metrics = registry.resolve(r.id).metrics;
        for (const m of metrics) expect([r.id, m.name, METRIC_UNITS.includes(m.unit)]).toEqual([r.id, m.name, true]);
        const headline = metrics[0];
        if (r.tier === 'smoke' && headline.unit === 'fraction' && headline.higherIsBetter) expect([r.id, r.beats !== undefined]).toEqual([r.id, true]);
      }
    });

    // ZOO_CONTRACT_LEARNS=0 leaves the uncapped training runs out (CI runs them on one backend of three)
    const learns = process.env.ZOO_CONTRACT_LEARNS !== '0';
    for (const recipe of smoke.filter((r) => r.beats && learns)) {
      const { chance, margin } = recipe.beats!;
      it(`${recipe.id}: learns on its smoke setting (${recipe.beats!.metric ?? recipe.metrics[0]} beats chance ${Number(chance.toFixed(4))} by ${margin})`, async () => {
        const c = await testZoo([plugin]);
        const result = await c.resolve(Runner).run(recipe.id);
        expect(chanceCheckFailure(recipe, c.resolve<Registry>(TOKENS.Registry).resolve(recipe.id).metrics, result)).toBeNull();
      }, opts.timeoutMs ?? 600_000);
    }

    for (const recipe of smoke) {
      it(`${recipe.id}: trains, evaluates, saves, reloads, is deterministic, leaks nothing`, async () => {
        const c = await testZoo([plugin]);
        const runner = c.resolve(Runner);
        const registry = c.resolve<Registry>(TOKENS.Registry);
        const set = opts.set ?? [`trainer.maxEpochs=${maxEpochs}`];
        const before = tf.memory().numTensors;
        const out = tempDir();
        const a = await runner.run(recipe.id, { set, outDir: out });
        const b = await runner.run(recipe.id, { set });
        expect(tf.memory().numTensors).toBe(before);
        for (const m of recipe.metrics) {
          expect(Number.isFinite(a.metrics[m])).toBe(true);
          expect(a.metrics[m]).toBe(b.metrics[m]);
        }

        // reload the final checkpoint into a fresh model: same predictions on the test split
        const resolved = registry.resolve(recipe.id);
        const config = registry.resolveConfig(resolved, set);
        const run = createRunContainer(c, config.seed);
        const services = run.resolve(RunServices);
        const dataset = await resolved.dataset.load(config.data, services.datasetContext());
        const model = resolved.model.create(config.model, services.modelContext(dataset));
        const ck = loadCheckpoint(path.join(out, 'final'));
        model.setWeights(ck.groups.model);
        tf.dispose(Object.values(ck.groups.model));
        const trainer = run.resolve(resolved.trainer.trainer);
        const again = trainer.evaluate(model, dataset, 'test', resolved.metrics);
        for (const m of recipe.metrics) expect(again.metrics[m]).toBeCloseTo(a.metrics[m], 6);
        // saving and loading round-trips the weights exactly
        const out2 = path.join(out, 'copy');
        await saveCheckpoint(out2, { groups: { model: model.getWeights() }, meta: {} });
        const ck2 = loadCheckpoint(out2);
        for (const [k, t] of Object.entries(model.getWeights())) {
          expect(Array.from(ck2.groups.model[k].dataSync())).toEqual(Array.from(t.dataSync()));
        }
        tf.dispose(Object.values(ck2.groups.model));
        model.dispose();
        dataset.dispose();
        expect(tf.memory().numTensors).toBe(before);
        fs.rmSync(out, { recursive: true, force: true });
      }, opts.timeoutMs ?? 600_000);
    }
  });
}
export { toyPlugin, blobsDataset, blobsFileDataset, softmaxModel } from './toy-plugin';
export { expectExactResume, type ResumeCheck, type ResumeOutcome } from './resume';
export { assertBeatsChance, chanceCheckFailure } from './chance';
