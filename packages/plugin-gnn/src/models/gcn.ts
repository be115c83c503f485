import { gatherRows, z, boundedInt, LIMITS, glorotUniform, tf, type Dataset, type ForwardOptions, type ModelDef, type Rng, csrMatMul } from '@zoo/core';
import type { NodeBatch } from '../data/graph-data';
import { KIPF_2017 } from '../papers';
import { GraphModel } from './graph-model';

/**
 * Two-layer GCN (Kipf & Welling 2017, Eq. 9):
 *   Z = Â · dropout(ReLU(Â · dropout(X) · W₀)) · W₁,   Â = D̃^-1/2 (A+I) D̃^-1/2
 * X: N×F sparse, W₀: F×hidden, W₁: hidden×C, no biases (the reference code's default); Glorot
 * init; L2 on W₀ only. In the unified framework it is the K=1 truncation with F₁ = F₂ = I (Sec. 3.1).
 */
export const gcnConfigSchema = z
  .object({
    hidden: boundedInt(1, LIMITS.width).default(16),
    dropout: z.number().min(0).max(0.99).default(0.5),
  })
  .strict();

export class Gcn extends GraphModel {
  constructor(
    dataset: Dataset,
    rng: Rng,
    readonly config: z.output<typeof gcnConfigSchema>,
  ) {
    super(dataset, rng);
    this.store.add('w0', glorotUniform(rng, this.graph.features.cols, config.hidden), { regularized: true });
    this.store.add('w1', glorotUniform(rng, config.hidden, this.graph.numClasses));
  }

  forward(batch: NodeBatch, opts: ForwardOptions): tf.Tensor2D {
    const w = this.store.getWeights();
    const x = this.dropoutSparse(this.graph.features, this.config.dropout, opts.training);
    return tf.tidy(() => {
      const h = tf.relu(csrMatMul(this.aHat, csrMatMul(x, w.w0 as tf.Tensor2D)));
      const z = csrMatMul(this.aHat, tf.matMul(this.dropout(h, this.config.dropout, opts.training), w.w1 as tf.Tensor2D));
      return gatherRows(z, batch.index);
    });
  }
}

export const gcnModel: ModelDef<typeof gcnConfigSchema> = {
  id: 'gcn',
  task: 'node-classification',
  description: 'Two-layer graph convolutional network (Kipf & Welling 2017)',
  paper: KIPF_2017,
  configSchema: gcnConfigSchema,
  create: (config, ctx) => new Gcn(ctx.dataset, ctx.rng, config),
};
