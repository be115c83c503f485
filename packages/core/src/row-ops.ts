import { tf, typedArrayBackend } from './tf';

/**
 * Row and column data movement with typed-array gradients. tfjs's own versions are slow on the cpu-memory
 * backends: tf.gather's gradient is unsortedSegmentSum (O(segments·rows·F) on cpu, missing on wasm) and
 * tf.concat's is SplitV/Slice (element by element on cpu). Other backends get the tfjs ops.
 */

/** Rows `index` of X [n, k] with a scatter-add gradient in O(|index|·k). */
export function gatherRows(x: tf.Tensor2D, index: Int32Array): tf.Tensor2D {
  const [n, k] = x.shape;
  for (const r of index) if (r < 0 || r >= n) throw new Error(`gatherRows: row ${r} outside 0..${n - 1}`);
  if (!typedArrayBackend()) return tf.tidy(() => tf.gather(x, tf.tensor1d(index, 'int32')));
  const op = tf.customGrad(((xIn: tf.Tensor) => {
    const src = xIn.dataSync() as Float32Array;
    const out = new Float32Array(index.length * k);
    for (let i = 0; i < index.length; i++) out.set(src.subarray(index[i] * k, index[i] * k + k), i * k);
    return {
      value: tf.tensor2d(out, [index.length, k]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        const dx = new Float32Array(n * k);
        for (let i = 0; i < index.length; i++) {
          const o = index[i] * k;
          for (let j = 0; j < k; j++) dx[o + j] += g[i * k + j];
        }
        return tf.tensor2d(dx, [n, k]);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x) as tf.Tensor2D;
}

/** [X₁ ‖ X₂ ‖ …] along columns (all [n, kᵢ]); the gradient is split back by row copies. */
export function concatColumns(xs: tf.Tensor2D[]): tf.Tensor2D {
  if (xs.length === 0) throw new Error('concatColumns: no tensors');
  const n = xs[0].shape[0];
  for (const x of xs) if (x.shape[0] !== n) throw new Error(`concatColumns: row counts differ (${xs.map((t) => t.shape[0]).join(', ')})`);
  if (xs.length === 1) return xs[0].clone();
  if (!typedArrayBackend()) return tf.concat(xs, 1);
  const widths = xs.map((x) => x.shape[1]);
  const K = widths.reduce((a, b) => a + b, 0);
  const op = tf.customGrad(((...args: tf.Tensor[]) => {
    const ins = args.slice(0, xs.length);
    const out = new Float32Array(n * K);
    let off = 0;
    ins.forEach((t, p) => {
      const v = t.dataSync() as Float32Array;
      const w = widths[p];
      for (let i = 0; i < n; i++) out.set(v.subarray(i * w, i * w + w), i * K + off);
      off += w;
    });
    return {
      value: tf.tensor2d(out, [n, K]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync() as Float32Array;
        let o = 0;
        return widths.map((w) => {
          const part = new Float32Array(n * w);
          for (let i = 0; i < n; i++) part.set(g.subarray(i * K + o, i * K + o + w), i * w);
          o += w;
          return tf.tensor2d(part, [n, w]);
        });
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(...xs) as tf.Tensor2D;
}

/**
 * op(A)·op(B) for row-major typed arrays, through the active backend's matMul (sgemm on blas); returns
 * the product's values, owned by the caller. For fused ops that keep their intermediates as typed arrays.
 */
export function matMulArrays(a: Float32Array, aShape: [number, number], b: Float32Array, bShape: [number, number], transA = false, transB = false): Float32Array {
  if (a.length !== aShape[0] * aShape[1] || b.length !== bShape[0] * bShape[1]) throw new Error(`matMulArrays: ${a.length} and ${b.length} values for shapes [${aShape}] and [${bShape}]`);
  const at = tf.tensor2d(a, aShape);
  const bt = tf.tensor2d(b, bShape);
  const c = tf.matMul(at, bt, transA, transB);
  const v = c.dataSync() as Float32Array;
  tf.dispose([at, bt, c]);
  return v;
}
