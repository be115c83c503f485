import type { Metric } from '@zoo/core';
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

export const hitsAt1: Metric = { name: 'hits_at_1', higherIsBetter: true, unit: 'fraction', compute: (o) => of(o).hits_at_1 };
export const hitsAt10: Metric = { name: 'hits_at_10', higherIsBetter: true, unit: 'fraction', compute: (o) => of(o).hits_at_10 };
export const mrr: Metric = { name: 'mrr', higherIsBetter: true, unit: 'fraction', compute: (o) => of(o).mrr };
