import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { registerBlasForTests } from './blas-for-tests';
import { allocOutput, allocZeroed, markOutputsSharingInputs, poolCounters, release, setBufferPool } from './buffer-pool';

/**
 * The output-array pool (buffer-pool.ts): arrays of disposed tensors are reused, never when they may
 * still be referenced (read out, viewed, shared).
 */
const available = registerBlasForTests('output-array pool tests');

const N = 64 * 1024; // above the pool's minimum size

function valuesOf(t: tf.Tensor): Float32Array {
  return ((tf.backend() as MathBackendCPU).data.get(t.dataId) as { values: Float32Array }).values;
}

(available ? describe : describe.skip)('output-array pool', () => {
  let was = true;
  beforeAll(async () => {
    await tf.setBackend('blas');
    was = setBufferPool(true);
  });
  afterAll(async () => {
    setBufferPool(was);
    await tf.setBackend('cpu');
  });

  const ones = () => tf.fill([N], 1);

  it('reuses the array of a disposed kernel output for the next output of that size, and overwrites it fully', () => {
    const a = ones();
    const y1 = tf.add(a, a); // 2s
    const first = valuesOf(y1);
    y1.dispose();
    const reusedBefore = poolCounters.reused;
    const y2 = tf.mul(a, tf.scalar(3)); // 3s, into the recycled array
    expect(valuesOf(y2)).toBe(first);
    expect(poolCounters.reused).toBe(reusedBefore + 1);
    const v = valuesOf(y2);
    expect(v[0]).toBe(3);
    expect(v[N - 1]).toBe(3);
    tf.dispose([a, y2]);
  });

  it('never recycles an array that was read out (dataSync), so the caller’s copy stays intact', () => {
    const a = ones();
    const y = tf.add(a, a);
    const read = y.dataSync() as Float32Array; // on cpu memory this is the tensor's own array
    y.dispose();
    const z = tf.mul(a, tf.scalar(5));
    expect(valuesOf(z)).not.toBe(read);
    expect(read[0]).toBe(2);
    expect(read[N - 1]).toBe(2);
    tf.dispose([a, z]);
  });

  it('never recycles an array that a tfjs kernel made a view of (contiguous slice) while the view lives', () => {
    const a = ones();
    const y = tf.add(a, a);
    const s = tf.slice(y, [0], [N / 2]); // tfjs cpu returns a subarray of y's array
    y.dispose();
    const z = tf.mul(a, tf.scalar(7));
    const w = tf.mul(a, tf.scalar(9));
    const sv = valuesOf(s);
    expect(sv[0]).toBe(2);
    expect(sv[N / 2 - 1]).toBe(2);
    tf.dispose([a, s, z, w]);
  });

  it('keeps an array shared under one data id (reshape, identity) until the last reference goes', () => {
    const a = ones();
    const y = tf.add(a, a);
    const r = tf.reshape(y, [N / 4, 4]);
    y.dispose();
    const z = tf.mul(a, tf.scalar(11));
    expect(valuesOf(z)).not.toBe(valuesOf(r));
    expect(valuesOf(r)[5]).toBe(2);
    tf.dispose([a, r, z]);
  });

  it('a kernel reading the backend’s own array does not escape it; allocZeroed clears a recycled array', () => {
    const a = ones();
    const y = tf.add(a, a);
    const arr = valuesOf(y);
    expect(arr).toBe(valuesOf(y));
    y.dispose();
    const z = allocZeroed(N);
    expect(z).toBe(arr);
    expect(z.every((v) => v === 0)).toBe(true);
    expect(allocOutput(16).length).toBe(16); // small arrays are plain allocations
    a.dispose();
  });

  it('after a kernel that allocates from the pool, its own outputs are recycled and only one sharing an input’s array is not', () => {
    const input = allocOutput(N);
    const own = allocOutput(N);
    const ids = { input: {}, own: {}, alias: {}, view: {} };
    const values = new Map<object, Float32Array>([[ids.input, input], [ids.own, own], [ids.alias, input], [ids.view, input.subarray(0, N / 2)]]);
    const info = (dataId: object) => ({ dataId, shape: [values.get(dataId)!.length], dtype: 'float32' as const });
    markOutputsSharingInputs({ x: info(ids.input) }, [info(ids.own), info(ids.alias), info(ids.view)], (t) => values.get(t.dataId));
    const released = poolCounters.released;
    release(own);
    expect(poolCounters.released).toBe(released + 1);
    release(input); // escaped: an output kept its array under another id
    expect(poolCounters.released).toBe(released + 1);
    expect(allocOutput(N)).toBe(own);
  });

  it('with the pool off every output is a fresh array', () => {
    setBufferPool(false);
    try {
      const a = ones();
      const y = tf.add(a, a);
      const first = valuesOf(y);
      y.dispose();
      const z = tf.add(a, a);
      expect(valuesOf(z)).not.toBe(first);
      tf.dispose([a, z]);
    } finally {
      setBufferPool(true);
    }
  });
});

describe('output-array pool at its cap', () => {
  it('evicts the lengths asked for least recently to keep the current workload\'s arrays (never the other way round)', () => {
    const prev = process.env.ZOO_BLAS_POOL_MB;
    process.env.ZOO_BLAS_POOL_MB = '1'; // 1 MiB: four arrays of 64 Ki floats
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pool = require('./buffer-pool') as typeof import('./buffer-pool');
      pool.setBufferPool(true);
      const A = 64 * 1024;
      const B = 32 * 1024;
      const olds = [1, 2, 3, 4].map(() => pool.allocOutput(A));
      olds.forEach((a) => pool.release(a));
      expect(pool.pooledMegabytes()).toBeCloseTo(1.048576, 6); // full
      const b = pool.allocOutput(B); // a new workload's length
      pool.release(b);
      expect(pool.pooledMegabytes()).toBeCloseTo(0.131072, 6); // the four stale arrays went, b stayed
      expect(pool.allocOutput(B)).toBe(b);
      // fill the cap with the current length, then release an array of the stale one: it is dropped, nothing evicted
      const bs = Array.from({ length: 8 }, () => pool.allocOutput(B));
      bs.forEach((x) => pool.release(x));
      expect(pool.pooledMegabytes()).toBeCloseTo(1.048576, 6);
      pool.release(olds[0]);
      expect(pool.pooledMegabytes()).toBeCloseTo(1.048576, 6);
      expect(pool.allocOutput(A)).not.toBe(olds[0]);
      expect(bs).toContain(pool.allocOutput(B));
    });
    if (prev === undefined) delete process.env.ZOO_BLAS_POOL_MB;
    else process.env.ZOO_BLAS_POOL_MB = prev;
  });
});
