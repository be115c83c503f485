import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataCorruptError, DataMissingError } from '@zoo/core';
import { decodeImage, resizeRgb } from './image-file';

/**
 * The DisEnt/DCWP release layout of biased image sets: class-labelled files whose names end in
 * `_<label>_<bias>.<ext>` (e.g. `align/3/1234_3_3.png`, `conflict/3/88_3_7.png`), PNG or JPEG.
 */
export interface LabelledFile {
  file: string;
  label: number;
  bias: number;
}

const NAME = /_(\d+)_(\d+)\.(png|jpe?g)$/i;
const IMAGE = /\.(png|jpe?g)$/i;

/** Image files under `dir` (`depth` 1: dir/*, 2: dir/*\/*), sorted, with label and bias from their names. */
export function listLabelledImages(dir: string, depth: 1 | 2, layout: string): LabelledFile[] {
  if (!fs.existsSync(dir)) throw new DataMissingError(dir, layout);
  const files: string[] = [];
  const walk = (d: string, left: number) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && left > 1) walk(p, left - 1);
      else if (e.isFile() && left === 1 && IMAGE.test(e.name)) files.push(p);
    }
  };
  walk(dir, depth);
  if (files.length === 0) throw new DataCorruptError(dir, `no PNG/JPEG images ${depth === 2 ? 'in its sub-folders' : 'in it'} (expected layout: ${layout})`);
  return files.map((file) => {
    const m = NAME.exec(path.basename(file));
    if (!m) throw new DataCorruptError(file, 'the file name must end in _<label>_<bias>.png (or .jpg), as the DisEnt/DCWP releases name them');
    return { file, label: Number(m[1]), bias: Number(m[2]) };
  });
}

/** Reads the files into one byte array [n, size, size, 3] (resized where needed) with labels and bias. */
export function readImages(files: LabelledFile[], size: number): { images: Uint8Array; labels: Int32Array; bias: Int32Array } {
  const per = size * size * 3;
  const images = new Uint8Array(files.length * per);
  files.forEach((f, i) => {
    const img = decodeImage(f.file);
    images.set(resizeRgb(img.data, img.height, img.width, size, size), i * per);
  });
  return { images, labels: Int32Array.from(files, (f) => f.label), bias: Int32Array.from(files, (f) => f.bias) };
}
