import { Rng, tf, VariableStore } from '@zoo/core';
import { countModel } from '@zoo/vision';
import { TemporalConv } from './temporal-conv';

describe('TemporalConv (SlowOnly 3×1×1 conv1)', () => {
  const [N, T, H, W, I, O] = [2, 4, 3, 2, 5, 3];

  it('= Σ_j Σ_c x[t + j − 1]·W[j, c, o] in loops (zero frames outside each clip), value and gradient w.r.t. x and W; no leaks', () => {
    const r = new Rng(1);
    const conv = new TemporalConv('c', I, O, T);
    const store = new VariableStore();
    conv.create(store, new Rng(2));
    const wv = store.getWeights().c_w as tf.Variable;
    expect(wv.shape).toEqual([3, 1, I, O]);
    const x = tf.tensor4d(Float32Array.from({ length: N * T * H * W * I }, () => r.normal()), [N * T, H, W, I]);
    const g = tf.tensor4d(Float32Array.from({ length: N * T * H * W * O }, () => r.normal()), [N * T, H, W, O]);
    const before = tf.memory().numTensors;
    const loss = (xx: tf.Tensor) => tf.sum(tf.mul(conv.apply(xx), g)) as tf.Scalar;
    const y = conv.apply(x);
    const gx = tf.grad(loss)(x);
    const { value, grads } = tf.variableGrads(() => loss(x), [wv]);
    const [xs, gs, w] = [x.dataSync(), g.dataSync(), wv.dataSync()];
    const xi = (n: number, t: number, p: number, c: number) => ((n * T + t) * H * W + p) * I + c;
    const yi = (n: number, t: number, p: number, o: number) => ((n * T + t) * H * W + p) * O + o;
    const want = new Float32Array(N * T * H * W * O);
    const wantGx = new Float32Array(xs.length);
    const wantGw = new Float32Array(w.length);
    for (let n = 0; n < N; n++)
      for (let t = 0; t < T; t++)
        for (let p = 0; p < H * W; p++)
          for (let o = 0; o < O; o++)
            for (let j = 0; j < 3; j++) {
              const tt = t + j - 1;
              if (tt < 0 || tt >= T) continue;
              for (let c = 0; c < I; c++) {
                want[yi(n, t, p, o)] += xs[xi(n, tt, p, c)] * w[(j * I + c) * O + o];
                wantGx[xi(n, tt, p, c)] += gs[yi(n, t, p, o)] * w[(j * I + c) * O + o];
                wantGw[(j * I + c) * O + o] += gs[yi(n, t, p, o)] * xs[xi(n, tt, p, c)];
              }
            }
    const worst = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
    expect(y.shape).toEqual([N * T, H, W, O]);
    expect(worst(y.dataSync(), want)).toBeLessThan(1e-4);
    expect(worst(gx.dataSync(), wantGx)).toBeLessThan(1e-4);
    expect(worst(grads[wv.name].dataSync(), wantGw)).toBeLessThan(1e-4);
    tf.dispose([y, gx, value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, g]);
    store.dispose();
  });

  it('counts per frame: 3·C_in·C_out params, 3·C_in·C_out·H·W MACs; kaiming fan_out init (std √(2/(3·C_out)))', () => {
    const conv = new TemporalConv('c', 1024, 512, 8);
    expect(countModel(conv, [14, 14, 1024])).toMatchObject({ params: 3 * 1024 * 512, macs: 3 * 1024 * 512 * 196, output: [14, 14, 512] });
    const store = new VariableStore();
    new TemporalConv('d', 64, 256, 8).create(store, new Rng(3));
    const w = store.getWeights().d_w.dataSync();
    const sd = Math.sqrt(w.reduce((a, b) => a + b * b, 0) / w.length);
    expect(Math.abs(sd / Math.sqrt(2 / (3 * 256)) - 1)).toBeLessThan(0.05);
    store.dispose();
  });
});
