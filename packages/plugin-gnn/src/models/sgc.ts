import { z, boundedInt, LIMITS, tf, torchLinearUniform, type Dataset, type ForwardOptions, type ModelDef, type Rng } from '@zoo/core';
import type { NodeBatch } from '../data/graph-data';
import { WU_2019 } from '../papers';
import { GraphModel } from './graph-model';

/**
 * Simple graph convolution (Wu et al. 2019, Eq. 8): logits = Â^K X W + b, i.e. logistic regression
 * on features propagated K times (precomputed once; Â^K X is N×F dense). In the unified framework
 * it is GCN's propagation without nonlinearities (Sec. 3.1).
 */
export const sgcConfigSchema = z
  .object({
    K: boundedInt(0, LIMITS.depth).default(2),
  })
  .strict();

export class Sgc extends GraphModel {
  /** Â^K X, N×F row-major. */
  readonly propagated: Float32Array;
  private readonly F: number;
  private rowsCache = new WeakMap<Int32Array, tf.Tensor2D>();
  private cachedTensors: tf.Tensor[] = [];

  constructor(dataset: Dataset, rng: Rng, config: z.output<typeof sgcConfigSchema>) {
    super(dataset, rng);
    const { features, numClasses } = this.graph;
    this.F = features.cols;
    // Â^K X = Â(...(Â X)): start from dense X, multiply K times (O(K·nnz(Â)·F)).
    let s = features.toDense();
    for (let k = 0; k < config.K; k++) s = this.aHat.mulDense(s, this.F);
    this.propagated = s;
    this.store.add('w', torchLinearUniform(rng, this.F, numClasses), { regularized: true });
    const b = 1 / Math.sqrt(this.F);
    this.store.add('b', tf.tensor1d(rng.uniformArray(numClasses, -b, b)), { regularized: true });
  }

  /** Rows of Â^K X for a batch, built once per index array. */
  private rows(index: Int32Array): tf.Tensor2D {
    let t = this.rowsCache.get(index);
    if (!t) {
      const out = new Float32Array(index.length * this.F);
      for (let i = 0; i < index.length; i++) out.set(this.propagated.subarray(index[i] * this.F, (index[i] + 1) * this.F), i * this.F);
      t = tf.keep(tf.tensor2d(out, [index.length, this.F]));
      this.rowsCache.set(index, t);
      this.cachedTensors.push(t);
    }
    return t;
  }

  forward(batch: NodeBatch, _opts: ForwardOptions): tf.Tensor2D {
    const w = this.store.getWeights();
    return tf.tidy(() => tf.matMul(this.rows(batch.index), w.w as tf.Tensor2D).add(w.b));
  }

  override dispose(): void {
    tf.dispose(this.cachedTensors);
    this.cachedTensors = [];
    this.rowsCache = new WeakMap();
    super.dispose();
  }
}

export const sgcModel: ModelDef<typeof sgcConfigSchema> = {
  id: 'sgc',
  task: 'node-classification',
  description: 'Simple graph convolution: logistic regression on Â^K X (Wu et al. 2019)',
  paper: WU_2019,
  configSchema: sgcConfigSchema,
  create: (config, ctx) => new Sgc(ctx.dataset, ctx.rng, config),
};
