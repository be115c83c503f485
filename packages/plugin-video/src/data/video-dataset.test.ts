import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng, tf } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import * as jpeg from 'jpeg-js';
import { parseAnnotationList } from './annotation-list';
import { RawframesReader, RawframesSource } from './rawframes';
import { InMemoryVideoDataset, LazyVideoDataset, type ClipSource } from './video-dataset';

function jpegOf(w: number, h: number, v: number): Buffer {
  const rgba = Buffer.alloc(w * h * 4, v);
  return Buffer.from(jpeg.encode({ data: rgba, width: w, height: h }, 100).data);
}

/** A source whose frame i of video k is the flat value 10·k + i (channel c adds c), of 6×8. */
const synthetic = (frames: number): ClipSource => ({
  channels: 3,
  totalFrames: () => frames,
  read: (rec, inds) => {
    const k = Number(rec.path);
    const data = new Uint8Array(inds.length * 6 * 8 * 3);
    for (let t = 0; t < inds.length; t++) for (let p = 0; p < 48; p++) for (let c = 0; c < 3; c++) data[(t * 48 + p) * 3 + c] = 10 * k + inds[t] + c;
    return { data, frames: inds.length, height: 6, width: 8 };
  },
});

describe('video datasets', () => {
  it('in memory: uint8 clips scaled by 1/255, [B, T, H, W, C], labels int32, shuffled by the Rng, no leaks', () => {
    const per = 2 * 3 * 3 * 1;
    const clips = Uint8Array.from({ length: 5 * per }, (_, i) => Math.floor(i / per) * 50);
    const split = { clips, labels: Int32Array.from([0, 1, 2, 3, 0]) };
    const ds = new InMemoryVideoDataset('t', { frames: 2, height: 3, width: 3, channels: 1 }, { train: split, val: split, test: split }, 4, { source: 'synthetic', twins: [1, 0, 3, 2] });
    expect(ds.meta).toMatchObject({ frames: 2, height: 3, width: 3, channels: 1, numClasses: 4, twins: [1, 0, 3, 2], sizes: { train: 5, val: 5, test: 5 } });
    const before = tf.memory().numTensors;
    const labels: number[] = [];
    for (const b of ds.batches('train', { batchSize: 2, shuffle: new Rng(3) })) {
      expect(b.clips.shape.slice(1)).toEqual([2, 3, 3, 1]);
      const v = b.clips.dataSync();
      const l = Array.from(b.labels.dataSync());
      // clip k holds the value 50·k / 255 and label labels[k]: each example keeps its own label
      l.forEach((lab, i) => {
        const k = Math.round((v[i * per] * 255) / 50);
        expect(v[i * per]).toBeCloseTo((50 * k) / 255, 6);
        expect(lab).toBe(split.labels[k]);
      });
      labels.push(...l);
      b.dispose();
    }
    expect(labels.sort()).toEqual([0, 0, 1, 2, 3]);
    expect(tf.memory().numTensors).toBe(before);
    const [whole] = ds.batches('val');
    expect(whole.clips.shape[0]).toBe(5);
    whole.dispose();
    expect(() => new InMemoryVideoDataset('bad', { frames: 2, height: 3, width: 3, channels: 1 }, { train: { clips: new Uint8Array(3), labels: new Int32Array(1) }, val: split, test: split }, 4, { source: 'synthetic' })).toThrow(/bad\/train: 3 values for 1 clips/);
  });

  const recs = (n: number, labels = (k: number) => [k % 3]) => Array.from({ length: n }, (_, k) => ({ path: String(k), labels: labels(k), where: `l.txt line ${k + 1}` }));

  it('lazy: evaluation passes sample segment centres and centre-crop, the same each time', () => {
    const ds = new LazyVideoDataset('lazy', { train: recs(4), val: recs(3), test: recs(3) }, synthetic(40), {
      numClasses: 3,
      sampling: { clipLen: 1, frameInterval: 1, numClips: 4 },
      pipeline: { size: 4 },
      rng: new Rng(1),
      source: 'data-dir',
    });
    expect(ds.meta).toMatchObject({ frames: 4, height: 4, width: 4, channels: 3, numClasses: 3 });
    const before = tf.memory().numTensors;
    const [a] = ds.batches('val');
    const [b] = ds.batches('val');
    expect(a.clips.shape).toEqual([3, 4, 4, 4, 3]);
    expect(Array.from(a.clips.dataSync())).toEqual(Array.from(b.clips.dataSync()));
    // video 2, segment centres of 40 frames in 4: 5, 15, 25, 35 → values 20 + i (+ c)
    const v = a.clips.dataSync();
    const per = 4 * 4 * 4 * 3;
    const frame = 4 * 4 * 3;
    expect([0, 1, 2, 3].map((t) => v[2 * per + t * frame])).toEqual([25, 35, 45, 55]);
    expect(Array.from(a.labels.dataSync())).toEqual([0, 1, 2]);
    tf.dispose([a.clips, a.labels, b.clips, b.labels]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lazy: a training pass (train split, shuffled) samples at random from the dataset Rng, reproducibly', () => {
    const make = () =>
      new LazyVideoDataset('lazy', { train: recs(6), val: recs(2), test: recs(2) }, synthetic(40), {
        numClasses: 3,
        sampling: { clipLen: 1, frameInterval: 1, numClips: 4 },
        pipeline: { size: 4, flip: true },
        rng: new Rng(7),
        source: 'data-dir',
      });
    const pass = (ds: LazyVideoDataset) => {
      const out: number[] = [];
      for (const b of ds.batches('train', { batchSize: 4, shuffle: new Rng(2) })) {
        out.push(...b.clips.dataSync());
        b.dispose();
      }
      return out;
    };
    const ds = make();
    const first = pass(ds);
    expect(pass(make())).toEqual(first);
    expect(pass(ds)).not.toEqual(first);
    // every sampled frame value lies in its segment: value − 10·k ∈ [10·t, 10·t + 10)
    const [b] = ds.batches('train', { batchSize: 6 });
    const v = b.clips.dataSync();
    const per = 4 * 48;
    for (let k = 0; k < 6; k++) for (let t = 0; t < 4; t++) expect(v[k * per + t * 48] - 10 * k).toBe(5 + 10 * t); // unshuffled = evaluation
    b.dispose();
  });

  it('lazy multi-label: labels [B, classes] multi-hot', () => {
    const ds = new LazyVideoDataset('ml', { train: recs(2, (k) => [k, 2]), val: recs(2, (k) => [k, 2]), test: recs(2, (k) => [k]) }, synthetic(8), {
      numClasses: 3,
      multiLabel: true,
      sampling: { clipLen: 1, frameInterval: 1, numClips: 2 },
      pipeline: { size: 4 },
      rng: new Rng(1),
      source: 'data-dir',
    });
    const [b] = ds.batches('val');
    expect(b.labels.shape).toEqual([2, 3]);
    expect(Array.from(b.labels.dataSync())).toEqual([1, 0, 1, 0, 1, 1]);
    b.dispose();
    expect(() => new LazyVideoDataset('bad', { train: recs(1, () => [5]), val: [], test: [] }, synthetic(8), { numClasses: 3, sampling: { clipLen: 1, frameInterval: 1, numClips: 2 }, pipeline: { size: 4 }, rng: new Rng(1), source: 'data-dir' })).toThrow(/l\.txt line 1: label out of range/);
  });

  it('lazy over real rawframes: JPEG frames read per batch, normalized, no leaks', () => {
    const root = tempDir('zoo-lazy-');
    for (const [d, base] of [['v0', 0], ['v1', 100]] as const) {
      fs.mkdirSync(path.join(root, d));
      for (let i = 1; i <= 6; i++) fs.writeFileSync(path.join(root, d, `img_${String(i).padStart(5, '0')}.jpg`), jpegOf(10, 8, base + 10 * i));
    }
    const list = parseAnnotationList('v0 6 0\nv1 6 1\n', path.join(root, 'train.txt'), { kind: 'rawframes', numClasses: 2 });
    const ds = new LazyVideoDataset('raw', { train: list, val: list, test: list }, new RawframesSource(new RawframesReader(root)), {
      numClasses: 2,
      sampling: { clipLen: 1, frameInterval: 1, numClips: 3 },
      pipeline: { size: 8, shortSide: 8, mean: [100, 100, 100], std: [10, 10, 10] },
      rng: new Rng(1),
      source: 'data-dir',
    });
    const before = tf.memory().numTensors;
    for (const b of ds.batches('train', { batchSize: 2, shuffle: new Rng(1) })) {
      expect(b.clips.shape).toEqual([2, 3, 8, 8, 3]);
      b.dispose();
    }
    const [b] = ds.batches('test');
    const v = b.clips.dataSync();
    // v1, centres of 6 frames in 3 segments: frames 1, 3, 5 (0-based) → values 120, 140, 160 → (x − 100)/10
    const per = 3 * 64 * 3;
    expect([0, 1, 2].map((t) => Math.round(v[per + t * 192]))).toEqual([2, 4, 6]);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
