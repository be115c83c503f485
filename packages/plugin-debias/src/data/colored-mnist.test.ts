import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataCorruptError, DataMissingError, Rng } from '@zoo/core';
import { biasedColors, colorize, coloredSplit, PALETTE, randomColors } from './colored-mnist';
import { cmnistConfigSchema, loadColoredMnist } from './datasets';
import { conflictingCounts } from './biased-dataset';

function idxBytes(dims: number[], data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, 0x08, dims.length]);
  const v = new DataView(out.buffer);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

describe('Colored MNIST', () => {
  it('colorize paints the strokes: x_c = μ_c · gray (no jitter), background stays 0', () => {
    const gray = new Float32Array([0, 0.5, 1, 0.25]);
    const out = colorize(gray, Int32Array.from([0]), 4, new Rng(1), 0);
    const [r, g, b] = PALETTE[0];
    expect(Array.from(out)).toEqual(Array.from(new Float32Array([0, 0, 0, 0.5 * r, 0.5 * g, 0.5 * b, r, g, b, 0.25 * r, 0.25 * g, 0.25 * b])));
  });

  it('colour jitter has the requested spread and stays in [0, 1]', () => {
    const n = 4000;
    const out = colorize(new Float32Array(n).fill(1), new Int32Array(n), 1, new Rng(2), 0.05);
    const red = Array.from({ length: n }, (_, i) => out[3 * i]);
    const mean = red.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(red.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(PALETTE[0][0], 2);
    expect(sd).toBeGreaterThan(0.045);
    expect(sd).toBeLessThan(0.055);
    expect(Math.max(...Array.from(out))).toBeLessThanOrEqual(1);
  });

  it.each([0.005, 0.01, 0.02, 0.05])('exactly round(ρ·N) training images conflict at ρ = %p, the rest in their class colour', (rho) => {
    const labels = Int32Array.from({ length: 8000 }, (_, i) => i % 10);
    const colors = biasedColors(labels, rho, new Rng(3));
    const conflicting = labels.filter((l, i) => colors[i] !== l).length;
    expect(conflicting).toBe(Math.round(rho * 8000));
    expect(colors.every((c) => c >= 0 && c < 10)).toBe(true);
  });

  it('conflicting colours are spread over the nine other colours; the test colours are uniform', () => {
    const labels = new Int32Array(9000);
    const colors = biasedColors(labels, 1, new Rng(4));
    const counts = new Array(10).fill(0);
    colors.forEach((c) => counts[c]++);
    expect(counts[0]).toBe(0);
    for (let c = 1; c < 10; c++) expect(Math.abs(counts[c] - 1000)).toBeLessThan(120);
    const test = randomColors(10000, new Rng(5));
    const t = new Array(10).fill(0);
    test.forEach((c) => t[c]++);
    for (const v of t) expect(Math.abs(v - 1000)).toBeLessThan(120);
    // the unbiased test set: about 10% aligned
    const split = coloredSplit(new Float32Array(10000), Int32Array.from({ length: 10000 }, (_, i) => i % 10), 1, null, new Rng(6));
    const aligned = split.labels.filter((l, i) => split.bias[i] === l).length;
    expect(Math.abs(aligned - 1000)).toBeLessThan(120);
  });

  describe('from IDX files', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-cmnist-'));
      fs.mkdirSync(path.join(dir, 'mnist'));
      const n = 10000;
      const px = new Uint8Array(n * 784);
      for (let i = 0; i < n; i++) px[i * 784 + (i % 784)] = 255;
      fs.writeFileSync(path.join(dir, 'mnist', 't10k-images-idx3-ubyte.gz'), gzipSync(idxBytes([n, 28, 28], px)));
      fs.writeFileSync(path.join(dir, 'mnist', 't10k-labels-idx1-ubyte'), idxBytes([n], Uint8Array.from({ length: n }, (_, i) => i % 10)));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('the test files alone: 8,000 biased training images (1% conflicting) and 2,000 unbiased test images, seeded', () => {
      const config = cmnistConfigSchema(1).parse({});
      const ds = loadColoredMnist(dir, config, new Rng(7), 'cmnist-1pct');
      expect(ds.meta.sizes).toEqual({ train: 8000, val: 0, test: 2000 });
      expect(conflictingCounts(ds)).toEqual({ train: 80, val: 0, test: expect.any(Number) });
      expect(conflictingCounts(ds).test).toBeGreaterThan(1700);
      // every class is in both splits in proportion
      const perClass = new Array(10).fill(0);
      ds.splits.test.labels.forEach((l) => perClass[l]++);
      expect(perClass).toEqual(new Array(10).fill(200));
      // the same seed gives the same data (cached), another seed other colours
      expect(loadColoredMnist(dir, config, new Rng(7), 'cmnist-1pct')).toBe(ds);
      const other = loadColoredMnist(dir, config, new Rng(8), 'cmnist-1pct');
      expect(Array.from(other.attribute('train', 'bias'))).not.toEqual(Array.from(ds.attribute('train', 'bias')));
    });

    it('a ratio other than 0.5, 1, 2, 5 is refused naming the field', () => {
      const r = cmnistConfigSchema(1).safeParse({ conflictPct: 3 });
      expect(r.success).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toMatch(/conflictPct must be one of 0.5, 1, 2, 5/);
    });

    it('missing MNIST files name the expected path; a corrupt file is named', () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-cmnist-empty-'));
      const config = cmnistConfigSchema(5).parse({});
      expect(() => loadColoredMnist(empty, config, new Rng(1), 'cmnist-5pct')).toThrow(DataMissingError);
      expect(() => loadColoredMnist(empty, config, new Rng(1), 'cmnist-5pct')).toThrow(/mnist[/\\]t10k-images-idx3-ubyte\.gz/);
      expect(() => loadColoredMnist(undefined, config, new Rng(1), 'cmnist-5pct')).toThrow(/--data-dir/);
      fs.mkdirSync(path.join(empty, 'mnist'));
      fs.writeFileSync(path.join(empty, 'mnist', 't10k-images-idx3-ubyte'), idxBytes([10, 28, 28], new Uint8Array(100)));
      fs.writeFileSync(path.join(empty, 'mnist', 't10k-labels-idx1-ubyte'), idxBytes([10], new Uint8Array(10)));
      expect(() => loadColoredMnist(empty, config, new Rng(1), 'cmnist-5pct')).toThrow(DataCorruptError);
      expect(() => loadColoredMnist(empty, config, new Rng(1), 'cmnist-5pct')).toThrow(/t10k-images-idx3-ubyte.*truncated/);
      fs.rmSync(empty, { recursive: true, force: true });
    });
  });
});
