import { tf, type Rng } from '@zoo/core';
import { unaryOp } from './custom-grad';

/**
 * Inverted dropout on typed arrays: y = x·m/(1−p), m ~ Bernoulli(1−p), ∂x = ∂y·m/(1−p); the mask comes
 * from an inline xorshift32 seeded by the run's generator (p resolved to 1/65536). tf.dropout draws
 * through seedrandom at ~20 ns a value, which dominated Cluster-GCN steps on 2866-wide inputs.
 */
export function fastDropout<T extends tf.Tensor>(x: T, rate: number, rng: Rng): T {
  if (rate <= 0) return x;
  if (rate >= 1) throw new Error(`dropout rate must be < 1, got ${rate}`);
  const op = unaryOp((xIn: tf.Tensor) => {
    const v = xIn.dataSync() as Float32Array;
    const scale = 1 / (1 - rate);
    const mask = new Float32Array(v.length);
    const out = new Float32Array(v.length);
    // xorshift32 seeded from the run's generator, two 16-bit uniforms per draw (rate resolution 2^-16)
    let s = (Math.floor(rng.next() * 4294967295) | 1) >>> 0;
    const threshold = Math.round(rate * 65536);
    for (let i = 0; i < v.length; i += 2) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      const m0 = scale * +((s & 0xffff) >= threshold); // branch-free: a random branch mispredicts half the time
      mask[i] = m0;
      out[i] = v[i] * m0;
      if (i + 1 < v.length) {
        const m1 = scale * +(s >>> 16 >= threshold);
        mask[i + 1] = m1;
        out[i + 1] = v[i + 1] * m1;
      }
    }
    return {
      value: tf.tensor(out, xIn.shape) as T,
      gradFunc: (dy: tf.Tensor) => {
        const d = dy.dataSync();
        const g = new Float32Array(d.length);
        for (let i = 0; i < d.length; i++) g[i] = d[i] * mask[i];
        return tf.tensor(g, dy.shape);
      },
    };
  });
  return op(x);
}
