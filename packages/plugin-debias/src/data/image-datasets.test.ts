import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataCorruptError, DataMissingError, Rng } from '@zoo/core';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { conflicting, conflictingCounts } from './biased-dataset';
import { bffhqDataset, celebaConfigSchema, celebaDataset, cifar10cConfigSchema, cifar10cDataset } from './image-datasets';
import type { ImageDataset } from '@zoo/vision';

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

  it('cifar10c: train = align + conflict, test with a resized image, normalized batches; missing data named', async () => {
    const ds = await cifar10cDataset.load(cifar10cConfigSchema.parse({}), { dataDir: root, rng: new Rng(1) });
    expect(ds.meta.sizes).toEqual({ train: 4, val: 0, test: 2 });
    expect(conflictingCounts(ds as ImageDataset)).toEqual({ train: 1, val: 0, test: 1 });
    const b = (ds as ImageDataset).batchAt('train', Int32Array.from([0]));
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
    const ds = (await celebaDataset.load(celebaConfigSchema.parse({ size: 4 }), { dataDir: root, rng: new Rng(1) })) as ImageDataset;
    expect(ds.meta.sizes).toEqual({ train: 2, val: 0, test: 1 });
    expect(Array.from(ds.splits.train.labels)).toEqual([1, 0]);
    expect(Array.from(ds.attribute('train', 'bias'))).toEqual([1, 0]); // female blond, male non-blond: both aligned
    expect(Array.from(conflicting(ds, 'test'))).toEqual([1]); // a blond man
    fs.writeFileSync(path.join(c, 'list_eval_partition.txt'), '000001.jpg 0\n000009.jpg 1\n');
    await expect(celebaDataset.load(celebaConfigSchema.parse({}), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(/list_eval_partition\.txt.*line 2/);
    // names in the lists are paths: '../' and absolute ones are refused with the list file and line
    fs.writeFileSync(path.join(root, 'secret.jpg'), fs.readFileSync(path.join(c, 'img_align_celeba', '000001.jpg')));
    const lists = (escape: string) => {
      fs.writeFileSync(path.join(c, 'list_attr_celeba.txt'), `2\nBlond_Hair Male Smiling\n000001.jpg  1 -1 1\n${escape} 1 1 1\n`);
      fs.writeFileSync(path.join(c, 'list_eval_partition.txt'), `000001.jpg 0\n${escape} 0\n`);
    };
    lists('../../secret.jpg');
    await expect(celebaDataset.load(celebaConfigSchema.parse({ size: 4 }), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(/list_eval_partition\.txt line 2: path '\.\.\/\.\.\/secret\.jpg' leaves the dataset folder/);
    lists(path.join(root, 'secret.jpg'));
    await expect(celebaDataset.load(celebaConfigSchema.parse({ size: 4 }), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(/list_eval_partition\.txt line 2: absolute path/);
    fs.writeFileSync(path.join(c, 'list_attr_celeba.txt'), '3\nBlond_Hair Male Smiling\n000001.jpg  1 -1 1\n000002.jpg -1  1 1\n000003.jpg  1  1 -1\n');
    fs.writeFileSync(path.join(c, 'list_eval_partition.txt'), '000001.jpg 0\n000002.jpg 0\n000001.jpg 2\n');
    await expect(celebaDataset.load(celebaConfigSchema.parse({}), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(/list_eval_partition\.txt.*line 3: '000001\.jpg' is already listed on line 1/);
    await expect(celebaDataset.load(celebaConfigSchema.parse({ target: 'Bald' }), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(/data\.target: attribute 'Bald' is not in/);
    fs.mkdirSync(path.join(c, 'list_eval_partition.txt.d'));
    fs.rmSync(path.join(c, 'list_eval_partition.txt'));
    fs.renameSync(path.join(c, 'list_eval_partition.txt.d'), path.join(c, 'list_eval_partition.txt'));
    await expect(celebaDataset.load(celebaConfigSchema.parse({}), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(/cannot read .*list_eval_partition\.txt: it is a folder/);
    fs.rmdirSync(path.join(c, 'list_eval_partition.txt'));
    fs.writeFileSync(path.join(c, 'list_eval_partition.txt'), '000001.jpg 0\n');
    fs.writeFileSync(path.join(c, 'list_attr_celeba.txt'), '3\nBlond_Hair Male Smiling\n000001.jpg  1 -1\n');
    await expect(celebaDataset.load(celebaConfigSchema.parse({}), { dataDir: root, rng: new Rng(1) })).rejects.toThrow(/list_attr_celeba\.txt.*line 3: 2 attribute values, expected 3/);
  });
});
