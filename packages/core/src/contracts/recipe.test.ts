import { accuracy } from '../metrics';
import { definePlugin, type ZooPlugin } from '../plugin';
import { toyPlugin } from '../testing';
import type { Metric } from './metric';
import { recipeMetricProblems, type Recipe } from './recipe';

const smoke = toyPlugin.recipes[0];
const spikes: Metric = { name: 'spikes', higherIsBetter: false, unit: 'count', compute: () => 0 };
const known = new Map<string, Metric>([
  ['accuracy', accuracy],
  ['spikes', spikes],
]);
const withRecipe = (r: Partial<Recipe>, extra: Partial<ZooPlugin> = {}): ZooPlugin => ({ ...toyPlugin, ...extra, recipes: [{ ...smoke, ...r }] });

describe('recipe checks against metric units', () => {
  it('every smoke recipe with an accuracy-like headline declares beats; others may not', () => {
    const { beats: _b, ...bare } = smoke;
    expect(recipeMetricProblems(bare, known)).toEqual([expect.stringMatching(/^a smoke recipe with an accuracy-like headline \(accuracy\) must declare beats/)]);
    expect(recipeMetricProblems({ ...bare, tier: 'cpu' }, known)).toEqual([]);
    expect(recipeMetricProblems({ ...bare, metrics: ['spikes'], paper: undefined }, known)).toEqual([]);
    expect(() => definePlugin(withRecipe({ beats: undefined }))).toThrow(/^recipe toy\/softmax@blobs: a smoke recipe with an accuracy-like headline \(accuracy\) must declare beats: \{ chance, margin \}/);
  });

  it('beats is validated: its fields, its metric, a reachable target for a fraction', () => {
    expect(recipeMetricProblems({ ...smoke, beats: { chance: 0.25, margin: -1 } }, known)).toEqual([expect.stringMatching(/^beats\.margin: /)]);
    expect(recipeMetricProblems({ ...smoke, beats: { chance: 0.25, margin: 0.1, bogus: 1 } as never }, known)).toEqual([expect.stringMatching(/^beats\.\(root\): .*bogus|^beats\.bogus/)]);
    expect(recipeMetricProblems({ ...smoke, beats: { chance: 0.25, margin: 0.1, metric: 'mrr' } }, known)).toEqual(["beats.metric 'mrr' is not one of its metrics (accuracy, micro_f1)"]);
    expect(recipeMetricProblems({ ...smoke, beats: { chance: 25, margin: 10 } }, known)).toEqual(['beats.chance 25: accuracy is a fraction, expected 0..1']);
    expect(recipeMetricProblems({ ...smoke, beats: { chance: 0.9, margin: 0.2 } }, known)).toEqual(['beats: accuracy cannot reach 1.1 (chance 0.9 + margin 0.2), a fraction is 0..1']);
  });

  it("paper values are in the metric's unit: a percentage for a fraction is refused", () => {
    const paper = [{ ...smoke.paper![0], value: 95 }];
    expect(recipeMetricProblems({ ...smoke, paper }, known)).toEqual(['paper value 95 for accuracy: a fraction is 0..1 (write 0.815, not 81.5)']);
    expect(() => definePlugin(withRecipe({ paper }))).toThrow(/^recipe toy\/softmax@blobs: paper value 95 for accuracy/);
  });

  it("definePlugin refuses a plugin metric without a unit (or with one outside the set), naming it", () => {
    const noUnit = { name: 'spikes', higherIsBetter: false, compute: () => 0 } as unknown as Metric;
    expect(() => definePlugin({ ...toyPlugin, metrics: [noUnit] })).toThrow(/^plugin 'toy' metric 'spikes' field unit: /);
    expect(() => definePlugin({ ...toyPlugin, metrics: [{ ...spikes, unit: 'percent' as never }] })).toThrow(/^plugin 'toy' metric 'spikes' field unit: .*fraction.*(got "percent")/);
    expect(() => definePlugin({ ...toyPlugin, metrics: [spikes] })).not.toThrow();
  });
});
