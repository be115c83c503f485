import type { Dataset, Metric, MetricContext } from '@zoo/core';
import type { ImageBatch } from '@zoo/vision';
import type { SpikeStats } from './spike-stats';

type WithStats = { spikeStats(dataset: Dataset<ImageBatch>, split: MetricContext['split']): SpikeStats };

/** One stats pass per (model, split) and evaluation, shared by the metrics below. */
const cache = new WeakMap<object, { split: string; outputs: object; stats: SpikeStats }>();

function stats(outputs: object, ctx: MetricContext | undefined, name: string): SpikeStats {
  const model = ctx?.model as unknown as Partial<WithStats> | undefined;
  if (!ctx || typeof model?.spikeStats !== 'function') throw new Error(`metric ${name} needs a TTFS network (a model with spikeStats), got ${ctx ? ctx.model.constructor.name : 'no model context'}`);
  const hit = cache.get(ctx.model);
  if (hit && hit.split === ctx.split && hit.outputs === outputs) return hit.stats;
  const s = (model as WithStats).spikeStats(ctx.dataset as Dataset<ImageBatch>, ctx.split);
  cache.set(ctx.model, { split: ctx.split, outputs, stats: s });
  return s;
}

/** Mean number of spikes per hidden neuron and example (each neuron fires at most once). */
export const spikesPerNeuron: Metric = {
  name: 'spikes_per_neuron',
  higherIsBetter: false,
  unit: 'count',
  compute: (outputs, _labels, ctx) => stats(outputs, ctx, 'spikes_per_neuron').spikesPerNeuron,
};

/** max |SNN − ReLU twin| output, relative to the twin's output range (exact mapping: float rounding only). */
export const maxOutputDiff: Metric = {
  name: 'max_output_diff',
  higherIsBetter: false,
  unit: 'ratio',
  compute: (outputs, _labels, ctx) => stats(outputs, ctx, 'max_output_diff').maxOutputDiff,
};

/** Fraction of examples whose SNN prediction differs from its ReLU twin's (exact mapping: 0). */
export const predictionMismatch: Metric = {
  name: 'prediction_mismatch',
  higherIsBetter: false,
  unit: 'fraction',
  compute: (outputs, _labels, ctx) => stats(outputs, ctx, 'prediction_mismatch').predictionMismatch,
};
