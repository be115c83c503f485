import type { Rng, tf, VariableStore } from '@zoo/core';
import type { Layer } from './layer';

/**
 * A layer that also computes: `create` adds its variables to a model's VariableStore (names prefixed
 * by the layer's name, drawing initial values from `rng` in creation order), `apply` runs it on a
 * batch. Counting never needs `create` (see `countModel`).
 */
export interface Module extends Layer {
  create(store: VariableStore, rng: Rng): void;
  apply(x: tf.Tensor, training: boolean): tf.Tensor;
}

/** The store a module was created in, or an error naming the module. */
export function created(store: VariableStore | undefined, name: string): VariableStore {
  if (!store) throw new Error(`${name}: create(store, rng) was not called before apply`);
  return store;
}
