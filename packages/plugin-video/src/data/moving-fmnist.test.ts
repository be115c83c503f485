import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataMissingError, Rng, tf } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { encodeIdx } from '@zoo/vision';
import { movingFmnist16Dataset, movingFmnistDataset } from './datasets';
import { drawTrajectory, FMNIST_SYSTEM_DIR, locateFashionMnist, motionClassNames, motionClips, motionTwins, renderMotion } from './moving-fmnist';
import type { InMemoryVideoDataset } from './video-dataset';

/** A garment filling its whole 28×28 box (the hardest case for staying inside the frame). */
const white = new Uint8Array(784).fill(255);

function frameStats(f: Uint8Array, S: number) {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const v = f[y * S + x];
      m += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return { mass: m, cx: sx / m, cy: sy / m };
}

/** Fashion-MNIST-shaped IDX files (gzipped, as distributed) of `n` random-ish 28×28 images. */
function writeFashionMnist(dir: string, nTrain = 40, nTest = 20): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [base, n] of [['train', nTrain], ['t10k', nTest]] as const) {
    const px = Uint8Array.from({ length: n * 784 }, (_, i) => ((i % 784) % 28 > 6 && (i % 784) % 28 < 22 && Math.floor((i % 784) / 28) > 4 ? 100 + ((i * 7) % 150) : 0));
    fs.writeFileSync(path.join(dir, `${base}-images-idx3-ubyte.gz`), gzipSync(encodeIdx([n, 28, 28], px)));
    fs.writeFileSync(path.join(dir, `${base}-labels-idx1-ubyte.gz`), gzipSync(encodeIdx([n], Uint8Array.from({ length: n }, (_, i) => i % 10))));
  }
}

describe('Moving Fashion-MNIST', () => {
  const S = 32;
  const g = 18;
  const T = 8;

  it('every twin clip is exactly the forward frames in reverse order (all 6 motions)', () => {
    for (let p = 0; p < 6; p++) {
      const tr = drawTrajectory(p, T, S, g, new Rng(10 + p));
      const fwd = new Uint8Array(T * S * S);
      const rev = new Uint8Array(T * S * S);
      renderMotion(white, tr, S, g, fwd);
      renderMotion(white, tr, S, g, rev, true);
      for (let t = 0; t < T; t++) expect(rev.subarray(t * S * S, (t + 1) * S * S)).toEqual(fwd.subarray((T - 1 - t) * S * S, (T - t) * S * S));
    }
    expect(motionTwins(4)).toEqual([1, 0, 3, 2, 5, 4, 7, 6]);
    expect(motionClassNames(4)).toEqual(['right', 'left', 'down', 'up', 'clockwise', 'anticlockwise', 'zoom-in', 'zoom-out']);
  });

  it('the garment stays inside the frame and moves as its class says', () => {
    const rng = new Rng(3);
    for (let rep = 0; rep < 20; rep++) {
      for (let p = 0; p < 6; p++) {
        const tr = drawTrajectory(p, T, S, g, rng);
        const out = new Uint8Array(T * S * S);
        renderMotion(white, tr, S, g, out);
        const st = Array.from({ length: T }, (_, t) => frameStats(out.subarray(t * S * S, (t + 1) * S * S), S));
        for (let t = 0; t < T; t++) {
          // nothing clipped: the mass is the garment's area (z·g)² · 255 up to resampling, and the border is dark
          const area = (tr.scale[t] * g) ** 2 * 255;
          expect(Math.abs(st[t].mass - area) / area).toBeLessThan(0.12);
          // the garment box's corners (±z·g/2, rotated) lie inside [0, S]
          const h = (tr.scale[t] * g) / 2;
          for (const [u, v] of [[-h, -h], [h, -h], [-h, h], [h, h]]) {
            const x = tr.cx[t] + Math.cos(tr.angle[t]) * u - Math.sin(tr.angle[t]) * v;
            const y = tr.cy[t] + Math.sin(tr.angle[t]) * u + Math.cos(tr.angle[t]) * v;
            for (const q of [x, y]) {
              expect(q).toBeGreaterThanOrEqual(-1e-9);
              expect(q).toBeLessThanOrEqual(S + 1e-9);
            }
          }
        }
        const d = (k: 'cx' | 'cy' | 'mass') => st[T - 1][k] - st[0][k];
        if (p === 0) expect(d('cx')).toBeGreaterThan(2);
        if (p === 1) expect(d('cy')).toBeGreaterThan(2);
        if (p === 3) expect(d('mass')).toBeGreaterThan(0);
        if (p === 4) expect(Math.min(d('cx'), d('cy'))).toBeGreaterThan(2);
        if (p === 5) expect(Math.min(-d('cx'), d('cy'))).toBeGreaterThan(2);
      }
    }
  });

  it('clockwise turns the image clockwise on screen (y down): a point right of the centre moves down', () => {
    const dot = new Uint8Array(784);
    for (let y = 12; y < 16; y++) for (let x = 22; x < 26; x++) dot[y * 28 + x] = 255; // right of the centre
    const tr = { cx: Float64Array.of(16, 16), cy: Float64Array.of(16, 16), angle: Float64Array.of(0, Math.PI / 2), scale: Float64Array.of(1, 1) };
    const out = new Uint8Array(2 * S * S);
    renderMotion(dot, tr, S, 28, out);
    const a = frameStats(out.subarray(0, S * S), S);
    const b = frameStats(out.subarray(S * S), S);
    expect(a.cx).toBeGreaterThan(20);
    expect(b.cy).toBeGreaterThan(20); // a quarter turn clockwise: right → bottom
  });

  it('a frame-order-blind classifier is at chance between twins; the order of the frames decides them', () => {
    // garments: 6 different blobs; 2 classes (right / left); nearest class mean of the time-averaged clip
    const images = new Uint8Array(6 * 784);
    for (let k = 0; k < 6; k++) for (let y = 4; y < 24; y++) for (let x = 6 + k; x < 20 + k / 2; x++) images[k * 784 + y * 28 + x] = 80 + 25 * k;
    const Sx = 16;
    const n = 600;
    const train = motionClips(images, 0, 6, n, 1, 6, Sx, 9, new Rng(11));
    const test = motionClips(images, 0, 6, 400, 1, 6, Sx, 9, new Rng(12));
    const F = Sx * Sx;
    const timeMean = (m: typeof train, i: number) => {
      const out = new Float64Array(F);
      for (let t = 0; t < 6; t++) for (let p = 0; p < F; p++) out[p] += m.frames[(i * 6 + t) * F + p] / 6;
      return out;
    };
    const means = [new Float64Array(F), new Float64Array(F)];
    const counts = [0, 0];
    for (let i = 0; i < n; i++) {
      const f = timeMean(train, i);
      const k = train.labels[i];
      counts[k]++;
      for (let p = 0; p < F; p++) means[k][p] += f[p];
    }
    means.forEach((m, k) => m.forEach((_, p) => (m[p] /= counts[k])));
    const centroidX = (m: typeof train, i: number, t: number) => {
      let a = 0;
      let b = 0;
      for (let p = 0; p < F; p++) {
        const v = m.frames[(i * 6 + t) * F + p];
        a += v * (p % Sx);
        b += v;
      }
      return a / b;
    };
    let blind = 0;
    let ordered = 0;
    for (let i = 0; i < 400; i++) {
      const f = timeMean(test, i);
      const d = means.map((m) => m.reduce((s, v, p) => s + (v - f[p]) ** 2, 0));
      if ((d[0] < d[1] ? 0 : 1) === test.labels[i]) blind++;
      if ((centroidX(test, i, 5) > centroidX(test, i, 0) ? 0 : 1) === test.labels[i]) ordered++;
    }
    expect(blind / 400).toBeGreaterThan(0.4);
    expect(blind / 400).toBeLessThan(0.6);
    expect(ordered / 400).toBe(1);
  });

  it('clips draw classes uniformly and garments from the given range', () => {
    const images = new Uint8Array(10 * 784).fill(200);
    const m = motionClips(images, 3, 7, 400, 4, 4, 16, 9, new Rng(1));
    expect(m.frames.length).toBe(400 * 4 * 256);
    const counts = new Array(8).fill(0);
    m.labels.forEach((l) => counts[l]++);
    for (const c of counts) expect(c).toBeGreaterThan(25);
    expect(m.garments.every((k) => k >= 3 && k < 7)).toBe(true);
  });

  describe('the dataset, from IDX files under --data-dir', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = tempDir('zoo-fmnist-');
      writeFashionMnist(path.join(dataDir, 'fashion-mnist'));
    });
    afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

    it('clips [B, 8, 32, 32, 1] in [0, 1], twins in its meta, cached per config + seed, no leaks', async () => {
      const c = movingFmnistDataset.configSchema.parse({ train: 64, val: 16, test: 16 });
      const ds = (await movingFmnistDataset.load(c, { dataDir, rng: new Rng(5) })) as InMemoryVideoDataset;
      expect(ds.meta).toMatchObject({ numClasses: 8, frames: 8, height: 32, width: 32, channels: 1, twins: [1, 0, 3, 2, 5, 4, 7, 6], sizes: { train: 64, val: 16, test: 16 }, source: 'data-dir', path: path.join(dataDir, 'fashion-mnist') });
      expect(await movingFmnistDataset.load(c, { dataDir, rng: new Rng(5) })).toBe(ds);
      const other = (await movingFmnistDataset.load(c, { dataDir, rng: new Rng(6) })) as InMemoryVideoDataset;
      expect(other.splits.train.clips).not.toEqual(ds.splits.train.clips);
      const before = tf.memory().numTensors;
      let seen = 0;
      for (const b of ds.batches('train', { batchSize: 24, shuffle: new Rng(1) })) {
        expect(b.clips.shape.slice(1)).toEqual([8, 32, 32, 1]);
        expect(b.labels.dtype).toBe('int32');
        const v = b.clips.dataSync();
        expect(v.every((p) => p >= 0 && p <= 1)).toBe(true);
        seen += b.labels.shape[0];
        b.dispose();
      }
      expect(seen).toBe(64);
      // an evaluation pass (no size given) comes in evalBatchSize batches
      const sizes = [...ds.batches('test')].map((x) => (x.dispose(), x.labels.shape[0]));
      expect(sizes).toEqual([16]);
      const small = (await movingFmnistDataset.load(movingFmnistDataset.configSchema.parse({ train: 8, val: 4, test: 10, evalBatchSize: 4 }), { dataDir, rng: new Rng(5) })) as InMemoryVideoDataset;
      expect([...small.batches('test')].map((x) => (x.dispose(), x.labels.shape[0]))).toEqual([4, 4, 2]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('16 × 64² with 3 channels', async () => {
      const c = movingFmnist16Dataset.configSchema.parse({ train: 4, val: 2, test: 2, channels: 3 });
      const ds = (await movingFmnist16Dataset.load(c, { dataDir, rng: new Rng(1) })) as InMemoryVideoDataset;
      const [b] = ds.batches('val');
      expect(b.clips.shape).toEqual([2, 16, 64, 64, 3]);
      expect([...ds.batches('train', { batchSize: 3 })].map((x) => (x.dispose(), x.labels.shape[0]))).toEqual([3, 1]);
      const v = b.clips.dataSync();
      expect(v[0]).toBe(v[1]);
      b.dispose();
    });

    it('refuses bad configs; no files anywhere is a DataMissingError with the layout', async () => {
      expect(() => movingFmnistDataset.configSchema.parse({ extra: 1 })).toThrow();
      expect(() => movingFmnistDataset.configSchema.parse({ garment: 40 })).toThrow(/garment must be at most size/);
      expect(() => movingFmnistDataset.configSchema.parse({ pairs: 7 })).toThrow(/from 1 to 6/);
      const empty = tempDir('zoo-fmnist-none-');
      const saved = process.env.ZOO_FASHION_MNIST_SYSTEM_DIR;
      process.env.ZOO_FASHION_MNIST_SYSTEM_DIR = path.join(empty, 'no-system-copy');
      try {
        await expect(movingFmnistDataset.load(movingFmnistDataset.configSchema.parse({}), { dataDir: empty, rng: new Rng(1) })).rejects.toThrow(DataMissingError);
        await expect(movingFmnistDataset.load(movingFmnistDataset.configSchema.parse({}), { rng: new Rng(1) })).rejects.toThrow(/--data-dir DIR with fashion-mnist/);
      } finally {
        if (saved === undefined) delete process.env.ZOO_FASHION_MNIST_SYSTEM_DIR;
        else process.env.ZOO_FASHION_MNIST_SYSTEM_DIR = saved;
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });
  });

  it('falls back to the system copy (Debian dataset-fashion-mnist) when --data-dir has none', () => {
    const found = locateFashionMnist(undefined, FMNIST_SYSTEM_DIR);
    if (fs.existsSync(path.join(FMNIST_SYSTEM_DIR, 'train-images-idx3-ubyte.gz'))) expect(found).toBe(FMNIST_SYSTEM_DIR);
    else expect(found).toBeUndefined();
  });
});
