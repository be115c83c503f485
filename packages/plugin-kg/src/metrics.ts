import type { ChanceContext, Metric } from '@zoo/core';
import { alignmentMetrics } from './csls';

/** Metrics over pairs embedded side by side ([n, 2D], see alignmentMetrics); one CSLS pass per output tensor. */
const cache = new WeakMap<object, ReturnType<typeof alignmentMetrics>>();
function of(outputs: Parameters<Metric['compute']>[0]) {
  let m = cache.get(outputs);
  if (!m) {
    m = alignmentMetrics(outputs as never);
    cache.set(outputs, m);
  }
  return m;
}

/** Candidates each query is ranked against: the split's pairs (undefined for an empty split). */
function candidates({ dataset, split }: ChanceContext): number | undefined {
  const n = dataset.meta.sizes[split];
  return n > 0 ? n : undefined;
}

/** Chance levels of a uniformly random ranking of n candidates: Hits@k = min(k, n)/n, MRR = (1 + 1/2 + ... + 1/n)/n. */
const hitsChance = (k: number) => (ctx: ChanceContext) => {
  const n = candidates(ctx);
  return n === undefined ? undefined : Math.min(k, n) / n;
};
function mrrChance(ctx: ChanceContext): number | undefined {
  const n = candidates(ctx);
  if (n === undefined) return undefined;
  let h = 0;
  for (let r = 1; r <= n; r++) h += 1 / r;
  return h / n;
}

export const hitsAt1: Metric = { name: 'hits_at_1', higherIsBetter: true, unit: 'fraction', chance: hitsChance(1), compute: (o) => of(o).hits_at_1 };
export const hitsAt10: Metric = { name: 'hits_at_10', higherIsBetter: true, unit: 'fraction', chance: hitsChance(10), compute: (o) => of(o).hits_at_10 };
export const mrr: Metric = { name: 'mrr', higherIsBetter: true, unit: 'fraction', chance: mrrChance, compute: (o) => of(o).mrr };
