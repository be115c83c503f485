import { Rng, tf } from '@zoo/core';
import { ImageDataset, subset } from './image-dataset';

const shape: [number, number, number] = [2, 2, 3];
const floats = () => ({ images: Float32Array.from({ length: 4 * 12 }, (_, i) => i / 100), labels: Int32Array.from([0, 1, 2, 1]), attributes: { bias: Int32Array.from([0, 2, 2, 1]) } });
const empty = { images: new Float32Array(0), labels: new Int32Array(0), attributes: { bias: new Int32Array(0) } };

describe('ImageDataset', () => {
  it('typed meta: image shape, storage, attributes, sizes', () => {
    const ds = new ImageDataset('t', shape, { train: floats(), val: empty, test: floats() }, 3, 'synthetic', undefined, { attributes: ['bias'] });
    expect(ds.meta).toMatchObject({ task: 'classification', numClasses: 3, numFeatures: 12, imageShape: [2, 2, 3], storage: 'float32', attributes: ['bias'], sizes: { train: 4, val: 0, test: 4 } });
    expect(Array.from(ds.attribute('train', 'bias'))).toEqual([0, 2, 2, 1]);
    expect(() => ds.attribute('train', 'colour')).toThrow(/t\/train has no 'colour' attribute \(it has: bias\)/);
  });

  it('unsized batches: the whole split once, cached and owned by the dataset; sized ones in order; no leaks', () => {
    const ds = new ImageDataset('t', shape, { train: floats(), val: empty, test: floats() }, 3, 'synthetic');
    const before = tf.memory().numTensors;
    const [a] = [...ds.batches('test')];
    const [b] = [...ds.batches('test', { batchSize: 10 })];
    expect(b).toBe(a);
    a.dispose(); // a no-op: the cache keeps it
    expect(a.x.shape).toEqual([4, 2, 2, 3]);
    expect(Array.from(a.x.dataSync())).toEqual(Array.from(floats().images));
    expect(Array.from(a.index)).toEqual([0, 1, 2, 3]);
    const parts = [...ds.batches('train', { batchSize: 3 })];
    expect(parts.map((p) => Array.from(p.labels.dataSync()))).toEqual([[0, 1, 2], [1]]);
    parts.forEach((p) => p.dispose());
    ds.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a default batch size replaces the whole-split batch; shuffled order follows the generator', () => {
    const ds = new ImageDataset('t', shape, { train: floats(), val: empty, test: floats() }, 3, 'synthetic', undefined, { defaultBatchSize: 3 });
    const before = tf.memory().numTensors;
    const sizes = [...ds.batches('test')].map((p) => (p.dispose(), p.index.length));
    expect(sizes).toEqual([3, 1]);
    const expected = new Rng(4).shuffle(Int32Array.from([0, 1, 2, 3]));
    const got = [...ds.batches('train', { shuffle: new Rng(4), batchSize: 4 })].map((p) => (p.dispose(), Array.from(p.index)));
    expect(got).toEqual([Array.from(expected)]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('uint8 pixels are scaled by 1/255 then normalized per channel: x = (v/255 − mean_c) / std_c', () => {
    const bytes = Uint8Array.from({ length: 2 * 12 }, (_, i) => (i * 10) % 256);
    const split = { images: bytes, labels: Int32Array.from([0, 1]) };
    const normalize = { mean: [0.5, 0.25, 0], std: [0.5, 2, 1] };
    const ds = new ImageDataset('u', shape, { train: split, val: split, test: split }, 2, 'data-dir', '/x', { normalize });
    expect(ds.meta.storage).toBe('uint8');
    expect(ds.meta.normalization).toEqual(normalize);
    const b = ds.batchAt('train', Int32Array.from([1]));
    const x = b.x.dataSync();
    for (let j = 0; j < 12; j++) {
      const c = j % 3;
      const v = Math.fround(bytes[12 + j] * (1 / 255));
      expect(x[j]).toBe(Math.fround((v - normalize.mean[c]) / normalize.std[c]));
    }
    b.dispose();
    expect(() => new ImageDataset('u', shape, { train: split, val: split, test: split }, 2, 'data-dir', '/x', { normalize: { mean: [0], std: [1] } })).toThrow(/3 means and stds/);
  });

  it('augmented batches: the seeded crop/flip per image, only when asked for', () => {
    const one = { images: Float32Array.from({ length: 12 }, (_, i) => i + 1), labels: Int32Array.from([0]) };
    const aug = (seed: number) => new ImageDataset('a', shape, { train: one, val: one, test: one }, 1, 'synthetic', undefined, { augment: { pad: 1, flip: true, rng: new Rng(seed) } });
    const plain = aug(1).batchAt('train', Int32Array.from([0]));
    expect(Array.from(plain.x.dataSync())).toEqual(Array.from(one.images));
    plain.dispose();
    const seen = new Set<string>();
    for (let seed = 0; seed < 100; seed++) {
      const ds = aug(seed);
      expect(ds.augments).toBe(true);
      const b = ds.batchAt('train', Int32Array.from([0]), true);
      seen.add(Array.from(b.x.dataSync()).join(','));
      b.dispose();
    }
    expect(seen.size).toBeGreaterThan(5);
    expect(seen.has(Array.from(one.images).join(','))).toBe(true);
  });

  it('refuses mismatched sizes and missing attributes', () => {
    expect(() => new ImageDataset('t', shape, { train: { ...floats(), labels: new Int32Array(3) }, val: empty, test: floats() }, 3, 'synthetic')).toThrow(/t\/train: 48 pixel values for 3 images of 2×2×3/);
    expect(() => new ImageDataset('t', shape, { train: { ...floats(), attributes: { bias: new Int32Array(3) } }, val: empty, test: floats() }, 3, 'synthetic', undefined, { attributes: ['bias'] })).toThrow(/3 bias labels for 4 images/);
    expect(() => new ImageDataset('t', shape, { train: { images: floats().images, labels: floats().labels }, val: empty, test: floats() }, 3, 'synthetic', undefined, { attributes: ['bias'] })).toThrow(/t\/train: no 'bias' attribute/);
  });

  it('subset picks images, labels and attributes at the indices, keeping the storage type', () => {
    const s = subset(floats(), 12, Int32Array.from([3, 0]));
    expect(Array.from(s.labels)).toEqual([1, 0]);
    expect(Array.from(s.attributes!.bias)).toEqual([1, 0]);
    expect(s.images[0]).toBe(Math.fround(36 / 100));
    expect(s.images[12]).toBe(0);
    expect(subset({ images: new Uint8Array(24), labels: new Int32Array(2) }, 12, Int32Array.from([1])).images).toBeInstanceOf(Uint8Array);
  });
});
