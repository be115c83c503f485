import { tf } from './tf';
import type { Rng } from './rng';
import { ZooError } from './errors';
import type { ForwardOptions, Model } from './contracts/model';

let storeCounter = 0;

/**
 * Named variables of one model. tfjs variable names are global to the engine, so each store
 * prefixes its own unique id; checkpoints use the short names given here.
 */
export class VariableStore {
  private readonly vars = new Map<string, { v: tf.Variable; regularized: boolean }>();
  private readonly prefix = `zoo${++storeCounter}`;

  add(name: string, init: tf.Tensor, opts: { trainable?: boolean; regularized?: boolean } = {}): tf.Variable {
    if (this.vars.has(name)) throw new ZooError(`variable '${name}' defined twice`);
    const v = tf.variable(init, opts.trainable ?? true, `${this.prefix}/${name}`);
    init.dispose();
    this.vars.set(name, { v, regularized: opts.regularized ?? false });
    return v;
  }

  trainable(): tf.Variable[] {
    return [...this.vars.values()].filter((e) => e.v.trainable).map((e) => e.v);
  }

  regularized(): tf.Variable[] {
    return [...this.vars.values()].filter((e) => e.regularized).map((e) => e.v);
  }

  getWeights(): tf.NamedTensorMap {
    const out: tf.NamedTensorMap = {};
    for (const [k, e] of this.vars) out[k] = e.v;
    return out;
  }

  setWeights(weights: tf.NamedTensorMap): void {
    for (const [k, e] of this.vars) {
      const t = weights[k];
      if (!t) throw new ZooError(`weights lack '${k}'`);
      if (t.shape.join('x') !== e.v.shape.join('x')) {
        throw new ZooError(`weight '${k}': shape [${t.shape}] does not match the model's [${e.v.shape}]`);
      }
      e.v.assign(t);
    }
    const extra = Object.keys(weights).filter((k) => !this.vars.has(k));
    if (extra.length) throw new ZooError(`weights have names the model does not: ${extra.join(', ')}`);
  }

  dispose(): void {
    for (const e of this.vars.values()) e.v.dispose();
    this.vars.clear();
  }
}

/**
 * Base of models whose weights live in one VariableStore (`this.store`): the Model contract's
 * bookkeeping (trainable/regularized variables, named weights for checkpoints, disposal), so a model
 * file holds only its layers and `forward`.
 */
export abstract class StoreModel<B = unknown> implements Model<B> {
  protected readonly store = new VariableStore();

  abstract forward(batch: B, opts: ForwardOptions): tf.Tensor;

  trainableVariables(): tf.Variable[] {
    return this.store.trainable();
  }

  regularizedVariables(): tf.Variable[] {
    return this.store.regularized();
  }

  getWeights(): tf.NamedTensorMap {
    return this.store.getWeights();
  }

  setWeights(weights: tf.NamedTensorMap): void {
    this.store.setWeights(weights);
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** Glorot/Xavier uniform, as in Kipf & Welling's GCN. Shape [fanIn, fanOut]. */
export function glorotUniform(rng: Rng, fanIn: number, fanOut: number): tf.Tensor2D {
  const b = Math.sqrt(6 / (fanIn + fanOut));
  return tf.tensor2d(rng.uniformArray(fanIn * fanOut, -b, b), [fanIn, fanOut]);
}

/** PyTorch's `nn.Linear` default (kaiming uniform, a=√5): U(−1/√fan, 1/√fan). Shape [fanIn, fanOut]. */
export function torchLinearUniform(rng: Rng, fanIn: number, fanOut: number, fan = fanIn): tf.Tensor2D {
  const b = 1 / Math.sqrt(fan);
  return tf.tensor2d(rng.uniformArray(fanIn * fanOut, -b, b), [fanIn, fanOut]);
}
