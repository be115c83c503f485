import { batchNormLayer, tf, type VariableStore } from '@zoo/core';
import { type Shape } from './layer';
import { created, type Module } from './module';

/**
 * Batch norm over the channel (last) axis with PyTorch's running statistics:
 *   y = γ · (x − μ) / √(σ² + ε) + β,   μ, σ² of the batch when training, else the running ones,
 *   running ← (1 − m)·running + m·batch  (m = `momentum`, PyTorch's convention).
 * Variables `<prefix>_gamma` (1), `<prefix>_beta` (0), both regularized, and the non-trainable
 * `<prefix>_mean` (0), `<prefix>_var` (1), added in that order. params = 2C (running stats are buffers).
 */
export function addBatchNormVariables(store: VariableStore, prefix: string, channels: number): void {
  store.add(`${prefix}_gamma`, tf.ones([channels]), { regularized: true });
  store.add(`${prefix}_beta`, tf.zeros([channels]), { regularized: true });
  store.add(`${prefix}_mean`, tf.zeros([channels]), { trainable: false });
  store.add(`${prefix}_var`, tf.ones([channels]), { trainable: false });
}

/** y = batchNorm(x) with the variables `addBatchNormVariables(store, prefix, C)` made. */
export function applyBatchNorm(store: VariableStore, prefix: string, x: tf.Tensor, training: boolean, momentum: number): tf.Tensor {
  const v = store.getWeights();
  const params = { gamma: v[`${prefix}_gamma`] as tf.Tensor1D, beta: v[`${prefix}_beta`] as tf.Tensor1D, mean: v[`${prefix}_mean`] as tf.Variable, variance: v[`${prefix}_var`] as tf.Variable };
  return batchNormLayer(x, params, training, momentum);
}

export class BatchNorm implements Module {
  private store?: VariableStore;

  constructor(
    readonly name: string,
    readonly channels: number,
    readonly momentum = 0.1,
  ) {}

  outputShape(input: Shape): Shape {
    if (input[input.length - 1] !== this.channels) throw new Error(`${this.name}: expected ${this.channels} channels, got [${input.join(', ')}]`);
    return input;
  }

  paramCount(): number {
    return 2 * this.channels;
  }

  macCount(): number {
    return 0;
  }

  create(store: VariableStore): void {
    addBatchNormVariables(store, this.name, this.channels);
    this.store = store;
  }

  apply(x: tf.Tensor, training: boolean): tf.Tensor {
    return applyBatchNorm(created(this.store, this.name), this.name, x, training, this.momentum);
  }
}
