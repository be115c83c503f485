import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataCorruptError, DataMissingError, Rng } from '@zoo/core';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { cropFlip } from './biased-dataset';
import { bffhqDataset, celebaConfigSchema, celebaDataset, cifar10cConfigSchema, cifar10cDataset } from './image-datasets';
import { decodeImage, listLabelledImages, resizeRgb } from './image-folder';

function png(file: string, w: number, h: number, rgb: (x: number, y: number) => [number, number, number]): void {
  const p = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = rgb(x, y);
      p.data.set([r, g, b, 255], (y * w + x) * 4);
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(p));
}

describe('biased image folders (DisEnt/DCWP release layout)', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-imgs-'));
    const c = path.join(root, 'cifar10c');
    // 5pct: 3 aligned images of class 0 and 1, one conflicting (label 1, bias 4); test: 2 images
    png(path.join(c, '5pct', 'align', '0', '1_0_0.png'), 32, 32, () => [255, 0, 0]);
    png(path.join(c, '5pct', 'align', '0', '2_0_0.png'), 32, 32, () => [250, 5, 0]);
    png(path.join(c, '5pct', 'align', '1', '3_1_1.png'), 32, 32, () => [0, 255, 0]);
    png(path.join(c, '5pct', 'conflict', '1', '4_1_4.png'), 32, 32, () => [0, 0, 255]);
    png(path.join(c, 'test', '0', '5_0_3.png'), 32, 32, (x) => [x * 8, 0, 0]);
    png(path.join(c, 'test', '1', '6_1_1.png'), 16, 16, () => [10, 20, 30]);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads label and bias from the file names, in sorted order', () => {
    const files = listLabelledImages(path.join(root, 'cifar10c', '5pct', 'align'), 2, 'layout');
    expect(files.map((f) => [path.basename(f.file), f.label, f.bias])).toEqual([
      ['1_0_0.png', 0, 0],
      ['2_0_0.png', 0, 0],
      ['3_1_1.png', 1, 1],
    ]);
  });

  it('decodes PNG and JPEG to RGB; a damaged file and a badly named one are named', () => {
    const p = decodeImage(path.join(root, 'cifar10c', 'test', '0', '5_0_3.png'));
    expect([p.height, p.width]).toEqual([32, 32]);
    expect(Array.from(p.data.subarray(0, 6))).toEqual([0, 0, 0, 8, 0, 0]);
    const jpg = path.join(root, 'x_1_0.jpg');
    const rgba = Buffer.alloc(8 * 8 * 4, 0);
    for (let i = 0; i < 64; i++) rgba.set([200, 100, 50, 255], i * 4);
    fs.writeFileSync(jpg, jpeg.encode({ data: rgba, width: 8, height: 8 }, 95).data);
    const j = decodeImage(jpg);
    expect(Math.abs(j.data[0] - 200)).toBeLessThan(6);
    expect(Math.abs(j.data[1] - 100)).toBeLessThan(6);
    const bad = path.join(root, 'bad', 'd', '7_0_0.png');
    fs.mkdirSync(path.dirname(bad), { recursive: true });
    fs.writeFileSync(bad, Buffer.concat([fs.readFileSync(path.join(root, 'cifar10c', 'test', '0', '5_0_3.png')).subarray(0, 60)]));
    expect(() => decodeImage(bad)).toThrow(DataCorruptError);
    expect(() => decodeImage(bad)).toThrow(/7_0_0\.png.*cannot decode/);
    fs.writeFileSync(path.join(root, 'bad', 'd', 'noname.png'), fs.readFileSync(path.join(root, 'cifar10c', 'test', '0', '5_0_3.png')));
    expect(() => listLabelledImages(path.join(root, 'bad'), 2, 'layout')).toThrow(/noname\.png.*_<label>_<bias>\.png/);
  });

  it('resizes bilinearly (a constant image stays constant; 2× down averages pixel pairs)', () => {
    expect(Array.from(resizeRgb(new Uint8Array(4 * 4 * 3).fill(77), 4, 4, 2, 2))).toEqual(new Array(12).fill(77));
    const ramp = Uint8Array.from({ length: 4 * 3 }, (_, i) => Math.floor(i / 3) * 10); // 1×4: 0, 10, 20, 30
    expect(Array.from(resizeRgb(ramp, 1, 4, 1, 2)).filter((_, i) => i % 3 === 0)).toEqual([5, 25]);
  });

  it('cifar10c: train = align + conflict, test with a resized image, normalized batches; missing data named', async () => {
    const ds = await cifar10cDataset.load(cifar10cConfigSchema.parse({}), { dataDir: root, rng: new Rng(1) });
    expect(ds.meta.sizes).toEqual({ train: 4, val: 0, test: 2 });
    expect(ds.meta.conflicting).toEqual({ train: 1, val: 0, test: 1 });
    const b = (ds as import('./biased-dataset').BiasedImageDataset).batchAt('train', Int32Array.from([0]));
    expect(b.x.shape).toEqual([1, 32, 32, 3]);
    const px = b.x.dataSync();
    expect(px[0]).toBeCloseTo((1 - 0.4914) / 0.2023, 4);
    expect(px[1]).toBeCloseTo((0 - 0.4822) / 0.1994, 4);
    b.dispose();
    await expect(cifar10cDataset.load(cifar10cConfigSchema.parse({ conflictPct: 1 }), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(DataMissingError);
    await expect(cifar10cDataset.load(cifar10cConfigSchema.parse({ conflictPct: 1 }), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(/cifar10c[/\\]1pct[/\\]align/);
    await expect(bffhqDataset.load({ size: 224 }, { rng: new Rng(1) })).rejects.toThrow(/--data-dir/);
    expect(cifar10cConfigSchema.safeParse({ conflictPct: 3 }).success).toBe(false);
  });

  it('random crop with zero padding and horizontal flip (torchvision RandomCrop(padding) + flip)', () => {
    // 1×3 image with one channel: a crop shift moves it and fills zeros; the flip mirrors it
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const img = Float32Array.from([1, 2, 3]);
      cropFlip(img, [1, 3, 1], 1, true, new Rng(seed));
      seen.add(Array.from(img).join(','));
    }
    // vertical shifts of a 1-row image give all zeros; horizontal ones shift in a zero
    for (const v of ['1,2,3', '3,2,1', '0,1,2', '2,3,0', '0,3,2', '2,1,0', '0,0,0']) expect(seen.has(v)).toBe(true);
    expect(seen.size).toBe(7);
  });

  it('celeba: Blond_Hair labels, bias = 1 − Male, the official partition; bad lines named', async () => {
    const c = path.join(root, 'celeba');
    fs.mkdirSync(path.join(c, 'img_align_celeba'), { recursive: true });
    const names = ['000001.jpg', '000002.jpg', '000003.jpg'];
    for (const n of names) {
      const rgba = Buffer.alloc(6 * 5 * 4, 128);
      fs.writeFileSync(path.join(c, 'img_align_celeba', n), jpeg.encode({ data: rgba, width: 6, height: 5 }, 90).data);
    }
    fs.writeFileSync(path.join(c, 'list_attr_celeba.txt'), '3\nBlond_Hair Male Smiling\n000001.jpg  1 -1 1\n000002.jpg -1  1 1\n000003.jpg  1  1 -1\n');
    fs.writeFileSync(path.join(c, 'list_eval_partition.txt'), '000001.jpg 0\n000002.jpg 0\n000003.jpg 2\n');
    const ds = (await celebaDataset.load(celebaConfigSchema.parse({ size: 4 }), { dataDir: root, rng: new Rng(1) })) as import('./biased-dataset').BiasedImageDataset;
    expect(ds.meta.sizes).toEqual({ train: 2, val: 0, test: 1 });
    expect(Array.from(ds.splits.train.labels)).toEqual([1, 0]);
    expect(Array.from(ds.splits.train.bias)).toEqual([1, 0]); // female blond, male non-blond: both aligned
    expect(Array.from(ds.conflicting('test'))).toEqual([1]); // a blond man
    fs.writeFileSync(path.join(c, 'list_eval_partition.txt'), '000001.jpg 0\n000009.jpg 1\n');
    await expect(celebaDataset.load(celebaConfigSchema.parse({}), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(/list_eval_partition\.txt.*line 2/);
    fs.writeFileSync(path.join(c, 'list_attr_celeba.txt'), '3\nBlond_Hair Male Smiling\n000001.jpg  1 -1\n');
    await expect(celebaDataset.load(celebaConfigSchema.parse({}), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(/list_attr_celeba\.txt.*line 3: 2 attribute values, expected 3/);
  });
});
