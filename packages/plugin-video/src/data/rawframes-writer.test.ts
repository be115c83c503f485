import * as fs from 'node:fs';
import * as path from 'node:path';
import { Rng } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { readAnnotationList } from './annotation-list';
import { rawframesDataset } from './file-datasets';
import { frameFileName, RawframesReader } from './rawframes';
import { ffmpegPattern, writeRawframesClip, writeRawframesSet } from './rawframes-writer';
import { ffmpegAvailable } from './video-decode';
import type { LazyVideoDataset } from './video-dataset';

/** A smooth grey clip [T, H, W]: a bright square moving right one pixel a frame on a ramp background. */
function movingSquare(T: number, H: number, W: number, label: number): Uint8Array {
  const out = new Uint8Array(T * H * W);
  for (let t = 0; t < T; t++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const x0 = label === 0 ? 2 + t : W - 8 - t;
        out[(t * H + y) * W + x] = x >= x0 && x < x0 + 6 && y >= 5 && y < 11 ? 230 : 20 + 2 * y;
      }
    }
  }
  return out;
}

describe('rawframes writer (ffmpeg MJPEG)', () => {
  let root: string;
  beforeEach(() => {
    root = tempDir('zoo-rawframes-writer-');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("ffmpeg's image2 pattern of mmaction2's templates names the same files as the reader", () => {
    for (const tmpl of ['img_{:05}.jpg', '{:05d}.jpg', 'image_%04d.jpg', 'f{}.jpg', '100%_{:03}.jpg']) {
      const pat = ffmpegPattern(tmpl);
      const printf = pat.replace(/%(0?\d*)d/, (_, w: string) => String(37).padStart(w ? Number(w) : 0, '0')).replace(/%%/g, '%');
      expect(printf).toBe(frameFileName(tmpl, 37));
    }
    expect(() => ffmpegPattern('img.jpg')).toThrow(/no \{\} placeholder/);
  });

  const present = ffmpegAvailable();
  (present ? it : it.skip)('a clip written as JPEG files reads back through RawframesReader within JPEG error', () => {
    const [T, H, W] = [4, 16, 20];
    const clip = movingSquare(T, H, W, 0);
    writeRawframesClip(path.join(root, 'a'), clip, T, H, W, 1);
    expect(fs.readdirSync(path.join(root, 'a')).sort()).toEqual(['img_00001.jpg', 'img_00002.jpg', 'img_00003.jpg', 'img_00004.jpg']);
    const head = fs.readFileSync(path.join(root, 'a', 'img_00001.jpg'));
    expect([head[0], head[1]]).toEqual([0xff, 0xd8]); // a JPEG SOI marker
    const r = new RawframesReader(root).read({ path: 'a', labels: [0], where: 'test line 1' }, [0, 1, 2, 3]);
    expect([r.frames, r.height, r.width]).toEqual([T, H, W]);
    let sum = 0;
    for (let i = 0; i < T * H * W; i++) {
      for (let c = 0; c < 3; c++) sum += Math.abs(r.data[i * 3 + c] - clip[i]);
    }
    expect(sum / (T * H * W * 3)).toBeLessThan(4); // q 2, 4:4:4: a few levels on average at the square's edges
    expect(() => writeRawframesClip(path.join(root, 'a'), clip, T, H, W, 1)).toThrow(/exists already/);
    expect(() => writeRawframesClip(path.join(root, 'b'), clip.subarray(1), T, H, W, 1)).toThrow(/expected 1280/);
  });

  (present ? it : it.skip)('a written set loads as video/<model>@rawframes data: lists, labels, clips of the right shape', async () => {
    const [T, H, W] = [4, 16, 16];
    const labels = [0, 1, 1, 0, 1];
    const clips = new Uint8Array(labels.length * T * H * W);
    labels.forEach((l, i) => clips.set(movingSquare(T, H, W, l), i * T * H * W));
    const rawRoot = path.join(root, 'rawframes');
    const seen: number[] = [];
    const lists = writeRawframesSet(rawRoot, { train: { clips, labels }, val: { clips: clips.subarray(0, 2 * T * H * W), labels: labels.slice(0, 2) } }, { frames: T, height: H, width: W, channels: 1 }, { onClip: (d) => seen.push(d) });
    expect(lists.map((f) => path.basename(f))).toEqual(['train.txt', 'val.txt']);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const recs = readAnnotationList(path.join(rawRoot, 'train.txt'), { kind: 'rawframes', numClasses: 2 });
    expect(recs.map((r) => [r.path, r.totalFrames, r.labels[0]])).toEqual(labels.map((l, i) => [`train/train_${i}`, T, l]));
    const config = rawframesDataset.configSchema.parse({ numSegments: T, size: 16, shortSide: 16, flip: false }); // the class count from the lists
    const ds = await rawframesDataset.load(config, { dataDir: root, rng: new Rng(0) });
    expect(ds.meta.numClasses).toBe(2);
    const batches = [...(ds as LazyVideoDataset).batches('val', { batchSize: 2 })];
    expect(batches).toHaveLength(1);
    expect(batches[0].clips.shape).toEqual([2, T, 16, 16, 3]);
    expect(Array.from(batches[0].labels.dataSync())).toEqual([0, 1]);
    batches[0].dispose();
    expect(() => writeRawframesSet(rawRoot, { train: { clips, labels } }, { frames: T, height: H, width: W, channels: 1 })).toThrow(/exists already/);
    // a refused set writes nothing: 'test' is new, but 'val' exists, so no test/ folder appears
    const test = { clips: clips.subarray(0, T * H * W), labels: [0] };
    expect(() => writeRawframesSet(rawRoot, { test, val: test }, { frames: T, height: H, width: W, channels: 1 })).toThrow(/val.txt exists already/);
    expect(fs.existsSync(path.join(rawRoot, 'test'))).toBe(false);
  });
});
