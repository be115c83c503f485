/**
 * Learning-rate schedules of the supervised loop, as mmcv's `LrUpdaterHook`s define them (epoch-based policy,
 * iteration-based warm-up):
 *   constant   lr_e = lr
 *   cosine     lr_e = lr · (1 + cos(π·e / E)) / 2                         (E = maxEpochs)
 *   step       lr_e = lr · γ^{#{s ∈ steps : s ≤ e}}                        (mmcv `policy='step'`, γ = lrGamma)
 * and, for the first `warmupIters` optimizer steps i (counted over the whole fit), mmcv's linear warm-up
 *   lr_i = lr_e · (1 − (1 − i / warmupIters)·(1 − warmupRatio)).
 */
export interface LrScheduleConfig {
  lr: number;
  maxEpochs: number;
  schedule: 'constant' | 'cosine' | 'step';
  lrSteps?: readonly number[];
  lrGamma?: number;
  warmupIters?: number;
  warmupRatio?: number;
}

/** The epoch's learning rate before warm-up. */
export function scheduledLr(c: LrScheduleConfig, epoch: number): number {
  if (c.schedule === 'cosine') return (c.lr * (1 + Math.cos((Math.PI * epoch) / c.maxEpochs))) / 2;
  if (c.schedule === 'step') return c.lr * Math.pow(c.lrGamma ?? 0.1, (c.lrSteps ?? []).filter((s) => s <= epoch).length);
  return c.lr;
}

/** The warm-up factor at optimizer step `iter` (0-based over the fit): 1 once warm-up is over or without one. */
export function warmupFactor(c: LrScheduleConfig, iter: number): number {
  const n = c.warmupIters ?? 0;
  if (n <= 0 || iter >= n) return 1;
  return 1 - (1 - iter / n) * (1 - (c.warmupRatio ?? 0.1));
}
