import { StoreModel, tf, type ForwardOptions, type Rng } from '@zoo/core';
import { addBatchNormVariables, applyBatchNorm, type ImageBatch } from '@zoo/vision';
import { fixedMask, gumbelSigmoidMask, maskCounts } from './gumbel-mask';

export type MaskMode = 'off' | 'sample' | 'fixed';

export type Padding = [[number, number], [number, number], [number, number], [number, number]];
export const pad = (p: number): Padding => [
  [0, 0],
  [p, p],
  [p, p],
  [0, 0],
];

/** What every maskable network shares (the code's `GateConv2d`/`GateMLP` and its switches). */
export interface MaskedNetConfig {
  /** Initial mask logit (the code: 1.5, so σ(π) ≈ 0.82). */
  maskInit: number;
  /** Gumbel-sigmoid temperature. */
  tau: number;
  /** PyTorch's BN momentum: running ← (1 − m)·running + m·batch. */
  bnMomentum: number;
}

/**
 * Base of DCWP's maskable networks: every conv and linear weight W has a mask logit π of its shape and
 * is used as W ⊙ m, with the mask mode deciding m: `off` (m = 1: pre-training and the baselines),
 * `sample` (a hard Gumbel-sigmoid sample per step, straight-through to π: the pruning stage), `fixed`
 * (1[π ≥ 0] as constants: retraining and evaluation of the pruned net). Batch norm keeps PyTorch's
 * running statistics. Subclasses define the layers and `run`.
 */
export abstract class MaskedNet extends StoreModel<ImageBatch> {
  private mode: MaskMode = 'off';
  private fixed = new Map<string, tf.Tensor>();
  private readonly masked: string[] = [];

  constructor(
    readonly base: MaskedNetConfig,
    readonly classes: number,
    protected readonly rng: Rng,
  ) {
    super();
    // 1 once the mask is fixed, so a checkpoint of a pruned net reloads as a pruned net
    this.store.add('mask_fixed', tf.scalar(0), { trainable: false });
  }

  /** Logits [B, C] and the pooled penultimate features [B, D] (SupCon's input). */
  abstract run(x: tf.Tensor4D, training: boolean): { logits: tf.Tensor2D; features: tf.Tensor2D };

  /** A new, independently initialized network of the same shape (the bias model, a fresh JTT run). */
  abstract sibling(rng: Rng): MaskedNet;

  /** nn.Conv2d / nn.Linear default init, U(±1/√fan_in), plus the mask logits. */
  protected addMasked(name: string, shape: number[], fanIn: number): void {
    const b = 1 / Math.sqrt(fanIn);
    const n = shape.reduce((a, c) => a * c, 1);
    this.store.add(`${name}_w`, tf.tensor(this.rng.uniformArray(n, -b, b), shape), { regularized: true });
    // trainable for tfjs (the pruning stage's optimizer updates it) but not one of trainableVariables()
    this.store.add(`${name}_pi`, tf.fill(shape, this.base.maskInit));
    this.masked.push(name);
  }

  protected addBn(name: string, c: number): void {
    addBatchNormVariables(this.store, name, c);
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
    tf.dispose([...this.fixed.values()]);
    this.fixed.clear();
    if (mode === 'fixed') {
      const w = this.store.getWeights();
      for (const n of this.masked) this.fixed.set(n, fixedMask(w[`${n}_pi`]));
    }
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

  /** W ⊙ m of a masked layer under the current mode. */
  protected weight(name: string): tf.Tensor {
    const v = this.store.getWeights();
    const w = v[`${name}_w`];
    if (this.mode === 'off') return w;
    const m = this.mode === 'fixed' ? this.fixed.get(name)! : gumbelSigmoidMask(v[`${name}_pi`], this.rng, this.base.tau);
    return tf.mul(w, m);
  }

  protected conv(name: string, x: tf.Tensor4D, stride: number, padding: Padding | 'valid'): tf.Tensor4D {
    return tf.conv2d(x, this.weight(name) as tf.Tensor4D, stride, padding);
  }

  protected bn(name: string, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return applyBatchNorm(this.store, name, x, training, this.base.bnMomentum) as tf.Tensor4D;
  }

  /** features [B, D] → logits [B, C] through the masked linear layer `fc`. */
  protected classify(features: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(features, this.weight('fc') as tf.Tensor2D), this.store.getWeights().fc_b) as tf.Tensor2D;
  }

  protected addClassifier(dim: number): void {
    this.addMasked('fc', [dim, this.classes], dim);
    const b = 1 / Math.sqrt(dim);
    this.store.add('fc_b', tf.tensor1d(this.rng.uniformArray(this.classes, -b, b)), { regularized: true });
  }

  forward(batch: ImageBatch, opts: ForwardOptions): tf.Tensor2D {
    const { logits, features } = this.run(batch.x, opts.training);
    features.dispose();
    return logits;
  }

  override dispose(): void {
    tf.dispose([...this.fixed.values()]);
    this.fixed.clear();
    super.dispose();
  }
}
