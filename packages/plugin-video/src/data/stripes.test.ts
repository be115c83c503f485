import { Rng, tf } from '@zoo/core';
import { requireImageShape, type ImageDataset } from '@zoo/vision';
import { stripeSplit, stripesConfigSchema, stripesDataset } from './stripes';

const load = (seed: number) => stripesDataset.load(stripesConfigSchema.parse({}), { rng: new Rng(seed) }) as Promise<ImageDataset>;

describe('stripes dataset (on @zoo/vision ImageDataset)', () => {
  it('is an 8×8×1 uint8 image dataset split 60/20/20; the same seed gives the same pixels', async () => {
    const a = await load(2);
    const b = await load(2);
    expect(requireImageShape(a, 'test')).toEqual([8, 8, 1]);
    expect(a.meta).toMatchObject({ task: 'classification', numClasses: 4, numFeatures: 64, storage: 'uint8', source: 'synthetic', sizes: { train: 180, val: 60, test: 60 } });
    expect(a.splits.train.images).toEqual(b.splits.train.images);
    expect(a.splits.train.labels).toEqual(b.splits.train.labels);
  });

  it('class k is brighter in its band of rows; batches are NHWC in [0, 1]; no leaks', async () => {
    const split = stripeSplit(200, 8, 4, new Rng(7));
    for (let i = 0; i < 200; i++) {
      const k = split.labels[i];
      const row = (r: number) => Array.from(split.images.subarray(i * 64 + r * 8, i * 64 + r * 8 + 8)).reduce((s, v) => s + v, 0) / 8;
      expect(row(2 * k)).toBeGreaterThan(row((2 * k + 4) % 8));
    }
    const ds = await load(3);
    const before = tf.memory().numTensors;
    for (const batch of ds.batches('train', { batchSize: 64 })) {
      expect(batch.x.shape.slice(1)).toEqual([8, 8, 1]);
      const v = batch.x.dataSync();
      expect(v.every((p) => p >= 0 && p <= 1)).toBe(true);
      batch.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    ds.dispose();
  });

  it('rejects more classes than rows', () => {
    expect(() => stripesConfigSchema.parse({ size: 4, classes: 5 })).toThrow(/classes must be at most size/);
  });
});
