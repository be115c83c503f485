import * as fs from 'node:fs';
import * as path from 'node:path';
import { confinedPath, dataFileError, DataCorruptError, DataMissingError, DataReadError, statData } from '@zoo/core';
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

/**
 * Image files under `dir` (`depth` 1: dir/*, 2: dir/*\/*), sorted, with label and bias from their
 * names. Symbolic links are followed only while they stay inside `root` (default `dir`, the dataset
 * folder); a folder that cannot be listed, a broken link or a link out of `root` is named.
 */
export function listLabelledImages(dir: string, depth: 1 | 2, layout: string, root = dir): LabelledFile[] {
  const st = statData(dir);
  if (!st) throw new DataMissingError(dir, layout);
  if (!st.isDirectory()) throw new DataReadError(dir, 'ENOTDIR', `it is a file, expected a folder (layout: ${layout})`);
  const files: string[] = [];
  const walk = (d: string, left: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (err) {
      throw dataFileError(err, d);
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        confinedPath(root, path.relative(root, p), `${p} (a link in ${root})`);
        const target = statData(p);
        if (!target) throw new DataReadError(p, 'ENOENT', 'a broken symbolic link');
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDir && left > 1) walk(p, left - 1);
      else if (isFile && left === 1 && IMAGE.test(e.name)) files.push(p);
    }
  };
  walk(dir, depth);
  if (files.length === 0) throw new DataCorruptError(dir, `no PNG/JPEG images ${depth === 2 ? 'in its sub-folders' : 'in it'} (expected layout: ${layout})`);
  return files.map((file) => {
    const m = NAME.exec(path.basename(file));
    if (!m) throw new DataCorruptError(file, 'the file name must end in _<label>_<bias>.png (or .jpg), as the DisEnt/DCWP releases name them');
    const [label, bias] = [Number(m[1]), Number(m[2])];
    if (!Number.isSafeInteger(label) || !Number.isSafeInteger(bias)) throw new DataCorruptError(file, `label ${m[1]} / bias ${m[2]} in the file name are not class numbers`);
    return { file, label, bias };
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
