import { Rng, tf, VariableStore } from '@zoo/core';
import { Conv2d, countModel } from '@zoo/vision';
import { TemporalShift } from './temporal-shift';

describe('TemporalShift (TSM blockres)', () => {
  it('hand case: 1/8 of the channels take frame t + 1, the next 1/8 take t − 1, zeros at the ends; then the wrapped conv', () => {
    // one clip of T = 3 frames, 1×1 pixels, C = 8 (fold 1): x[t, c] = 10·t + c + 1
    const x = tf.tensor4d(Float32Array.from({ length: 24 }, (_, i) => 10 * Math.floor(i / 8) + (i % 8) + 1), [3, 1, 1, 8]);
    const conv = new Conv2d('c', { cin: 8, cout: 8, k: 1 });
    const tsm = new TemporalShift('s', conv, 3);
    const store = new VariableStore();
    tsm.create(store, new Rng(1));
    store.setWeights({ c_w: tf.reshape(tf.eye(8), [1, 1, 8, 8]) });
    const before = tf.memory().numTensors;
    const y = tsm.apply(x, true);
    expect(tf.memory().numTensors).toBe(before + 1);
    // prettier-ignore
    expect(Array.from(y.dataSync())).toEqual([
      11, 0, 3, 4, 5, 6, 7, 8,
      21, 2, 13, 14, 15, 16, 17, 18,
      0, 12, 23, 24, 25, 26, 27, 28,
    ]);
    tf.dispose([x, y]);
    store.dispose();
  });

  it('clips do not mix: the first frame of clip 2 takes nothing from clip 1; gradient = the opposite shift', () => {
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 2 * 16 }, (_, i) => i + 1), [4, 1, 1, 16]);
    const tsm = new TemporalShift('s', new Conv2d('c', { cin: 16, cout: 16, k: 1 }), 2);
    const store = new VariableStore();
    tsm.create(store, new Rng(1));
    store.setWeights({ c_w: tf.reshape(tf.eye(16), [1, 1, 16, 16]) });
    const y = tsm.apply(x, false).arraySync() as number[][][][];
    // fold 2: frame 2 (clip 2, t = 0) channels 2, 3 are zero, not frame 1's
    expect([y[2][0][0][2], y[2][0][0][3]]).toEqual([0, 0]);
    expect([y[1][0][0][0], y[1][0][0][1]]).toEqual([0, 0]);
    const g = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(tsm.apply(xx, true), tf.range(0, 64).reshape([4, 1, 1, 16]))))(x).arraySync() as number[][][][];
    // ∂L/∂x[t, c] for c < fold is g[t − 1, c]: frame 1 channel 0 gets g[0, 0] = 0, frame 3 channel 1 gets g[2, 1] = 33
    expect(g[1][0][0][0]).toBe(0);
    expect(g[3][0][0][1]).toBe(33);
    expect(g[0][0][0][0]).toBe(0); // nothing reads frame 0's first fold
    expect(g[2][0][0][0]).toBe(0); // frame 2 starts clip 2: not g[1, 0] = 16 from clip 1
    expect(g[2][0][0][2]).toBe(3 * 16 + 2); // channel 2 (second fold) of frame 2 feeds frame 3
    expect(g[2][0][0][5]).toBe(2 * 16 + 5); // unshifted channels pass g through
    tf.dispose(x);
    store.dispose();
  });

  it('counts only the wrapped conv', () => {
    const conv = new Conv2d('c', { cin: 64, cout: 32, k: 1 });
    expect(countModel(new TemporalShift('s', conv, 8), [7, 7, 64])).toMatchObject({ params: 64 * 32, macs: 49 * 64 * 32, output: [7, 7, 32] });
  });
});
