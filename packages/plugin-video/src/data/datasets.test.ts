import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataCorruptError, DataMissingError, Rng, tf } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import * as jpeg from 'jpeg-js';
import { hmdb51Dataset, kinetics400Dataset, movingBarsSmokeDataset, rawframesDataset, sthv1Dataset, sthv2Dataset, ucf101Dataset, videoDatasets } from './datasets';
import { ffmpegAvailable } from './video-decode';
import type { InMemoryVideoDataset } from './video-dataset';
import type { VideoBatch } from './video-batch';

function jpegOf(w: number, h: number, v: number): Buffer {
  return Buffer.from(jpeg.encode({ data: Buffer.alloc(w * h * 4, v), width: w, height: h }, 90).data);
}

/** `n` frames of w×h named by `tmpl` (`img_%05d.jpg` style: padded to 5) under root/dir. */
function frames(root: string, dir: string, n: number, name = (i: number) => `img_${String(i).padStart(5, '0')}.jpg`, w = 12, h = 10): void {
  fs.mkdirSync(path.join(root, dir), { recursive: true });
  for (let i = 1; i <= n; i++) fs.writeFileSync(path.join(root, dir, name(i)), jpegOf(w, h, 10 * i));
}

const write = (f: string, text: string) => {
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
};

/** One batch of the split, checked for shape, then freed. */
function firstBatch(ds: { batches(s: 'train' | 'val' | 'test', o?: object): Iterable<VideoBatch> }, split: 'train' | 'val' | 'test', shape: number[], opts = {}): number[] {
  const [b] = ds.batches(split, opts);
  expect(b.clips.shape).toEqual(shape);
  const labels = Array.from(b.labels.dataSync());
  b.dispose();
  return labels;
}

describe('video dataset defs', () => {
  let dir: string;
  beforeAll(() => (dir = tempDir('zoo-video-defs-')));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every def has a strict config, a license and a layout; file-backed ones say where the data goes without --data-dir', async () => {
    expect(videoDatasets.map((d) => d.id)).toEqual(['moving-fmnist', 'moving-fmnist-16', 'moving-bars-smoke', 'rawframes', 'kinetics400', 'sthv1', 'sthv2', 'ucf101', 'hmdb51']);
    for (const d of videoDatasets) {
      expect(d.license).toBeTruthy();
      expect(d.layout).toBeTruthy();
      expect(() => d.configSchema.parse({ nope: 1 })).toThrow();
    }
    for (const d of [rawframesDataset, kinetics400Dataset, sthv1Dataset, sthv2Dataset, ucf101Dataset, hmdb51Dataset]) {
      await expect(d.load(d.configSchema.parse({}) as never, { rng: new Rng(1) })).rejects.toThrow(DataMissingError);
      await expect(d.load(d.configSchema.parse({}) as never, { dataDir: dir, rng: new Rng(1) })).rejects.toThrow(DataMissingError);
    }
    expect(() => rawframesDataset.configSchema.parse({ numSegments: 0 })).toThrow(/from 1 to/);
  });

  it('moving-bars-smoke: 4 × 16×16 × 1, twins in its meta, bars move the way their class says', async () => {
    const ds = (await movingBarsSmokeDataset.load(movingBarsSmokeDataset.configSchema.parse({}), { rng: new Rng(2) })) as InMemoryVideoDataset;
    expect(ds.meta).toMatchObject({ frames: 4, height: 16, width: 16, channels: 1, numClasses: 4, twins: [1, 0, 3, 2], sizes: { train: 240, val: 80, test: 80 } });
    const before = tf.memory().numTensors;
    firstBatch(ds, 'train', [32, 4, 16, 16, 1], { batchSize: 32, shuffle: new Rng(1) });
    expect(tf.memory().numTensors).toBe(before);
    // the bright bar's column (class 0, right) increases over time; class 1 decreases
    const s = ds.splits.train;
    const per = 4 * 256;
    for (let i = 0; i < 40; i++) {
      const k = s.labels[i];
      const pos = (t: number) => {
        const f = s.clips.subarray(i * per + t * 256, i * per + (t + 1) * 256);
        let best = -1;
        let arg = 0;
        for (let c = 0; c < 16; c++) {
          let m = 0;
          for (let r = 0; r < 16; r++) m += k < 2 ? f[r * 16 + c] : f[c * 16 + r];
          if (m > best) [best, arg] = [m, c];
        }
        return arg;
      };
      expect(Math.sign(pos(3) - pos(0))).toBe(k % 2 === 0 ? 1 : -1);
    }
  });

  it('rawframes: <data-dir>/rawframes/{train,val}.txt + frame folders; test falls back to val', async () => {
    frames(path.join(dir, 'rawframes'), 'a', 9);
    frames(path.join(dir, 'rawframes'), 'b', 5);
    write(path.join(dir, 'rawframes/train.txt'), 'a 9 0\nb 5 1\n');
    write(path.join(dir, 'rawframes/val.txt'), 'b 5 1\n');
    const c = rawframesDataset.configSchema.parse({ numClasses: 2, numSegments: 3, size: 8, shortSide: 10 });
    const ds = await rawframesDataset.load(c, { dataDir: dir, rng: new Rng(1) });
    expect(ds.meta).toMatchObject({ frames: 3, height: 8, width: 8, channels: 3, numClasses: 2, sizes: { train: 2, val: 1, test: 1 }, source: 'data-dir' });
    const before = tf.memory().numTensors;
    expect(firstBatch(ds, 'train', [2, 3, 8, 8, 3], { batchSize: 2, shuffle: new Rng(1) }).sort()).toEqual([0, 1]);
    expect(firstBatch(ds, 'test', [1, 3, 8, 8, 3])).toEqual([1]);
    expect(tf.memory().numTensors).toBe(before);
    // a list naming a frame that is not there: the error names the list line and the file
    write(path.join(dir, 'rawframes/val.txt'), 'b 5 1\nb 50 1\n');
    const bad = await rawframesDataset.load(c, { dataDir: dir, rng: new Rng(1) });
    expect(() => firstBatch(bad, 'val', [2, 3, 8, 8, 3])).toThrow(/val\.txt: line 2: frame .*img_000\d\d\.jpg does not exist/);
    write(path.join(dir, 'rawframes/val.txt'), 'b 5 7\n');
    await expect(rawframesDataset.load(c, { dataDir: dir, rng: new Rng(1) })).rejects.toThrow(/val\.txt: line 1: label 7 is out of range/);
  });

  it('sthv1: mmaction2 lists + rawframes/<id>/00001.jpg', async () => {
    frames(path.join(dir, 'sthv1/rawframes'), '100218', 6, (i) => `${String(i).padStart(5, '0')}.jpg`);
    write(path.join(dir, 'sthv1/sthv1_train_list_rawframes.txt'), '100218 6 173\n');
    write(path.join(dir, 'sthv1/sthv1_val_list_rawframes.txt'), '100218 6 2\n');
    const ds = await sthv1Dataset.load(sthv1Dataset.configSchema.parse({ size: 8, shortSide: 8, numSegments: 2 }), { dataDir: dir, rng: new Rng(1) });
    expect(ds.meta.numClasses).toBe(174);
    expect(firstBatch(ds, 'val', [1, 2, 8, 8, 3])).toEqual([2]);
  });

  it('sthv1 official release: csvs + 20bn-something-something-v1/<id>/ frames counted in the folder', async () => {
    const d = tempDir('zoo-sthv1-');
    write(path.join(d, 'sthv1/something-something-v1-labels.csv'), 'Holding something\nMoving something up\n');
    write(path.join(d, 'sthv1/something-something-v1-train.csv'), '42;Moving something up\n');
    write(path.join(d, 'sthv1/something-something-v1-validation.csv'), '42;Holding something\n');
    frames(path.join(d, 'sthv1/20bn-something-something-v1'), '42', 5, (i) => `${String(i).padStart(5, '0')}.jpg`);
    const ds = await sthv1Dataset.load(sthv1Dataset.configSchema.parse({ size: 8, shortSide: 8, numSegments: 2 }), { dataDir: d, rng: new Rng(1) });
    expect(ds.meta).toMatchObject({ numClasses: 2, classNames: ['Holding something', 'Moving something up'] });
    expect(firstBatch(ds, 'train', [1, 2, 8, 8, 3], { shuffle: new Rng(1) })).toEqual([1]);
    expect(firstBatch(ds, 'val', [1, 2, 8, 8, 3])).toEqual([0]);
    fs.rmSync(d, { recursive: true, force: true });
  });

  it('sthv2: the official jsons + rawframes, flip swapping the left/right classes', async () => {
    const labels: Record<string, string> = {};
    for (let k = 0; k < 174; k++) labels[`Template ${k} something`] = String(k);
    write(path.join(dir, 'sthv2/something-something-v2-labels.json'), JSON.stringify(labels));
    write(path.join(dir, 'sthv2/something-something-v2-train.json'), JSON.stringify([{ id: '7', label: 'x', template: 'Template 86 [something]', placeholders: ['x'] }]));
    write(path.join(dir, 'sthv2/something-something-v2-validation.json'), JSON.stringify([{ id: '7', label: 'x', template: 'Template 93 [something]', placeholders: ['x'] }]));
    frames(path.join(dir, 'sthv2/rawframes'), '7', 4);
    const c = sthv2Dataset.configSchema.parse({ source: 'rawframes', size: 8, shortSide: 8, numSegments: 2, flip: true });
    const ds = await sthv2Dataset.load(c, { dataDir: dir, rng: new Rng(1) });
    expect(firstBatch(ds, 'val', [1, 2, 8, 8, 3])).toEqual([93]);
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) for (const l of firstBatch(ds, 'train', [1, 2, 8, 8, 3], { shuffle: new Rng(i) })) seen.add(l);
    expect([...seen].sort()).toEqual([86, 87]);
  });

  it('ucf101 / hmdb51: official split files (classInd or category.txt) + rawframes/<Class>/<video>/', async () => {
    for (const [d, ind] of [['ucf101', 'classInd.txt'], ['hmdb51', 'category.txt']] as const) {
      write(path.join(dir, d, 'annotations', ind), ind === 'classInd.txt' ? '1 Archery\n2 Biking\n' : 'Archery\nBiking\n');
      write(path.join(dir, d, 'annotations/trainlist01.txt'), ind === 'classInd.txt' ? 'Archery/v_a.avi 1\nBiking/v_b.avi 2\n' : 'Archery/v_a.avi\nBiking/v_b.avi\n');
      write(path.join(dir, d, 'annotations/testlist01.txt'), 'Biking/v_b.avi\n');
      frames(path.join(dir, d, 'rawframes'), 'Archery/v_a', 7);
      frames(path.join(dir, d, 'rawframes'), 'Biking/v_b', 3);
      const def = d === 'ucf101' ? ucf101Dataset : hmdb51Dataset;
      const ds = await def.load(def.configSchema.parse({ source: 'rawframes', size: 8, shortSide: 8, numSegments: 4 }) as never, { dataDir: dir, rng: new Rng(1) });
      expect(ds.meta).toMatchObject({ numClasses: 2, classNames: ['Archery', 'Biking'], sizes: { train: 2, val: 1, test: 1 } });
      expect(firstBatch(ds, 'test', [1, 4, 8, 8, 3])).toEqual([1]);
      expect(firstBatch(ds, 'train', [2, 4, 8, 8, 3], { batchSize: 2, shuffle: new Rng(3) }).sort()).toEqual([0, 1]);
    }
  });

  it('kinetics400 from mmaction2 video lists, decoded by ffmpeg (or the clear error without it)', async () => {
    const vids = path.join(dir, 'kinetics400/videos_train');
    fs.mkdirSync(vids, { recursive: true });
    fs.mkdirSync(path.join(dir, 'kinetics400/videos_val'), { recursive: true });
    write(path.join(dir, 'kinetics400/kinetics400_train_list_videos.txt'), 'zumba/x.mp4 399\n');
    write(path.join(dir, 'kinetics400/kinetics400_val_list_videos.txt'), 'broken.mp4 0\n');
    write(path.join(dir, 'kinetics400/videos_val/broken.mp4'), 'not a video');
    const ds = await kinetics400Dataset.load(kinetics400Dataset.configSchema.parse({ size: 8, shortSide: 10, numSegments: 3 }), { dataDir: dir, rng: new Rng(1) });
    if (!ffmpegAvailable()) {
      expect(() => firstBatch(ds, 'train', [1, 3, 8, 8, 3])).toThrow('ffmpeg not found: install the Debian package ffmpeg (apt-get install ffmpeg)');
      return;
    }
    fs.mkdirSync(path.join(vids, 'zumba'));
    const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=40x30:rate=10:duration=1', '-c:v', 'mpeg4', '-pix_fmt', 'yuv420p', path.join(vids, 'zumba/x.mp4')]);
    expect(r.status).toBe(0);
    expect(firstBatch(ds, 'train', [1, 3, 8, 8, 3], { shuffle: new Rng(1) })).toEqual([399]);
    expect(() => firstBatch(ds, 'val', [1, 3, 8, 8, 3])).toThrow(DataCorruptError);
    expect(() => firstBatch(ds, 'val', [1, 3, 8, 8, 3])).toThrow(/broken\.mp4: ffmpeg cannot read it/);
    // the official csvs instead of mmaction2's lists: classes are the sorted training labels
    const k = tempDir('zoo-k400-');
    write(path.join(k, 'kinetics400/annotations/kinetics_train.csv'), 'label,youtube_id,time_start,time_end,split\n"arm wrestling",abc,10,20,train\nzumba,def,0,10,train\n');
    write(path.join(k, 'kinetics400/annotations/kinetics_val.csv'), 'label,youtube_id,time_start,time_end,split\nzumba,ghi,5,15,val\n');
    for (const [sub, name] of [['videos_train/arm_wrestling', 'abc_000010_000020.mp4'], ['videos_train/zumba', 'def_000000_000010.mp4'], ['videos_val/zumba', 'ghi_000005_000015.mp4']]) {
      fs.mkdirSync(path.join(k, 'kinetics400', sub), { recursive: true });
      fs.copyFileSync(path.join(vids, 'zumba/x.mp4'), path.join(k, 'kinetics400', sub, name));
    }
    const csv = await kinetics400Dataset.load(kinetics400Dataset.configSchema.parse({ size: 8, shortSide: 10, numSegments: 2 }), { dataDir: k, rng: new Rng(1) });
    expect(csv.meta).toMatchObject({ numClasses: 2, classNames: ['arm wrestling', 'zumba'], sizes: { train: 2, val: 1, test: 1 } });
    expect(firstBatch(csv, 'train', [2, 2, 8, 8, 3], { batchSize: 2, shuffle: new Rng(1) }).sort()).toEqual([0, 1]);
    expect(firstBatch(csv, 'val', [1, 2, 8, 8, 3])).toEqual([1]);
    fs.rmSync(k, { recursive: true, force: true });
  });
});
