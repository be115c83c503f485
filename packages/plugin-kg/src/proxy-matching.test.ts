import { Rng, tf } from '@zoo/core';
import { expectNoLeaks } from '@zoo/core/testing';
import { unit } from './dual-amn';
import { proxyMatching } from './proxy-matching';

/** The block as plain tfjs ops (what the fused op replaces). */
function composed(x: tf.Tensor2D, p: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const att = tf.softmax(tf.matMul(unit(x), unit(p), false, true));
  const delta = tf.sub(x, tf.matMul(att, p));
  const gate = tf.sigmoid(tf.add(tf.matMul(delta, w), b));
  return tf.add(tf.mul(gate, x), tf.mul(tf.sub(1, gate), delta)) as tf.Tensor2D;
}

describe('proxy matching (fused)', () => {
  const r = new Rng(11);
  const rand = (shape: [number, number], scale = 1) => tf.tensor2d(Float32Array.from({ length: shape[0] * shape[1] }, () => scale * r.normal()), shape);

  it('value and gradients (x, proxies, gate, bias) equal the tfjs composition, a zero row included; no leaks', async () => {
    const N = 9;
    const D = 6;
    const M = 4;
    const x = tf.tidy(() => {
      const v = rand([N, D]).arraySync();
      v[3] = new Array(D).fill(0); // a clamped norm: no gradient through its length
      return tf.tensor2d(v);
    });
    const p = rand([M, D]);
    const w = rand([D, D], 0.5);
    const b = tf.tensor1d(Float32Array.from({ length: D }, () => 0.3 * r.normal()));
    const c = rand([N, D]);
    const loss = (f: typeof proxyMatching) => (a: tf.Tensor, pp: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.mul(f(a as tf.Tensor2D, pp as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D), c));
    const close = (got: tf.Tensor, want: tf.Tensor) => {
      const wv = want.dataSync();
      // relative: the zero row's gradient is scaled by 1/√1e-12 = 1e6 in both
      got.dataSync().forEach((v, i) => expect(Math.abs(v - wv[i])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(wv[i]))));
    };
    tf.tidy(() => close(proxyMatching(x, p, w, b), composed(x, p, w, b)));
    const gf = tf.grads(loss(proxyMatching))([x, p, w, b]);
    const gc = tf.grads(loss(composed))([x, p, w, b]);
    gf.forEach((t, i) => {
      expect(t.shape).toEqual(gc[i].shape);
      close(t, gc[i]);
    });
    tf.dispose([...gf, ...gc]);
    await expectNoLeaks(() => tf.dispose(tf.grads(loss(proxyMatching))([x, p, w, b])));
    tf.dispose([x, p, w, b, c]);
  });

  it('the output is a gate-weighted mix: g = 0 gives δ = x − att·P, g = 1 gives x', () => {
    tf.tidy(() => {
      const x = rand([5, 3]);
      const p = rand([2, 3]);
      const zero = tf.zeros([3, 3]) as tf.Tensor2D;
      const att = tf.softmax(tf.matMul(unit(x), unit(p), false, true));
      const delta = tf.sub(x, tf.matMul(att, p));
      const closeTo = (a: tf.Tensor, e: tf.Tensor) => Array.from(a.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(e.dataSync()[i], 4));
      closeTo(proxyMatching(x, p, zero, tf.fill([3], -40) as tf.Tensor1D), delta);
      closeTo(proxyMatching(x, p, zero, tf.fill([3], 40) as tf.Tensor1D), x);
    });
  });

  it('names the shapes it expected', () => {
    tf.tidy(() => expect(() => proxyMatching(rand([4, 3]), rand([2, 5]), rand([3, 3]), tf.zeros([3]) as tf.Tensor1D)).toThrow(/proxies \[M, 3\]/));
  });
});
