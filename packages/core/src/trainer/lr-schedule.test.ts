import { scheduledLr, warmupFactor, type LrScheduleConfig } from './lr-schedule';

const base: LrScheduleConfig = { lr: 0.015, maxEpochs: 150, schedule: 'step', lrSteps: [90, 130], lrGamma: 0.1, warmupIters: 100, warmupRatio: 0.01 };

describe('learning-rate schedules (mmcv LrUpdaterHook)', () => {
  it("step: ×γ at every step epoch reached (MVFNet's K400 config: 0.015, steps 90 and 130)", () => {
    expect(scheduledLr(base, 0)).toBe(0.015);
    expect(scheduledLr(base, 89)).toBe(0.015);
    expect(scheduledLr(base, 90)).toBeCloseTo(0.0015, 12);
    expect(scheduledLr(base, 129)).toBeCloseTo(0.0015, 12);
    expect(scheduledLr(base, 130)).toBeCloseTo(0.00015, 12);
  });

  it('cosine and constant', () => {
    expect(scheduledLr({ ...base, schedule: 'cosine' }, 0)).toBe(0.015);
    expect(scheduledLr({ ...base, schedule: 'cosine' }, 75)).toBeCloseTo(0.0075, 12);
    expect(scheduledLr({ ...base, schedule: 'constant' }, 140)).toBe(0.015);
  });

  it("linear warm-up: mmcv's lr·(1 − (1 − i/n)(1 − ratio)), then 1", () => {
    expect(warmupFactor(base, 0)).toBeCloseTo(0.01, 12);
    expect(warmupFactor(base, 50)).toBeCloseTo(1 - 0.5 * 0.99, 12);
    expect(warmupFactor(base, 99)).toBeCloseTo(1 - 0.01 * 0.99, 12);
    expect(warmupFactor(base, 100)).toBe(1);
    expect(warmupFactor({ ...base, warmupIters: 0 }, 0)).toBe(1);
  });
});
