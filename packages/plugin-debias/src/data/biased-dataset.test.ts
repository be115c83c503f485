import { Rng, tf } from '@zoo/core';
import { biasedImageDataset, conflicting, conflictingCounts, isBiasedImageDataset, upweights, WeightedSampler } from './biased-dataset';

describe('WeightedSampler', () => {
  it('draws in proportion to the weights, with replacement', () => {
    const w = upweights(Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]), 9); // example 0 has half the mass
    const s = new WeightedSampler(w, new Rng(1)).sample(20000);
    const zero = s.filter((k) => k === 0).length / s.length;
    expect(zero).toBeGreaterThan(0.48);
    expect(zero).toBeLessThan(0.52);
    for (let k = 1; k < 10; k++) expect(Math.abs(s.filter((v) => v === k).length / s.length - 1 / 18)).toBeLessThan(0.01);
  });

  it('refuses negative, non-finite or all-zero weights, naming the example', () => {
    expect(() => new WeightedSampler([1, -1], new Rng(1))).toThrow(/weight -1 of example 1/);
    expect(() => new WeightedSampler([Number.NaN], new Rng(1))).toThrow(/example 0/);
    expect(() => new WeightedSampler([0, 0], new Rng(1))).toThrow(/all sampling weights are zero/);
  });
});

describe('biasedImageDataset', () => {
  const split = { images: Float32Array.from({ length: 4 * 2 * 2 * 3 }, (_, i) => i), labels: Int32Array.from([0, 1, 2, 1]), bias: Int32Array.from([0, 2, 2, 1]) };
  const empty = { images: new Float32Array(0), labels: new Int32Array(0), bias: new Int32Array(0) };

  it('marks conflicting examples, batches by index, counts conflicts in meta; no leaks', () => {
    const ds = biasedImageDataset('t', [2, 2, 3], { train: split, val: empty, test: split }, 3, 'synthetic');
    expect(Array.from(conflicting(ds, 'train'))).toEqual([0, 1, 0, 0]);
    expect(conflictingCounts(ds)).toEqual({ train: 1, val: 0, test: 1 });
    expect(isBiasedImageDataset(ds)).toBe(true);
    const before = tf.memory().numTensors;
    const b = ds.batchAt('train', Int32Array.from([3, 1]));
    expect(b.x.shape).toEqual([2, 2, 2, 3]);
    expect(Array.from(b.labels.dataSync())).toEqual([1, 1]);
    expect(b.x.dataSync()[0]).toBe(36);
    b.dispose();
    const sizes = [...ds.batches('test', { batchSize: 3 })].map((x) => {
      x.dispose();
      return x.index.length;
    });
    expect(sizes).toEqual([3, 1]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses mismatched sizes', () => {
    expect(() => biasedImageDataset('t', [2, 2, 3], { train: { ...split, bias: new Int32Array(3) }, val: empty, test: split }, 3, 'synthetic')).toThrow(/3 bias labels for 4 images/);
  });
});
