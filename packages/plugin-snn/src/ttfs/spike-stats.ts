import { tf, type Dataset, type SplitName } from '@zoo/core';
import type { ImageBatch } from '@zoo/vision';
import type { Window } from './ttfs-layer';

/** Per-split statistics of a TTFS network against its ReLU twin (the `spikes_per_neuron`, `max_output_diff`, `prediction_mismatch` metrics). */
export interface SpikeStats {
  spikesPerNeuron: number;
  /** max |SNN − twin| output over the split, relative to the twin's output range. */
  maxOutputDiff: number;
  /** Fraction of spikes before their window opens (values larger than the window): 0 for a valid SNN. */
  earlySpikes: number;
  /** Fraction of examples whose SNN prediction (argmax) differs from the twin's. */
  predictionMismatch: number;
}

/** What a network produces for one batch: its SNN outputs and spike times, and the twin's outputs. */
export interface StatsPass {
  snn: tf.Tensor2D;
  twin: tf.Tensor2D;
  times: tf.Tensor[];
  windows: Window[];
}

function argmax(v: ArrayLike<number>, row: number, C: number): number {
  let best = 0;
  for (let c = 1; c < C; c++) if (v[row * C + c] > v[row * C + best]) best = c;
  return best;
}

/** Runs `pass` on the split in batches of 500 (inside tidy) and accumulates the statistics. */
export function spikeStatsOver(dataset: Dataset<ImageBatch>, split: SplitName, pass: (x: tf.Tensor) => StatsPass): SpikeStats {
  let spikes = 0;
  let neurons = 0;
  let early = 0;
  let maxDiff = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let mismatch = 0;
  let examples = 0;
  for (const batch of dataset.batches(split, { batchSize: 500 })) {
    tf.tidy(() => {
      const { snn, twin, times, windows } = pass(batch.x);
      times.forEach((t, l) => {
        const v = t.dataSync();
        // compare in float32: "no spike" is t_max as the tensor holds it (a double t_max may round down)
        const tMax = Math.fround(windows[l].tMax);
        const tMin = Math.fround(windows[l].tMin);
        for (let i = 0; i < v.length; i++) {
          if (v[i] < tMax) spikes++;
          if (v[i] < tMin - 1e-6 * (1 + Math.abs(tMin))) early++;
        }
        neurons += v.length;
      });
      const a = snn.dataSync();
      const b = twin.dataSync();
      const C = snn.shape[1];
      for (let i = 0; i < a.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
        lo = Math.min(lo, b[i]);
        hi = Math.max(hi, b[i]);
      }
      for (let r = 0; r < a.length / C; r++) if (argmax(a, r, C) !== argmax(b, r, C)) mismatch++;
      examples += a.length / C;
    });
    batch.dispose?.();
  }
  return {
    spikesPerNeuron: spikes / Math.max(1, neurons),
    maxOutputDiff: maxDiff / Math.max(1e-12, hi - lo),
    earlySpikes: early / Math.max(1, neurons),
    predictionMismatch: mismatch / Math.max(1, examples),
  };
}
