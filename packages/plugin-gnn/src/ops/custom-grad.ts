import { tf } from '@zoo/core';

/** A one-input op whose forward and backward run on typed arrays (wraps tf.customGrad's loose typing). */
export function unaryOp<T extends tf.Tensor>(
  fn: (x: tf.Tensor) => { value: T; gradFunc: (dy: tf.Tensor) => tf.Tensor },
): (x: tf.Tensor) => T {
  return tf.customGrad(fn as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => T;
}
