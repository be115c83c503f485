import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataCorruptError, IdxError, readIdx, Rng, stratifiedSplit } from '@zoo/core';
import { readCifarBinary } from './cifar';
import { digitsDataset, mnistDataset } from './datasets';

function idxBytes(dims: number[], data: ArrayLike<number>, type = 0x08): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, type, dims.length]);
  const v = new DataView(out.buffer);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  out.set(Array.from(data), 4 + 4 * dims.length);
  return out;
}

describe('IDX reader', () => {
  it('reads images and labels, gzipped or not (big-endian sizes)', () => {
    const px = Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    for (const bytes of [idxBytes([2, 3, 4], px), gzipSync(idxBytes([2, 3, 4], px))]) {
      const a = readIdx(bytes);
      expect(a.dims).toEqual([2, 3, 4]);
      expect(Array.from(a.data)).toEqual(px);
    }
  });

  it('refuses a wrong magic, a non-byte type and truncated data, with the offset', () => {
    const cases: [Uint8Array, RegExp, number][] = [
      [new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), /bad magic 50 4b 03 04/, 0],
      [idxBytes([2], [1, 2], 0x0d), /not unsigned byte/, 2],
      [idxBytes([4], [1, 2, 3, 4]).subarray(0, 10), /truncated: dims \(4\) need 4 data bytes, 2 present/, 10],
    ];
    for (const [bytes, msg, offset] of cases) {
      let err: unknown;
      try {
        readIdx(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(IdxError);
      expect((err as IdxError).message).toMatch(msg);
      expect((err as IdxError).offset).toBe(offset);
    }
  });
});

describe('CIFAR binary reader', () => {
  it('reads CIFAR-10 records into NHWC [0, 1] and CIFAR-100 fine labels', () => {
    const rec = new Uint8Array(1 + 3072);
    rec[0] = 7;
    rec[1] = 255; // R of pixel 0
    rec[1 + 1024] = 51; // G of pixel 0
    const a = readCifarBinary(rec, 10);
    expect(a.labels[0]).toBe(7);
    expect(a.images[0]).toBe(1);
    expect(a.images[1]).toBeCloseTo(0.2, 6);
    const r100 = new Uint8Array(2 + 3072);
    r100[0] = 3; // coarse
    r100[1] = 42; // fine
    expect(readCifarBinary(r100, 100).labels[0]).toBe(42);
  });

  it('refuses truncated files and out-of-range labels', () => {
    expect(() => readCifarBinary(new Uint8Array(3000), 10)).toThrow(/not a whole number of 3073-byte CIFAR-10 records/);
    const bad = new Uint8Array(3073);
    bad[0] = 12;
    expect(() => readCifarBinary(bad, 10)).toThrow(/record 0: label 12/);
  });
});

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
