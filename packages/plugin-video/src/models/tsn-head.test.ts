import { Rng, tf, VariableStore } from '@zoo/core';
import { countModel } from '@zoo/vision';
import { TsnHead } from './tsn-head';

describe('TsnHead', () => {
  const spec = { channels: 6, classes: 4, segments: 3 };

  it('logits = mean over the T segments of the per-frame scores (spatial mean · W + b); no leaks', () => {
    const head = new TsnHead('head', spec, new Rng(1));
    const store = new VariableStore();
    head.create(store, new Rng(2));
    const v = store.getWeights();
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 3 * 2 * 2 * 6 }, (_, i) => Math.sin(i)), [6, 2, 2, 6]);
    const before = tf.memory().numTensors;
    const logits = head.apply(x, false);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(logits.shape).toEqual([2, 4]);
    const want = tf.tidy(() => {
      const s = tf.add(tf.matMul(tf.mean(x, [1, 2]) as tf.Tensor2D, v.head_w as tf.Tensor2D), v.head_b);
      return tf.stack([tf.mean(tf.slice(s, [0, 0], [3, 4]), 0), tf.mean(tf.slice(s, [3, 0], [3, 4]), 0)]);
    });
    const [a, b] = [logits.dataSync(), want.dataSync()];
    b.forEach((e, i) => expect(a[i]).toBeCloseTo(e, 6));
    tf.dispose([x, logits, want]);
    store.dispose();
  });

  it('dropout 0.5 in training only, from the model rng (deterministic per seed); init W ~ N(0, 0.01²), b = 0', () => {
    const run = (seed: number, training: boolean) => {
      const head = new TsnHead('head', { channels: 512, classes: 10, segments: 2 }, new Rng(seed));
      const store = new VariableStore();
      head.create(store, new Rng(3));
      const x = tf.ones([4, 1, 1, 512]);
      const y = head.frameScores(x, training);
      const out = Array.from(y.dataSync());
      const w = store.getWeights();
      const stats = { sd: Math.sqrt(w.head_w.dataSync().reduce((a, b) => a + b * b, 0) / w.head_w.size), b: Array.from(w.head_b.dataSync()) };
      tf.dispose([x, y]);
      store.dispose();
      return { out, ...stats };
    };
    const evalA = run(1, false);
    expect(run(2, false).out).toEqual(evalA.out);
    expect(run(1, true).out).toEqual(run(1, true).out);
    expect(run(1, true).out).not.toEqual(evalA.out);
    expect(run(1, true).out).not.toEqual(run(2, true).out);
    expect(Math.abs(evalA.sd / 0.01 - 1)).toBeLessThan(0.05);
    expect(evalA.b).toEqual(new Array(10).fill(0));
  });

  it('counts per frame: C·K + K params, C·K MACs', () => {
    expect(countModel(new TsnHead('head', { channels: 2048, classes: 400, segments: 8 }), [7, 7, 2048])).toMatchObject({ params: 2048 * 400 + 400, macs: 2048 * 400, output: [400] });
  });
});
