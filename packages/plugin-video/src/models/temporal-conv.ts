import { tf, type Rng, type VariableStore } from '@zoo/core';
import { expectImage, kaimingNormalInit, type Module, type Shape } from '@zoo/vision';
import { clipsOf } from './clip-frames';

/**
 * SlowOnly's inflated first conv (Feichtenhofer et al., ICCV 2019, Table 1; mmaction2's `ResNet3dSlowOnly`,
 * inflate (0, 0, 1, 1) with style '3x1x1'): a block's 1×1 conv1 becomes a 3×1×1 conv over all channels,
 *   y[n, t, h, w, o] = Σ_{j=0..2} Σ_c x[n, t + j − 1, h, w, c] · W[j, c, o]     (zero frames outside the clip)
 * W [3, 1, C_in, C_out] (variable `<name>_w`), run as one conv2d on clips reshaped to [N, T, H·W, C_in] with
 * padding 1 along T. Init: kaiming normal, fan_out = 3·C_out (mmcv's `kaiming_init` of the Conv3d).
 * Per frame of [H, W, C_in]: params = 3·C_in·C_out, MACs = 3·C_in·C_out·H·W (stride 1, no bias).
 */
export class TemporalConv implements Module {
  private store?: VariableStore;

  constructor(
    readonly name: string,
    readonly cin: number,
    readonly cout: number,
    readonly segments: number,
  ) {}

  get kernelShape(): [number, number, number, number] {
    return [3, 1, this.cin, this.cout];
  }

  outputShape(input: Shape): Shape {
    const [h, w] = expectImage(this.name, input, this.cin);
    return [h, w, this.cout];
  }

  paramCount(): number {
    return 3 * this.cin * this.cout;
  }

  macCount(input: Shape): number {
    const [h, w] = expectImage(this.name, input, this.cin);
    return 3 * this.cin * this.cout * h * w;
  }

  create(store: VariableStore, rng: Rng): void {
    store.add(`${this.name}_w`, tf.tensor4d(kaimingNormalInit('fan_out')(rng, this.kernelShape), this.kernelShape), { regularized: true });
    this.store = store;
  }

  apply(x: tf.Tensor): tf.Tensor4D {
    if (!this.store) throw new Error(`${this.name}: create(store, rng) was not called before apply`);
    const w = this.store.getWeights()[`${this.name}_w`] as tf.Tensor4D;
    return tf.tidy(() => {
      const [n, t, h, wd, c] = clipsOf(x, this.segments, this.name).shape;
      const rows = tf.reshape(x, [n, t, h * wd, c]) as tf.Tensor4D;
      const y = tf.conv2d(rows, w, 1, [[0, 0], [1, 1], [0, 0], [0, 0]]);
      return tf.reshape(y, [n * t, h, wd, this.cout]) as tf.Tensor4D;
    });
  }
}
