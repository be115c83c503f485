import { batchNormTraining, StoreModel, tf, z, type ForwardOptions, type ModelDef, type Rng } from '@zoo/core';
import type { BiasedBatch } from '../data/biased-dataset';
import { PARK_2023 } from '../papers';
import { fixedMask, gumbelSigmoidMask, maskCounts } from './gumbel-mask';

/**
 * The Colored-MNIST CNN of the DCWP code (`GateCNN`): three 4×4 stride-2 convolutions (padding 1, no
 * bias) with batch norm and ReLU, global average pooling, a linear classifier; every conv and the linear
 * weight carry a mask logit π (init 1.5). Shapes: x [B, H, W, 3] → features [B, 256] → logits [B, C].
 *
 * Mask modes: `off` (dense; pre-training and the baselines), `sample` (a hard Gumbel-sigmoid mask per
 * step with a straight-through gradient to π: DCWP's pruning stage), `fixed` (1[π ≥ 0], constant:
 * retraining and evaluation of the pruned net).
 */
export const maskedCnnConfigSchema = z
  .object({
    channels: z.array(z.number().int().positive()).min(1).default([64, 128, 256]),
    kernel: z.number().int().positive().default(4),
    /** Initial mask logit (the code: 1.5, so σ(π) ≈ 0.82). */
    maskInit: z.number().default(1.5),
    /** Gumbel-sigmoid temperature. */
    tau: z.number().positive().default(1),
    /** PyTorch's BN momentum: running ← (1 − m)·running + m·batch. */
    bnMomentum: z.number().min(0).max(1).default(0.1),
  })
  .strict();
export type MaskedCnnConfig = z.output<typeof maskedCnnConfigSchema>;

export type MaskMode = 'off' | 'sample' | 'fixed';

const PAD1: [[number, number], [number, number], [number, number], [number, number]] = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

export class MaskedCnn extends StoreModel<BiasedBatch> {
  private mode: MaskMode = 'off';
  private fixed: tf.Tensor[] = [];
  private readonly masked: string[] = [];

  constructor(
    readonly config: MaskedCnnConfig,
    readonly inChannels: number,
    readonly classes: number,
    private readonly rng: Rng,
  ) {
    super();
    const k = config.kernel;
    let cin = inChannels;
    config.channels.forEach((cout, i) => {
      // nn.Conv2d's default init: U(±1/√fan_in)
      const b = 1 / Math.sqrt(cin * k * k);
      this.addMasked(`conv${i + 1}`, tf.tensor4d(rng.uniformArray(k * k * cin * cout, -b, b), [k, k, cin, cout]));
      this.store.add(`bn${i + 1}_gamma`, tf.ones([cout]), { regularized: true });
      this.store.add(`bn${i + 1}_beta`, tf.zeros([cout]), { regularized: true });
      this.store.add(`bn${i + 1}_mean`, tf.zeros([cout]), { trainable: false });
      this.store.add(`bn${i + 1}_var`, tf.ones([cout]), { trainable: false });
      cin = cout;
    });
    const b = 1 / Math.sqrt(cin);
    this.addMasked('fc', tf.tensor2d(rng.uniformArray(cin * classes, -b, b), [cin, classes]));
    this.store.add('fc_b', tf.tensor1d(rng.uniformArray(classes, -b, b)), { regularized: true });
    // 1 once the mask is fixed, so a checkpoint of a pruned net reloads as a pruned net
    this.store.add('mask_fixed', tf.scalar(0), { trainable: false });
  }

  private addMasked(name: string, w: tf.Tensor): void {
    this.store.add(`${name}_w`, w, { regularized: true });
    // trainable for tfjs (the pruning stage's optimizer updates it) but not one of trainableVariables()
    this.store.add(`${name}_pi`, tf.fill(w.shape, this.config.maskInit));
    this.masked.push(name);
  }

  /** A new, independently initialized network of the same shape (the bias model, a fresh JTT run). */
  sibling(rng: Rng): MaskedCnn {
    return new MaskedCnn(this.config, this.inChannels, this.classes, rng);
  }

  /** The weights (not the mask logits): what pre-training and retraining update. */
  override trainableVariables(): tf.Variable[] {
    const pis = new Set(this.maskLogits());
    return this.store.trainable().filter((v) => !pis.has(v));
  }

  /** The mask logits π, one per masked weight: what DCWP's pruning stage updates. */
  maskLogits(): tf.Variable[] {
    const w = this.store.getWeights();
    return this.masked.map((n) => w[`${n}_pi`] as tf.Variable);
  }

  get maskMode(): MaskMode {
    return this.mode;
  }

  /** Switches the mask mode; `fixed` freezes 1[π ≥ 0] as constants until the next switch. */
  setMaskMode(mode: MaskMode): void {
    tf.dispose(this.fixed);
    this.fixed = mode === 'fixed' ? this.maskLogits().map(fixedMask) : [];
    this.mode = mode;
    tf.tidy(() => (this.store.getWeights().mask_fixed as tf.Variable).assign(tf.scalar(mode === 'fixed' ? 1 : 0)));
  }

  /** Restores weights and mask logits; a checkpoint taken with the mask fixed comes back fixed. */
  override setWeights(weights: tf.NamedTensorMap): void {
    super.setWeights(weights);
    this.setMaskMode(this.store.getWeights().mask_fixed.dataSync()[0] === 1 ? 'fixed' : 'off');
  }

  /** Fraction of masked weights the current mask keeps (1 when the mask is off). */
  keptFraction(): number {
    if (this.mode === 'off') return 1;
    const { kept, total } = maskCounts(this.maskLogits());
    return kept / total;
  }

  private weight(i: number): tf.Tensor {
    const name = this.masked[i];
    const w = this.store.getWeights()[`${name}_w`];
    if (this.mode === 'off') return w;
    const m = this.mode === 'fixed' ? this.fixed[i] : gumbelSigmoidMask(this.store.getWeights()[`${name}_pi`], this.rng, this.config.tau);
    return tf.mul(w, m);
  }

  private bn(i: number, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const v = this.store.getWeights();
    const p = `bn${i + 1}`;
    if (!training) return tf.batchNorm(x, v[`${p}_mean`] as tf.Tensor1D, v[`${p}_var`] as tf.Tensor1D, v[`${p}_beta`] as tf.Tensor1D, v[`${p}_gamma`] as tf.Tensor1D, 1e-5);
    const o = batchNormTraining(x, v[`${p}_gamma`] as tf.Tensor1D, v[`${p}_beta`] as tf.Tensor1D, 1e-5);
    const m = this.config.bnMomentum;
    const count = x.size / x.shape[3];
    tf.tidy(() => {
      (v[`${p}_mean`] as tf.Variable).assign(tf.add(tf.mul(v[`${p}_mean`], 1 - m), tf.mul(o.mean, m)));
      (v[`${p}_var`] as tf.Variable).assign(tf.add(tf.mul(v[`${p}_var`], 1 - m), tf.mul(o.variance, (m * count) / Math.max(count - 1, 1))));
    });
    tf.dispose([o.mean, o.variance]);
    return o.y as tf.Tensor4D;
  }

  /** Logits [B, C] and the pooled penultimate features [B, C_last] (SupCon's input). */
  run(x: tf.Tensor4D, training: boolean): { logits: tf.Tensor2D; features: tf.Tensor2D } {
    return tf.tidy(() => {
      let h = x;
      this.config.channels.forEach((_, i) => {
        h = tf.relu(this.bn(i, tf.conv2d(h, this.weight(i) as tf.Tensor4D, 2, PAD1), training));
      });
      const features = tf.mean(h, [1, 2]) as tf.Tensor2D;
      const logits = tf.add(tf.matMul(features, this.weight(this.masked.length - 1) as tf.Tensor2D), this.store.getWeights().fc_b) as tf.Tensor2D;
      return { logits, features };
    });
  }

  forward(batch: BiasedBatch, opts: ForwardOptions): tf.Tensor2D {
    const { logits, features } = this.run(batch.x, opts.training);
    features.dispose();
    return logits;
  }

  override dispose(): void {
    tf.dispose(this.fixed);
    this.fixed = [];
    super.dispose();
  }
}

export const maskedCnn: ModelDef<typeof maskedCnnConfigSchema> = {
  id: 'cmnist-cnn',
  task: 'classification',
  description: "DCWP's Colored-MNIST CNN (3 × conv 4×4/2 + BN + ReLU, pool, linear), every weight maskable",
  paper: PARK_2023,
  configSchema: maskedCnnConfigSchema,
  create(config, ctx) {
    const shape = ctx.dataset.meta.imageShape as [number, number, number] | undefined;
    if (!shape) throw new Error(`cmnist-cnn needs an image dataset; '${ctx.dataset.id}' has no imageShape`);
    return new MaskedCnn(config, shape[2], ctx.dataset.meta.numClasses, ctx.rng);
  },
};
