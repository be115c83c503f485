import { glorotUniform, StoreModel, tf, z, type Batch, type ForwardOptions, type ModelDef, type Rng } from '@zoo/core';
import { PAPER } from '../papers';

/** A batch of examples: features [N, F] or images [N, H, W, C] (flattened to N × H·W·C), int32 labels [N]. */
export interface FeatureBatch extends Batch {
  x: tf.Tensor;
  labels: tf.Tensor1D;
}

/**
 * Softmax regression (the scaffold's example model; replace it with the paper's, citing its equations):
 *   logits = x·W + b,   x: [N, F], W: [F, K] (Glorot uniform), b: [K] (zeros)  →  logits: [N, K]
 * trained with softmax cross-entropy by the trainer. W is L2-regularized (the trainer's weight decay).
 */
export class SoftmaxRegression extends StoreModel<FeatureBatch> {
  constructor(features: number, classes: number, rng: Rng) {
    super();
    this.store.add('w', glorotUniform(rng, features, classes), { regularized: true });
    this.store.add('b', tf.zeros([classes]));
  }

  forward(batch: FeatureBatch, _opts: ForwardOptions): tf.Tensor2D {
    const { w, b } = this.store.getWeights();
    return tf.tidy(() => {
      const x = batch.x.rank === 2 ? (batch.x as tf.Tensor2D) : tf.reshape(batch.x, [batch.x.shape[0], -1]) as tf.Tensor2D;
      return tf.add(tf.matMul(x, w as tf.Tensor2D), b) as tf.Tensor2D;
    });
  }
}

export const softmaxRegressionConfigSchema = z.object({}).strict();

export const softmaxRegressionModel: ModelDef<typeof softmaxRegressionConfigSchema> = {
  id: 'softmax',
  task: 'classification',
  description: 'Softmax regression (the scaffold\'s example)',
  paper: PAPER,
  configSchema: softmaxRegressionConfigSchema,
  create: (_c, { dataset, rng }) => {
    const features = dataset.meta.numFeatures;
    if (!features) throw new Error(`softmax: dataset '${dataset.id}' does not say its number of features (meta.numFeatures)`);
    return new SoftmaxRegression(features, dataset.meta.numClasses, rng);
  },
};
