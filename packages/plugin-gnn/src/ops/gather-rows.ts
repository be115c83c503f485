import { tf } from '@zoo/core';
import { unaryOp } from './custom-grad';

/**
 * Rows `index` of X (n×k) with a scatter-add gradient in O(|index|·k). Replaces tf.gather, whose
 * gradient goes through unsortedSegmentSum (missing on wasm, O(segments·E·F) on cpu).
 */
export function gatherRows(x: tf.Tensor2D, index: Int32Array): tf.Tensor2D {
  const [n, k] = x.shape;
  const op = unaryOp((xIn: tf.Tensor) => {
    const src = xIn.dataSync();
    const out = new Float32Array(index.length * k);
    for (let i = 0; i < index.length; i++) {
      const r = index[i];
      if (r < 0 || r >= n) throw new Error(`gatherRows: row ${r} outside 0..${n - 1}`);
      out.set(src.subarray(r * k, r * k + k), i * k);
    }
    return {
      value: tf.tensor2d(out, [index.length, k]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync();
        const dx = new Float32Array(n * k);
        for (let i = 0; i < index.length; i++) {
          const o = index[i] * k;
          for (let j = 0; j < k; j++) dx[o + j] += g[i * k + j];
        }
        return tf.tensor2d(dx, [n, k]);
      },
    };
  });
  return op(x) as tf.Tensor2D;
}
