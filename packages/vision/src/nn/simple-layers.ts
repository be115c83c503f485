import { relu, tf } from '@zoo/core';
import { expectImage, windowOut, type Shape } from './layer';
import type { Module } from './module';

/**
 * Weightless layers (0 parameters, 0 MACs by the counter's convention):
 *   ReLU            y = max(x, 0)                               shape unchanged
 *   MaxPool(k,s,p)  y[i, j, c] = max over the k×k window at (s·i − p, s·j − p)   H' = ⌊(H + 2p − k)/s⌋ + 1
 *                   (padding never wins the max, as PyTorch's −∞ padding)
 *   GlobalAvgPool   y[c] = mean_{i, j} x[i, j, c]               [H, W, C] → [C]
 */
abstract class Weightless implements Module {
  constructor(readonly name: string) {}
  abstract outputShape(input: Shape): Shape;
  abstract apply(x: tf.Tensor, training: boolean): tf.Tensor;
  paramCount(): number {
    return 0;
  }
  macCount(): number {
    return 0;
  }
  create(): void {}
}

export class Relu extends Weightless {
  outputShape(input: Shape): Shape {
    return input;
  }
  apply(x: tf.Tensor): tf.Tensor {
    return relu(x);
  }
}

export class MaxPool extends Weightless {
  constructor(
    name: string,
    readonly k: number,
    readonly stride: number,
    readonly pad: number,
  ) {
    super(name);
  }
  outputShape(input: Shape): Shape {
    const [h, w, c] = expectImage(this.name, input);
    return [windowOut(h, this.k, this.stride, this.pad), windowOut(w, this.k, this.stride, this.pad), c];
  }
  apply(x: tf.Tensor): tf.Tensor4D {
    return tf.maxPool(x as tf.Tensor4D, this.k, this.stride, this.pad);
  }
}

export class GlobalAvgPool extends Weightless {
  outputShape(input: Shape): Shape {
    return [expectImage(this.name, input)[2]];
  }
  apply(x: tf.Tensor): tf.Tensor2D {
    return tf.mean(x, [1, 2]) as tf.Tensor2D;
  }
}
