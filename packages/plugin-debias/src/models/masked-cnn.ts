import { tf, z, boundedInt, LIMITS, type ModelDef, type Rng } from '@zoo/core';
import { requireImageShape } from '@zoo/vision';
import { PARK_2023 } from '../papers';
import { MaskedNet, pad } from './masked-net';

export const maskSchemaFields = {
  /** Initial mask logit (the code: 1.5, so σ(π) ≈ 0.82). */
  maskInit: z.number().default(1.5),
  /** Gumbel-sigmoid temperature. */
  tau: z.number().positive().default(1),
  /** PyTorch's BN momentum: running ← (1 − m)·running + m·batch. */
  bnMomentum: z.number().min(0).max(1).default(0.1),
};

/**
 * The Colored-MNIST CNN of the DCWP code (`GateCNN`): three 4×4 stride-2 convolutions (padding 1, no
 * bias) with batch norm and ReLU, global average pooling, a linear classifier; every conv and the linear
 * weight maskable. Shapes: x [B, H, W, 3] → features [B, 256] → logits [B, C].
 */
export const maskedCnnConfigSchema = z
  .object({
    channels: z.array(boundedInt(1, LIMITS.width)).min(1).default([64, 128, 256]),
    kernel: boundedInt(1, LIMITS.pixels).default(4),
    ...maskSchemaFields,
  })
  .strict();
export type MaskedCnnConfig = z.output<typeof maskedCnnConfigSchema>;

export class MaskedCnn extends MaskedNet {
  constructor(
    readonly config: MaskedCnnConfig,
    readonly inChannels: number,
    classes: number,
    rng: Rng,
  ) {
    super(config, classes, rng);
    const k = config.kernel;
    let cin = inChannels;
    config.channels.forEach((cout, i) => {
      this.addMasked(`conv${i + 1}`, [k, k, cin, cout], cin * k * k);
      this.addBn(`bn${i + 1}`, cout);
      cin = cout;
    });
    this.addClassifier(cin);
  }

  sibling(rng: Rng): MaskedCnn {
    return new MaskedCnn(this.config, this.inChannels, this.classes, rng);
  }

  run(x: tf.Tensor4D, training: boolean): { logits: tf.Tensor2D; features: tf.Tensor2D } {
    return tf.tidy(() => {
      let h = x;
      this.config.channels.forEach((_, i) => {
        h = tf.relu(this.bn(`bn${i + 1}`, this.conv(`conv${i + 1}`, h, 2, pad(1)), training));
      });
      const features = tf.mean(h, [1, 2]) as tf.Tensor2D;
      return { logits: this.classify(features), features };
    });
  }
}

export const maskedCnn: ModelDef<typeof maskedCnnConfigSchema> = {
  id: 'cmnist-cnn',
  task: 'classification',
  description: "DCWP's Colored-MNIST CNN (3 × conv 4×4/2 + BN + ReLU, pool, linear), every weight maskable",
  paper: PARK_2023,
  configSchema: maskedCnnConfigSchema,
  create(config, ctx) {
    const shape = requireImageShape(ctx.dataset, 'cmnist-cnn');
    return new MaskedCnn(config, shape[2], ctx.dataset.meta.numClasses, ctx.rng);
  },
};

export { type MaskMode } from './masked-net';
