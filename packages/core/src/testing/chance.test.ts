import { ZooError } from '../errors';
import { Registry } from '../registry';
import { Runner } from '../runner';
import { TOKENS } from '../tokens';
import { assertBeatsChance, chanceCheckFailure, describePluginContract, testZoo, toyPlugin } from './index';

const recipe = toyPlugin.recipes.find((r) => r.id === 'toy/softmax@blobs')!;

describePluginContract(toyPlugin);

describe('the contract: a smoke recipe beats the chance it declares', () => {
  it('a toy recipe at chance (blobs far wider than their distance: no signal) fails the check, naming the numbers', async () => {
    const c = await testZoo([toyPlugin]);
    const metrics = c.resolve<Registry>(TOKENS.Registry).resolve(recipe.id).metrics;
    // centres 2 apart, spread 1000: the classes overlap completely, so the best it can do is guess
    const atChance = await c.resolve(Runner).run(recipe.id, { set: ['data.spread=1000'] });
    expect(atChance.metrics.accuracy).toBeLessThan(0.45);
    expect(chanceCheckFailure(recipe, metrics, atChance)).toMatch(/^toy\/softmax@blobs: accuracy 0\.\d+ does not beat chance 0\.333\d* by its margin 0\.3 \(needs ≥ 0\.633\d*\)/);
    expect(() => assertBeatsChance(recipe, metrics, atChance)).toThrow(ZooError);
    const trained = await c.resolve(Runner).run(recipe.id);
    expect(chanceCheckFailure(recipe, metrics, trained)).toBeNull();
  });

  it('follows the metric: lower-is-better metrics must end below chance − margin', async () => {
    const c = await testZoo([toyPlugin]);
    const lower = [{ name: 'accuracy', higherIsBetter: false, unit: 'fraction' as const, compute: () => 0 }];
    const r = await c.resolve(Runner).run(recipe.id, { set: ['trainer.maxEpochs=1'] });
    const check = { ...recipe, beats: { chance: 0.9, margin: 0.1 } };
    expect(chanceCheckFailure(check, lower, { ...r, metrics: { accuracy: 0.7 } })).toBeNull();
    expect(chanceCheckFailure(check, lower, { ...r, metrics: { accuracy: 0.85 } })).toMatch(/needs ≤ 0\.8/);
    expect(chanceCheckFailure(check, lower, { ...r, metrics: { accuracy: Number.NaN } })).toMatch(/does not beat/);
  });
});
