import { tf } from '@zoo/core';
import { expectImage, windowOut, type Module, type Shape } from '@zoo/vision';
import { clipsOf } from './clip-frames';

/**
 * A max pool over time between stages (frames [N·T, H, W, C] → [N·T', H, W, C]):
 *   y[n, t', h, w, c] = max_{j < k} x[n, s·t' + j − p, h, w, c],   T' = ⌊(T + 2p − k)/s⌋ + 1
 * (padding never wins the max, as PyTorch's MaxPool3d). Two settings after res2:
 *   'tsm'  k 3, s 2, p 1  mmaction2's `ResNetTSM.make_temporal_pool` (MaxPool3d (3,1,1)/(2,1,1), pad (1,0,0))
 *   'c2d'  k 2, s 2, p 0  mmaction2's `C2D` (`maxpool3d_2`, after the first res layer)
 * Later layers see T' frames per clip. No parameters, no multiply-adds; the per-frame shape is unchanged.
 */
export const TEMPORAL_POOLS = {
  tsm: { kernel: 3, stride: 2, pad: 1 },
  c2d: { kernel: 2, stride: 2, pad: 0 },
} as const;
export type TemporalPoolKind = keyof typeof TEMPORAL_POOLS;

export class TemporalMaxPool implements Module {
  readonly kernel: number;
  readonly stride: number;
  readonly pad: number;
  /** T': frames per clip after the pool. */
  readonly segmentsOut: number;

  constructor(
    readonly name: string,
    readonly segments: number,
    window: { kernel: number; stride: number; pad: number } = TEMPORAL_POOLS.tsm,
  ) {
    ({ kernel: this.kernel, stride: this.stride, pad: this.pad } = window);
    if (this.pad * 2 > this.kernel) throw new Error(`${name}: padding ${this.pad} is more than half the kernel ${this.kernel}`);
    this.segmentsOut = windowOut(segments, this.kernel, this.stride, this.pad);
  }

  outputShape(input: Shape): Shape {
    expectImage(this.name, input);
    return input;
  }

  paramCount(): number {
    return 0;
  }

  macCount(): number {
    return 0;
  }

  create(): void {}

  apply(x: tf.Tensor): tf.Tensor4D {
    return tf.tidy(() => {
      const [n, t, h, w, c] = clipsOf(x, this.segments, this.name).shape;
      const rows = tf.reshape(x, [n, t, h * w, c]) as tf.Tensor4D;
      const p = this.pad;
      const y = tf.maxPool(rows, [this.kernel, 1], [this.stride, 1], p === 0 ? 'valid' : [[0, 0], [p, p], [0, 0], [0, 0]]);
      return tf.reshape(y, [n * this.segmentsOut, h, w, c]) as tf.Tensor4D;
    });
  }
}
