import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataCorruptError, DataMissingError, DataReadError } from '@zoo/core';
import { PNG } from 'pngjs';
import { listLabelledImages, readImages } from './labelled-folder';

function writePng(file: string, w: number, h: number, rgb: (x: number, y: number) => [number, number, number]): void {
  const p = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) p.data.set([...rgb(x, y), 255], (y * w + x) * 4);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(p));
}

describe('labelled image folders (files named …_<label>_<bias>.png)', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-vision-folder-'));
    writePng(path.join(root, 'align', '1', '3_1_1.png'), 4, 4, () => [0, 255, 0]);
    writePng(path.join(root, 'align', '0', '2_0_0.png'), 4, 4, () => [250, 5, 0]);
    writePng(path.join(root, 'align', '0', '1_0_0.png'), 8, 8, (x) => [x < 4 ? 0 : 200, 0, 0]);
    fs.writeFileSync(path.join(root, 'align', '0', 'notes.txt'), 'not an image');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists images in sorted order with label and bias from their names (other files skipped)', () => {
    const files = listLabelledImages(path.join(root, 'align'), 2, 'layout');
    expect(files.map((f) => [path.relative(root, f.file), f.label, f.bias])).toEqual([
      [path.join('align', '0', '1_0_0.png'), 0, 0],
      [path.join('align', '0', '2_0_0.png'), 0, 0],
      [path.join('align', '1', '3_1_1.png'), 1, 1],
    ]);
    expect(listLabelledImages(path.join(root, 'align', '0'), 1, 'layout')).toHaveLength(2);
  });

  it('reads the files into [n, size, size, 3] bytes, resized where needed, with labels and bias', () => {
    const r = readImages(listLabelledImages(path.join(root, 'align'), 2, 'layout'), 4);
    expect(r.images.length).toBe(3 * 48);
    expect(Array.from(r.labels)).toEqual([0, 0, 1]);
    expect(Array.from(r.bias)).toEqual([0, 0, 1]);
    expect(Array.from(r.images.subarray(0, 3 * 4)).filter((_, i) => i % 3 === 0)).toEqual([0, 0, 200, 200]);
    expect(Array.from(r.images.subarray(48, 51))).toEqual([250, 5, 0]);
  });

  it('a missing folder, an empty one and a badly named file are named', () => {
    expect(() => listLabelledImages(path.join(root, 'nope'), 2, 'THE LAYOUT')).toThrow(DataMissingError);
    fs.mkdirSync(path.join(root, 'empty', 'a'), { recursive: true });
    expect(() => listLabelledImages(path.join(root, 'empty'), 2, 'THE LAYOUT')).toThrow(/no PNG\/JPEG images in its sub-folders \(expected layout: THE LAYOUT\)/);
    writePng(path.join(root, 'bad', 'd', 'noname.png'), 2, 2, () => [0, 0, 0]);
    expect(() => listLabelledImages(path.join(root, 'bad'), 2, 'layout')).toThrow(DataCorruptError);
    expect(() => listLabelledImages(path.join(root, 'bad'), 2, 'layout')).toThrow(/noname\.png.*_<label>_<bias>\.png/);
  });

  it('links are followed inside the dataset folder only; a file for a folder, a link loop and huge labels are named', () => {
    writePng(path.join(root, 'elsewhere', '9_1_0.png'), 2, 2, () => [1, 2, 3]);
    fs.mkdirSync(path.join(root, 'linked', 'c'), { recursive: true });
    fs.symlinkSync(path.join(root, 'align', '1', '3_1_1.png'), path.join(root, 'linked', 'c', '5_1_1.png'));
    expect(listLabelledImages(path.join(root, 'linked'), 2, 'layout', root).map((f) => f.label)).toEqual([1]);
    // the same link is outside when the folder itself is the root
    expect(() => listLabelledImages(path.join(root, 'linked'), 2, 'layout')).toThrow(/5_1_1\.png.*is a link to .*outside the dataset folder/);
    fs.symlinkSync(path.join(root, 'nowhere.png'), path.join(root, 'linked', 'c', '6_1_1.png'));
    expect(() => listLabelledImages(path.join(root, 'linked'), 2, 'layout', root)).toThrow(/6_1_1\.png: a broken symbolic link/);
    expect(() => listLabelledImages(path.join(root, 'align', '1', '3_1_1.png'), 1, 'L')).toThrow(DataReadError);
    expect(() => listLabelledImages(path.join(root, 'align', '1', '3_1_1.png'), 1, 'L')).toThrow(/3_1_1\.png: it is a file, expected a folder/);
    writePng(path.join(root, 'huge', '1_99999999999999999999_0.png'), 2, 2, () => [0, 0, 0]);
    expect(() => listLabelledImages(path.join(root, 'huge'), 1, 'L')).toThrow(/label 99999999999999999999 .* not class numbers/);
    fs.mkdirSync(path.join(root, 'loop', 'c'), { recursive: true });
    fs.symlinkSync(path.join(root, 'loop', 'c', 'x_1_1.png'), path.join(root, 'loop', 'c', 'x_1_1.png'));
    expect(() => listLabelledImages(path.join(root, 'loop'), 2, 'L', root)).toThrow(/cannot read .*x_1_1\.png: too many symbolic links/);
  });
});
