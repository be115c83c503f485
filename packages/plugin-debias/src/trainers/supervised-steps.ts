import { disposeOptimizer, tf } from '@zoo/core';
import type { ImageDataset } from '@zoo/vision';
import { crossEntropyPerExample, generalizedCrossEntropy } from '../losses/gce';
import type { MaskedNet } from '../models/masked-net';
import { l2, makeOptimizer, optimizerStep, stepDecay, type BaseConfig, type StageRunner } from './loop';

export interface TrainedNet {
  model: MaskedNet;
  /** `ce` for the main classifier, `gce` for a bias-capturing one. */
  loss: 'ce' | 'gce';
}

/**
 * Plain (unweighted) training of one or more networks on the same shuffled batches, each with its own
 * optimizer: ERM (one net, CE), DCWP's pre-training (f with CE and f_b with GCE, q = 0.7), JTT's first run.
 * `next` draws the batch indices (shuffled passes, or a weighted sampler for up-weighted runs).
 * Returns the main (first) net's loss per step through the runner.
 */
export async function trainNets(runner: StageRunner, name: string, nets: TrainedNet[], dataset: ImageDataset, c: BaseConfig & { q?: number }, iters: number, next: () => Int32Array): Promise<void> {
  const opts = nets.map(() => makeOptimizer(c.optimizer, c.lr));
  const wd = c.optimizer === 'sgd' ? c.weightDecay : 0;
  const vars = nets.map((n) => n.model.trainableVariables());
  const kept = opts.map((_, k) => `${name.replace(/[^A-Za-z0-9_-]+/g, '_')}-opt${k}`);
  try {
    for (let k = 0; k < opts.length; k++) await runner.keep.optimizer(kept[k], opts[k]);
    await runner.stage(name, iters, (it, firstStep) => {
      const b = dataset.batchAt('train', next(), true);
      let first = Number.NaN;
      nets.forEach((net, k) => {
        stepDecay(opts[k], c, it, c.lr, firstStep);
        const v = optimizerStep(opts[k], vars[k], () => {
          const { logits, features } = net.model.run(b.x, true);
          features.dispose();
          const per = net.loss === 'gce' ? generalizedCrossEntropy(logits, b.labels, c.q ?? 0.7) : crossEntropyPerExample(logits, b.labels);
          const loss = tf.mean(per) as tf.Scalar;
          return wd > 0 ? tf.add(loss, l2(vars[k], wd)) : loss;
        });
        // the main net's loss, or a non-finite one of any net (a diverged bias model fails the run too)
        if (k === 0 || !Number.isFinite(v)) first = v;
      });
      b.dispose();
      return first;
    });
  } finally {
    kept.forEach((k) => runner.keep.drop(k));
    opts.forEach(disposeOptimizer);
  }
}

/** A copy of every weight (JTT restarts from the initial weights, as the code reloads its step-0 checkpoint). */
export function snapshot(model: MaskedNet): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [k, t] of Object.entries(model.getWeights())) out[k] = tf.clone(t);
  return out;
}

export function restore(model: MaskedNet, weights: tf.NamedTensorMap): void {
  model.setWeights(weights);
  tf.dispose(Object.values(weights));
}

