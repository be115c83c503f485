import { tf, type Rng, type VariableStore } from '@zoo/core';
import { kaimingNormalInit, type WeightInit } from './init';
import { expectImage, windowOut, type Shape } from './layer';
import { created, type Module } from './module';

/**
 * 2-D convolution, NHWC with an HWIO kernel W [k, k, C_in, C_out] (variable `<name>_w`, optional bias
 * `<name>_b` [C_out]), zero padding p on each side:
 *   y[n, i, j, o] = Σ_{u, v, c} x[n, s·i + u − p, s·j + v − p, c] · W[u, v, c, o] (+ b[o])
 *   H' = ⌊(H + 2p − k)/s⌋ + 1;  params = k²·C_in·C_out (+ C_out);  MACs = H'·W'·k²·C_in·C_out.
 * Weights default to torchvision's ResNet init (kaiming normal, fan_out); a bias starts at 0.
 */
export interface Conv2dSpec {
  cin: number;
  cout: number;
  k: number;
  stride?: number;
  pad?: number;
  bias?: boolean;
  init?: WeightInit;
}

export class Conv2d implements Module {
  readonly cin: number;
  readonly cout: number;
  readonly k: number;
  readonly stride: number;
  readonly pad: number;
  readonly bias: boolean;
  private store?: VariableStore;

  constructor(
    readonly name: string,
    private readonly spec: Conv2dSpec,
  ) {
    ({ cin: this.cin, cout: this.cout, k: this.k } = spec);
    this.stride = spec.stride ?? 1;
    this.pad = spec.pad ?? 0;
    this.bias = spec.bias ?? false;
  }

  get kernelShape(): [number, number, number, number] {
    return [this.k, this.k, this.cin, this.cout];
  }

  outputShape(input: Shape): Shape {
    const [h, w] = expectImage(this.name, input, this.cin);
    return [windowOut(h, this.k, this.stride, this.pad), windowOut(w, this.k, this.stride, this.pad), this.cout];
  }

  paramCount(): number {
    return this.k * this.k * this.cin * this.cout + (this.bias ? this.cout : 0);
  }

  macCount(input: Shape): number {
    const [h, w] = this.outputShape(input);
    return h * w * this.k * this.k * this.cin * this.cout;
  }

  create(store: VariableStore, rng: Rng): void {
    const init = this.spec.init ?? kaimingNormalInit('fan_out');
    store.add(`${this.name}_w`, tf.tensor4d(init(rng, this.kernelShape), this.kernelShape), { regularized: true });
    if (this.bias) store.add(`${this.name}_b`, tf.zeros([this.cout]), { regularized: true });
    this.store = store;
  }

  apply(x: tf.Tensor): tf.Tensor4D {
    const v = created(this.store, this.name).getWeights();
    const p = this.pad;
    const padding = p === 0 ? 'valid' : ([[0, 0], [p, p], [p, p], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]]);
    return tf.tidy(() => {
      const y = tf.conv2d(x as tf.Tensor4D, v[`${this.name}_w`] as tf.Tensor4D, this.stride, padding);
      return this.bias ? (tf.add(y, v[`${this.name}_b`]) as tf.Tensor4D) : y;
    });
  }
}
