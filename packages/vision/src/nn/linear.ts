import { tf, type Rng, type VariableStore } from '@zoo/core';
import { torchDefaultUniform } from './init';
import type { Shape } from './layer';
import { created, type Module } from './module';

/**
 * Fully connected layer y = x·W + b, W [in, out] (`<name>_w`), b [out] (`<name>_b`), both initialized
 * as PyTorch's nn.Linear: U(−1/√in, 1/√in), W drawn first. params = in·out + out; MACs = in·out.
 */
export class Linear implements Module {
  private store?: VariableStore;

  constructor(
    readonly name: string,
    readonly cin: number,
    readonly cout: number,
  ) {}

  outputShape(input: Shape): Shape {
    if (input.length !== 1 || input[0] !== this.cin) throw new Error(`${this.name}: expected [${this.cin}] features, got [${input.join(', ')}]`);
    return [this.cout];
  }

  paramCount(): number {
    return this.cin * this.cout + this.cout;
  }

  macCount(): number {
    return this.cin * this.cout;
  }

  create(store: VariableStore, rng: Rng): void {
    store.add(`${this.name}_w`, tf.tensor2d(torchDefaultUniform(rng, this.cin * this.cout, this.cin), [this.cin, this.cout]), { regularized: true });
    store.add(`${this.name}_b`, tf.tensor1d(torchDefaultUniform(rng, this.cout, this.cin)), { regularized: true });
    this.store = store;
  }

  apply(x: tf.Tensor): tf.Tensor2D {
    const v = created(this.store, this.name).getWeights();
    return tf.tidy(() => tf.add(tf.matMul(x as tf.Tensor2D, v[`${this.name}_w`] as tf.Tensor2D), v[`${this.name}_b`]) as tf.Tensor2D);
  }
}
