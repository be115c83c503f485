import { Rng, tf, VariableStore } from '@zoo/core';
import { Conv2d, countModel, type Module, type Shape } from '@zoo/vision';
import { MultiViewFusion, type MvfMode } from './mvf';

/** The wrapped conv replaced by y = x, so the fused input itself is observed. */
class Identity implements Module {
  readonly name = 'id';
  outputShape(s: Shape): Shape {
    return s;
  }
  paramCount(): number {
    return 0;
  }
  macCount(): number {
    return 0;
  }
  create(): void {}
  apply(x: tf.Tensor): tf.Tensor {
    return x.clone();
  }
}

const randn = (r: Rng, shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.normal()), shape);

/** The three views as one 3×3×3 depthwise kernel K[a][b][d][k]: a cross through the centre. */
function crossKernel(c: number, wT: Float32Array, wH?: Float32Array, wW?: Float32Array): number[][][][] {
  const K = [0, 1, 2].map(() => [0, 1, 2].map(() => [0, 1, 2].map(() => new Array<number>(c).fill(0))));
  for (let j = 0; j < 3; j++) {
    for (let k = 0; k < c; k++) {
      K[j][1][1][k] += wT[j * c + k];
      if (wH) K[1][j][1][k] += wH[j * c + k];
      if (wW) K[1][1][j][k] += wW[j * c + k];
    }
  }
  return K;
}

/**
 * Direct 3-D depthwise convolution (cross-correlation, zero padding 1) of the first c of C channels of clips
 * x [N, T, H, W, C] (flat, row-major), its adjoint for ∂L/∂x, and ∂L/∂K for L = Σ y·g.
 */
function conv3dLoops(x: Float32Array, g: Float32Array, dims: number[], c: number, K: number[][][][]) {
  const [N, T, H, W, C] = dims;
  const at = (n: number, t: number, i: number, j: number, k: number) => (((n * T + t) * H + i) * W + j) * C + k;
  const inside = (t: number, i: number, j: number) => t >= 0 && t < T && i >= 0 && i < H && j >= 0 && j < W;
  const y = new Float32Array(N * T * H * W * c);
  const gx = new Float32Array(x.length);
  const gK = [0, 1, 2].map(() => [0, 1, 2].map(() => [0, 1, 2].map(() => new Array<number>(c).fill(0))));
  for (let n = 0; n < N; n++)
    for (let t = 0; t < T; t++)
      for (let i = 0; i < H; i++)
        for (let j = 0; j < W; j++)
          for (let k = 0; k < c; k++) {
            let s = 0;
            const gy = g[at(n, t, i, j, k)];
            for (let a = 0; a < 3; a++)
              for (let b = 0; b < 3; b++)
                for (let d = 0; d < 3; d++) {
                  const [tt, ii, jj] = [t + a - 1, i + b - 1, j + d - 1];
                  if (!inside(tt, ii, jj)) continue;
                  const xv = x[at(n, tt, ii, jj, k)];
                  s += K[a][b][d][k] * xv;
                  gx[at(n, tt, ii, jj, k)] += K[a][b][d][k] * gy;
                  gK[a][b][d][k] += gy * xv;
                }
            y[(((n * T + t) * H + i) * W + j) * c + k] = s;
          }
  return { y, gx, gK };
}

const close = (got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-4) => {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst).toBeLessThan(tol);
};

/** Channels [from, to) of [..., C] data, flat. */
function channels(x: Float32Array, C: number, from: number, to: number): Float32Array {
  const out: number[] = [];
  for (let p = 0; p < x.length; p += C) for (let k = from; k < to; k++) out.push(x[p + k]);
  return Float32Array.from(out);
}

const VIEWS: Record<MvfMode, number> = { T: 1, TH: 2, THW: 3 };

describe('MultiViewFusion', () => {
  const dims = [2, 3, 4, 5, 6];
  const [N, T, H, W, C] = dims;

  for (const mode of ['THW', 'TH', 'T'] as MvfMode[]) {
    it(`mode ${mode}: fused channels = a direct 3-D depthwise conv (loops), value and gradients w.r.t. input and kernels; the rest untouched; no leaks`, () => {
      const r = new Rng(11);
      const mvf = new MultiViewFusion('m', new Identity(), { segments: T, channels: C, alpha: 0.5, mode, useHs: false });
      expect(mvf.fused).toBe(3);
      const store = new VariableStore();
      mvf.create(store, new Rng(2));
      const v = store.getWeights();
      const kernels = mvf.kernelNames.map((k) => v[k] as tf.Variable);
      expect(mvf.kernelNames).toEqual(['m_wt', 'm_wh', 'm_ww'].slice(0, VIEWS[mode]));
      const x = randn(r, [N * T, H, W, C]);
      const g = randn(r, [N * T, H, W, C]);
      const before = tf.memory().numTensors;
      const loss = (xx: tf.Tensor) => tf.sum(tf.mul(mvf.apply(xx, true), g)) as tf.Scalar;
      const y = mvf.apply(x, true);
      const gx = tf.grad(loss)(x);
      const { value, grads } = tf.variableGrads(() => loss(x), kernels);
      const xs = x.dataSync() as Float32Array;
      const gs = g.dataSync() as Float32Array;
      const w = kernels.map((k) => k.dataSync() as Float32Array);
      const ref = conv3dLoops(xs, gs, dims, 3, crossKernel(3, w[0], w[1], w[2]));
      const ys = y.dataSync() as Float32Array;
      close(channels(ys, C, 0, 3), ref.y);
      expect(Array.from(channels(ys, C, 3, 6))).toEqual(Array.from(channels(xs, C, 3, 6)));
      // ∂L/∂x: the adjoint on the fused channels, g itself on the others
      const gxs = gx.dataSync() as Float32Array;
      close(channels(gxs, C, 0, 3), channels(ref.gx, C, 0, 3));
      close(channels(gxs, C, 3, 6), channels(gs, C, 3, 6));
      // ∂L/∂w_view[j] = ∂L/∂K on that view's line through the centre
      const lines = [(j: number) => ref.gK[j][1][1], (j: number) => ref.gK[1][j][1], (j: number) => ref.gK[1][1][j]];
      kernels.forEach((k, view) => close(grads[k.name].dataSync(), [0, 1, 2].flatMap((j) => lines[view](j)), 1e-3));
      expect(Number.isFinite(value.dataSync()[0])).toBe(true);
      tf.dispose([y, gx, value, ...Object.values(grads)]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, g]);
      store.dispose();
    });
  }

  it('share: one T kernel, equal to the unshared module with w_H = w_W = w_T (THW and TH)', () => {
    for (const mode of ['THW', 'TH'] as MvfMode[]) {
      const shared = new MultiViewFusion('s', new Identity(), { segments: T, channels: C, alpha: 0.5, mode, share: true, useHs: false });
      const plain = new MultiViewFusion('p', new Identity(), { segments: T, channels: C, alpha: 0.5, mode, useHs: false });
      expect(shared.kernelNames).toEqual(['s_wt']);
      expect(shared.paramCount()).toBe(9);
      expect(plain.paramCount()).toBe(9 * VIEWS[mode]);
      const s1 = new VariableStore();
      const s2 = new VariableStore();
      shared.create(s1, new Rng(3));
      plain.create(s2, new Rng(4));
      const wt = s1.getWeights().s_wt;
      s2.setWeights(Object.fromEntries(plain.kernelNames.map((k) => [k, wt])));
      const x = randn(new Rng(5), [N * T, H, W, C]);
      const [a, b] = [shared.apply(x, true), plain.apply(x, true)];
      close(a.dataSync(), b.dataSync(), 1e-6);
      tf.dispose([x, a, b]);
      s1.dispose();
      s2.dispose();
    }
  });

  it('useHs: BatchNorm3d (batch statistics over N, T, H, W) then hard swish on the fused channels', () => {
    const mvf = new MultiViewFusion('m', new Identity(), { segments: T, channels: C, alpha: 0.5, mode: 'THW' });
    const store = new VariableStore();
    mvf.create(store, new Rng(6));
    expect(Object.keys(store.getWeights())).toEqual(['m_wt', 'm_wh', 'm_ww', 'm_bn_gamma', 'm_bn_beta', 'm_bn_mean', 'm_bn_var']);
    const x = randn(new Rng(7), [N * T, H, W, C]);
    const v = store.getWeights();
    const xs = x.dataSync() as Float32Array;
    const w = mvf.kernelNames.map((k) => v[k].dataSync() as Float32Array);
    const conv = conv3dLoops(xs, new Float32Array(xs.length), dims, 3, crossKernel(3, w[0], w[1], w[2])).y;
    const want = new Float32Array(conv.length);
    for (let k = 0; k < 3; k++) {
      const vals = conv.filter((_, i) => i % 3 === k);
      const mu = vals.reduce((a, b) => a + b, 0) / vals.length;
      const s2 = vals.reduce((a, b) => a + (b - mu) ** 2, 0) / vals.length;
      for (let i = k; i < conv.length; i += 3) {
        const z = (conv[i] - mu) / Math.sqrt(s2 + 1e-5);
        want[i] = (z * Math.min(Math.max(z + 3, 0), 6)) / 6;
      }
    }
    const y = mvf.apply(x, true);
    close(channels(y.dataSync() as Float32Array, C, 0, 3), want);
    expect(Array.from(v.m_bn_mean.dataSync()).some((m) => m !== 0)).toBe(true);
    tf.dispose([x, y]);
    store.dispose();
  });

  it('α·C < 1 is exactly the wrapped conv (C2D): no variables of its own, identical output', () => {
    for (const alpha of [0, 0.1]) {
      const conv = new Conv2d('c', { cin: C, cout: 4, k: 1 });
      const mvf = new MultiViewFusion('m', conv, { segments: T, channels: C, alpha, mode: 'THW' });
      expect(mvf.fused).toBe(0);
      const store = new VariableStore();
      mvf.create(store, new Rng(8));
      expect(Object.keys(store.getWeights())).toEqual(['c_w']);
      const x = randn(new Rng(9), [N * T, H, W, C]);
      const [a, b] = [mvf.apply(x, true), conv.apply(x)];
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      expect(countModel(mvf, [H, W, C])).toMatchObject({ params: countModel(conv, [H, W, C]).params, macs: countModel(conv, [H, W, C]).macs });
      tf.dispose([x, a, b]);
      store.dispose();
    }
  });

  it('counts per frame: 3·c params per kernel (+ 2c BN), 3 MACs per view per fused element; init N(0, 2/(3c))', () => {
    const conv = new Conv2d('c', { cin: 1024, cout: 256, k: 1 });
    const mvf = new MultiViewFusion('m', conv, { segments: 8, channels: 1024, alpha: 0.125, mode: 'THW' });
    const c = countModel(mvf, [14, 14, 1024]);
    expect(c.params).toBe(1024 * 256 + 3 * 3 * 128 + 2 * 128);
    expect(c.macs).toBe(14 * 14 * 1024 * 256 + 3 * 3 * 14 * 14 * 128);
    expect(c.output).toEqual([14, 14, 256]);
    const store = new VariableStore();
    mvf.create(store, new Rng(10));
    for (const k of mvf.kernelNames) {
      const w = store.getWeights()[k].dataSync();
      const sd = Math.sqrt(w.reduce((a, b) => a + b * b, 0) / w.length);
      expect(Math.abs(sd / Math.sqrt(2 / (3 * 128)) - 1)).toBeLessThan(0.1);
    }
    store.dispose();
  });

  it('refuses a frame count that is not a whole number of clips', () => {
    const mvf = new MultiViewFusion('m', new Identity(), { segments: 4, channels: 8, alpha: 0.5, mode: 'T' });
    const store = new VariableStore();
    mvf.create(store, new Rng(1));
    const x = tf.zeros([6, 2, 2, 8]);
    expect(() => mvf.apply(x, false)).toThrow(/6 frames are not a whole number of 4-frame clips/);
    x.dispose();
    store.dispose();
  });
});
