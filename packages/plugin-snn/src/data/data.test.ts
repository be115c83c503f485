import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataCorruptError, Rng, stratifiedSplit } from '@zoo/core';
import { encodeIdx as idxBytes } from '@zoo/vision';
import { digitsDataset, mnistDataset } from './datasets';

describe('image datasets', () => {
  it('stratifiedSplit: exact sizes, disjoint, classes in proportion', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : 1));
    const [a, b, c] = stratifiedSplit(labels, [600, 100, 200], new Rng(1));
    expect([a.length, b.length, c.length]).toEqual([600, 100, 200]);
    expect(new Set([...a, ...b, ...c]).size).toBe(900);
    const ones = Array.from(c).filter((i) => labels[i] === 1).length;
    expect(ones).toBeGreaterThanOrEqual(55);
    expect(ones).toBeLessThanOrEqual(65);
  });

  it('MNIST from the test files only: 7,200 / 800 / 2,000; a truncated file is named', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-mnist-'));
    try {
      fs.mkdirSync(path.join(dir, 'mnist'));
      const n = 10000;
      const px = new Uint8Array(n * 784);
      for (let i = 0; i < px.length; i += 97) px[i] = 255;
      const lb = Uint8Array.from({ length: n }, (_, i) => i % 10);
      fs.writeFileSync(path.join(dir, 'mnist', 't10k-images-idx3-ubyte.gz'), gzipSync(idxBytes([n, 28, 28], px)));
      fs.writeFileSync(path.join(dir, 'mnist', 't10k-labels-idx1-ubyte'), idxBytes([n], lb));
      const ds = await mnistDataset.load(mnistDataset.configSchema.parse({}), { dataDir: dir, rng: new Rng(0) });
      expect(ds.meta.sizes).toEqual({ train: 7200, val: 800, test: 2000 });
      ds.dispose();
      fs.writeFileSync(path.join(dir, 'mnist', 't10k-labels-idx1-ubyte'), idxBytes([n], lb).subarray(0, 5000));
      await expect(mnistDataset.load(mnistDataset.configSchema.parse({}), { dataDir: dir, rng: new Rng(0) })).rejects.toThrow(DataCorruptError);
      await expect(mnistDataset.load(mnistDataset.configSchema.parse({}), { dataDir: dir, rng: new Rng(0) })).rejects.toThrow(/t10k-labels-idx1-ubyte at byte 5000: truncated/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the embedded sklearn digits load: 1,797 8×8 images in [0, 1]', async () => {
    const ds = await digitsDataset.load({}, { rng: new Rng(0) });
    expect(ds.meta.source).toBe('embedded');
    expect(ds.meta.sizes.train + ds.meta.sizes.val + ds.meta.sizes.test).toBe(1797);
    ds.dispose();
  });
});
