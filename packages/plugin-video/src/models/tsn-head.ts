import { dropout, tf, type Rng, type VariableStore } from '@zoo/core';
import { expectImage, type Module, type Shape } from '@zoo/vision';
import { clipsOf } from './clip-frames';

/**
 * TSN's classification head (Wang et al., ECCV 2016; the MVFNet code's `TSNClsHead`, spatial_size −1, avg
 * consensus) on frames [N·T, h, w, C] of N clips:
 *   f = mean_{h, w} x             [N·T, C]     (AdaptiveAvgPool2d(1))
 *   f ← dropout(f, p)             training only (p = 0.5 in the MVFNet configs), core's `dropout` with the model's rng
 *   s = f·W + b                   [N·T, K]     W ~ N(0, σ²), σ = `initStd` (0.01), b = 0  (`init_weights`)
 *   logits = mean_t s[n, t]       [N, K]       (average consensus over the T segments)
 * Variables `<name>_w` [C, K], `<name>_b` [K], both regularized. Per frame: params C·K + K, MACs C·K.
 */
export interface TsnHeadSpec {
  channels: number;
  classes: number;
  /** T: frames per clip reaching the head. */
  segments: number;
  dropout?: number;
  initStd?: number;
}

export class TsnHead implements Module {
  readonly channels: number;
  readonly classes: number;
  readonly segments: number;
  readonly dropout: number;
  readonly initStd: number;
  private store?: VariableStore;

  constructor(
    readonly name: string,
    spec: TsnHeadSpec,
    /** The stream dropout masks are drawn from (the model's rng); unused in evaluation. */
    private readonly rng?: Rng,
  ) {
    this.channels = spec.channels;
    this.classes = spec.classes;
    this.segments = spec.segments;
    this.dropout = spec.dropout ?? 0.5;
    this.initStd = spec.initStd ?? 0.01;
    if (!(this.dropout >= 0 && this.dropout < 1)) throw new Error(`${name}: dropout must be in [0, 1), got ${this.dropout}`);
  }

  outputShape(input: Shape): Shape {
    expectImage(this.name, input, this.channels);
    return [this.classes];
  }

  paramCount(): number {
    return this.channels * this.classes + this.classes;
  }

  macCount(): number {
    return this.channels * this.classes;
  }

  create(store: VariableStore, rng: Rng): void {
    const n = this.channels * this.classes;
    store.add(`${this.name}_w`, tf.tensor2d(Float32Array.from({ length: n }, () => this.initStd * rng.normal()), [this.channels, this.classes]), { regularized: true });
    store.add(`${this.name}_b`, tf.zeros([this.classes]), { regularized: true });
    this.store = store;
  }

  /** Per-frame scores s [N·T, K] (before the consensus). */
  frameScores(x: tf.Tensor, training: boolean): tf.Tensor2D {
    if (!this.store) throw new Error(`${this.name}: create(store, rng) was not called before apply`);
    const v = this.store.getWeights();
    return tf.tidy(() => {
      let f = tf.mean(x, [1, 2]) as tf.Tensor2D;
      if (training && this.dropout > 0) {
        if (!this.rng) throw new Error(`${this.name}: training with dropout needs the model's rng`);
        f = dropout(f, this.dropout, this.rng);
      }
      return tf.add(tf.matMul(f, v[`${this.name}_w`] as tf.Tensor2D), v[`${this.name}_b`]) as tf.Tensor2D;
    });
  }

  apply(x: tf.Tensor, training: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      const n = clipsOf(x, this.segments, this.name).shape[0];
      const s = this.frameScores(x, training);
      return tf.mean(tf.reshape(s, [n, this.segments, this.classes]), 1) as tf.Tensor2D;
    });
  }
}
