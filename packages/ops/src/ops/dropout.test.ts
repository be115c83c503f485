import * as tf from '@tensorflow/tfjs-core';
import { ZooDropout, type DropoutStream } from '../kernel-names';
import { describeOpAgainstComposition, expectNoLeaks } from '../testing';
import { testSeeds, useTestBackend } from '../testing/test-backends';
import { dropout } from './dropout';
import { dropoutMask } from './dropout-mask';

const det = (n: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 0.91) * 2 + 0.5);

/** The mask as a tensor times x: dropout as a plain tfjs composition, drawing the seed the op's way. */
function composition(x: tf.Tensor, rate: number, seeds: ReturnType<typeof testSeeds>, stream: DropoutStream): tf.Tensor {
  const seed = stream === 'xorshift32-16' ? (Math.floor(seeds.next() * 4294967295) | 1) >>> 0 : seeds.nextSeed() | 0;
  const keep = dropoutMask(stream, seed, rate, x.size);
  return tf.tidy(() => tf.mul(x, tf.tensor(Float32Array.from(keep, (k) => k / (1 - rate)), x.shape)));
}

const cases = (stream: DropoutStream) =>
  [0.5, 0.3].map((rate) => ({
    name: `${stream}, rate ${rate}, [40, 25]`,
    inputs: () => [tf.tensor2d(det(1000), [40, 25])],
    op: (x: tf.Tensor) => dropout(x, rate, testSeeds(7), { stream }),
    composition: (x: tf.Tensor) => composition(x, rate, testSeeds(7), stream),
    valueTolerance: 1e-6,
    gradTolerance: 1e-6,
  }));
describeOpAgainstComposition(ZooDropout, [...cases('mulberry32'), ...cases('xorshift32-16')]);

/** core's former dropout (mulberry32 mask, y = keep·scale·x in float64), kept here as the reference. */
function formerCoreDropout(xv: Float32Array, rate: number, seed: number): { y: Float32Array; dx: Float32Array } {
  const scale = 1 / (1 - rate);
  const n = xv.length;
  const keep = new Uint8Array(n);
  let state = seed | 0;
  for (let i = 0; i < n; i++) {
    let t = (state = (state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    keep[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 >= rate ? 1 : 0;
  }
  const y = new Float32Array(n);
  const dx = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = keep[i] * scale * xv[i];
  for (let i = 0; i < n; i++) dx[i] = keep[i] * scale * 1;
  return { y, dx };
}

/** plugin-gnn's former fastDropout (xorshift32, 16-bit uniforms, a float32 mask for the gradient). */
function formerFastDropout(v: Float32Array, rate: number, u: number): { y: Float32Array; dx: Float32Array } {
  const scale = 1 / (1 - rate);
  const mask = new Float32Array(v.length);
  const out = new Float32Array(v.length);
  let s = (Math.floor(u * 4294967295) | 1) >>> 0;
  const threshold = Math.round(rate * 65536);
  for (let i = 0; i < v.length; i += 2) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const m0 = scale * +((s & 0xffff) >= threshold);
    mask[i] = m0;
    out[i] = v[i] * m0;
    if (i + 1 < v.length) {
      const m1 = scale * +(s >>> 16 >= threshold);
      mask[i + 1] = m1;
      out[i + 1] = v[i + 1] * m1;
    }
  }
  const dx = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) dx[i] = 1 * mask[i];
  return { y: out, dx };
}

describe('dropout', () => {
  beforeAll(useTestBackend);
  const x = () => tf.tensor1d(det(10_001));

  for (const rate of [0.5, 0.3, 0.77])
    it(`keeps the exact draws of both former implementations, value and gradient (rate ${rate})`, () => {
      const xt = x();
      const xv = xt.dataSync() as Float32Array;
      const bits = (a: ArrayLike<number>) => Array.from(a, (v) => Object.is(v, -0) ? 'negzero' : v);
      for (const stream of ['mulberry32', 'xorshift32-16'] as const) {
        const ref = stream === 'mulberry32' ? formerCoreDropout(xv, rate, testSeeds(3).nextSeed()) : formerFastDropout(xv, rate, testSeeds(3).next());
        const { value, grad } = tf.tidy(() => {
          const r = tf.valueAndGrad((t: tf.Tensor) => tf.sum(dropout(t, rate, testSeeds(3), { stream })))(xt);
          return { value: dropout(xt, rate, testSeeds(3), { stream }).dataSync(), grad: r.grad.dataSync() };
        });
        expect(bits(value)).toEqual(bits(ref.y));
        expect(bits(grad)).toEqual(bits(ref.dx));
      }
      xt.dispose();
    });

  it('keeps ≈ 1 − rate of the values (both streams), is seeded, copies at rate 0 and rejects rate 1; no leaks', async () => {
    const n = 100_000;
    const xt = tf.ones([n]);
    for (const stream of ['mulberry32', 'xorshift32-16'] as const) {
      const kept = tf.tidy(() => dropout(xt, 0.3, testSeeds(7), { stream }).notEqual(0).sum().dataSync()[0]);
      expect(Math.abs(kept / n - 0.7)).toBeLessThan(0.01);
      tf.tidy(() => {
        const a = dropout(xt, 0.3, testSeeds(7), { stream }).dataSync();
        expect(Array.from(dropout(xt, 0.3, testSeeds(7), { stream }).dataSync())).toEqual(Array.from(a));
        expect(Array.from(dropout(xt, 0.3, testSeeds(8), { stream }).dataSync())).not.toEqual(Array.from(a));
      });
    }
    const copy = dropout(xt, 0, testSeeds(7));
    expect(copy).not.toBe(xt);
    expect(copy.sum().dataSync()[0]).toBe(n);
    expect(() => dropout(xt, 1, testSeeds(7))).toThrow(/rate must be in \[0, 1\), got 1/);
    await expectNoLeaks(() => tf.dispose(tf.grad((t: tf.Tensor) => tf.sum(dropout(t, 0.4, testSeeds(1))))(xt)));
    tf.dispose([xt, copy]);
  });
});
