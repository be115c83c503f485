import { DataMissingError, ZooError } from './errors';
import { isAtChance, rowsFor, runSecondsOf, withRunSeconds } from './eval-rows';
import { Plan } from './plan';
import type { RunResult } from './run-types';
import { Runner } from './runner';
import { testZoo, toyPlugin } from './testing';

const recipe = toyPlugin.recipes.find((r) => r.id === 'toy/softmax@blobs')!;
const result = (seconds: number, accuracy = 0.9): RunResult => ({
  recipe: recipe.id,
  config: { seed: 0, model: {}, data: {}, trainer: {} },
  metrics: { accuracy, micro_f1: accuracy },
  epochs: 1,
  seconds,
  backend: 'cpu',
});

describe('eval rows', () => {
  it("carry each metric's unit (value where unknown) and keep mean, std and paper raw", () => {
    const rows = rowsFor(recipe, [{ seed: 0, result: result(1, 0.8), seconds: 1 }, { seed: 1, result: result(1, 0.9), seconds: 1 }], 'cpu', { accuracy: 'fraction' });
    expect(rows.map((r) => [r.metric, r.unit])).toEqual([
      ['accuracy', 'fraction'],
      ['micro_f1', 'value'],
    ]);
    expect(rows[0]).toMatchObject({ seeds: 2, paper: 0.95 });
    expect(rows[0].mean).toBeCloseTo(0.85, 12);
    expect(rows[0].std).toBeCloseTo(Math.SQRT1_2 * 0.1, 12);
  });

  it("carry the chance level (the recipe's beats, else the runs' own) and mark a mean that does not beat it", () => {
    const at = (accuracy: number, chance?: Record<string, number>) => rowsFor(recipe, [{ seed: 0, result: { ...result(1, accuracy), ...(chance ? { chance } : {}) }, seconds: 1 }], 'cpu');
    // accuracy: the recipe's beats.chance 1/3; micro_f1: the run's own, or null without one
    expect(at(0.9).map((r) => [r.chance, r.atChance])).toEqual([
      [1 / 3, false],
      [null, false],
    ]);
    expect(at(0.35, { micro_f1: 0.25 }).map((r) => [r.chance, r.atChance])).toEqual([
      [1 / 3, true], // within 10% of 1/3
      [0.25, false], // 0.35 beats 0.25 by more than 0.025
    ]);
    expect(at(0.1)[0].atChance).toBe(true); // worse than chance is not better than chance
    expect(isAtChance(0.02, 0.01)).toBe(true); // at least a point of tolerance
    expect(isAtChance(0.5, 0.6, false)).toBe(false); // lower is better: well below chance beats it
  });

  it('a skipped recipe says why; the reason is the same on every row (the table prints it once)', () => {
    const rows = rowsFor(recipe, [{ seed: 0, error: new DataMissingError('/d/blobs.csv', 'layout'), seconds: 0 }], 'cpu');
    expect(new Set(rows.map((r) => r.reason)).size).toBe(1);
    expect(rows.every((r) => r.status === 'skipped')).toBe(true);
  });

  it('withRunSeconds tags an error with its run time, invisibly to JSON', () => {
    const e = withRunSeconds(new ZooError('boom'), 0.25);
    expect(runSecondsOf(e)).toBe(0.25);
    expect(runSecondsOf(new Error('x'))).toBeUndefined();
    expect(Object.keys(e)).not.toContain('runSeconds');
  });
});

describe('Runner.evaluate seconds', () => {
  it("are the runs' own time (RunResult.seconds), not the wait for a worker's start-up", async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    const plan = Plan.of([recipe], 2);
    // a worker whose start-up (backend, plugins) comes before the run: evaluate must not count it
    let startedUp = false;
    const startUp = () => new Promise<void>((resolve) => setImmediate(() => ((startedUp = true), resolve())));
    const rows = await runner.evaluate(plan, {
      execute: async (run) => {
        if (!startedUp) await startUp();
        return result(run.seed === 0 ? 1.5 : 2.25);
      },
    });
    expect(rows.map((r) => r.seconds)).toEqual([3.75, 3.75]);
    expect(rows.map((r) => r.unit)).toEqual(['fraction', 'fraction']);
  });

  it("a failed run's time is what its error carries (measured inside the worker)", async () => {
    const runner = (await testZoo([toyPlugin])).resolve(Runner);
    const rows = await runner.evaluate(Plan.of([recipe], 1), { execute: async () => Promise.reject(withRunSeconds(new ZooError('bad data'), 0.5)) });
    expect(rows[0]).toMatchObject({ status: 'failed', reason: 'bad data', seconds: 0.5 });
  });
});
