import { Rng, tf } from '@zoo/core';
import { countModel } from '@zoo/vision';
import { TEMPORAL_POOLS, TemporalMaxPool } from './temporal-pool';

describe('TemporalMaxPool (C2D / TSM temporal pool)', () => {
  for (const [kind, T, out] of [['tsm', 8, 4], ['tsm', 5, 3], ['c2d', 8, 4], ['c2d', 5, 2]] as const) {
    it(`${kind}, T = ${T} → T' = ${out}: max over the window in time, per clip, padding never wins (loops); no leaks`, () => {
      const { kernel: k, stride: s, pad: p } = TEMPORAL_POOLS[kind];
      const pool = new TemporalMaxPool('tp', T, TEMPORAL_POOLS[kind]);
      expect(pool.segmentsOut).toBe(out);
      const [N, P, C] = [2, 3, 2];
      const r = new Rng(4);
      // all negative, so a zero padding would win were it not −∞
      const xs = Float32Array.from({ length: N * T * P * C }, () => -1 - r.next());
      const x = tf.tensor4d(xs, [N * T, P, 1, C]);
      const before = tf.memory().numTensors;
      const y = pool.apply(x);
      expect(tf.memory().numTensors).toBe(before + 1);
      expect(y.shape).toEqual([N * out, P, 1, C]);
      const want: number[] = [];
      for (let n = 0; n < N; n++)
        for (let t = 0; t < out; t++)
          for (let q = 0; q < P * C; q++) {
            let m = -Infinity;
            for (let j = 0; j < k; j++) {
              const tt = s * t + j - p;
              if (tt >= 0 && tt < T) m = Math.max(m, xs[(n * T + tt) * P * C + q]);
            }
            want.push(m);
          }
      expect(Array.from(y.dataSync())).toEqual(want.map(Math.fround));
      tf.dispose([x, y]);
    });
  }

  it('has no parameters or MACs and keeps the per-frame shape', () => {
    expect(countModel(new TemporalMaxPool('tp', 8), [56, 56, 256])).toMatchObject({ params: 0, macs: 0, output: [56, 56, 256] });
  });
});
