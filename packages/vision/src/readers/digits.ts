import * as fs from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataCorruptError } from '@zoo/core';
import { findDataFile } from './mnist';

/**
 * scikit-learn's 8×8 handwritten digits (1,797 images, BSD-3-Clause): one CSV line per image, 64 pixel
 * values 0..16 then the label 0..9, gzipped or not. Pixels are scaled to [0, 1] as x = v / 16.
 * This package embeds a copy (`data/sklearn-digits/digits.csv.gz`, license beside it); a copy under
 * `<data-dir>/sklearn-digits/` wins over it.
 */

/** This package's embedded data folder (`packages/vision/data`; the same from `src/` and `dist/`). */
export const EMBEDDED_DATA_DIR = path.join(__dirname, '..', '..', 'data');

export const DIGITS_LAYOUT = '<data-dir>/sklearn-digits/digits.csv[.gz] (64 pixel values 0..16, then the label)';
export const DIGITS_LICENSE = 'BSD-3-Clause (scikit-learn), data/sklearn-digits/COPYING.scikit-learn';

/** The digits file: under `dataDir/sklearn-digits/` if there, else the embedded copy. */
export function locateDigits(dataDir?: string): { file: string; source: 'data-dir' | 'embedded' } | undefined {
  const fromDir = dataDir ? findDataFile(path.join(dataDir, 'sklearn-digits'), 'digits.csv') : undefined;
  if (fromDir) return { file: fromDir, source: 'data-dir' };
  const embedded = findDataFile(path.join(EMBEDDED_DATA_DIR, 'sklearn-digits'), 'digits.csv');
  return embedded ? { file: embedded, source: 'embedded' } : undefined;
}

/** sklearn's digits CSV: images N·64 in [0, 1] and int32 labels; a bad line is named by number. */
export function readDigitsCsv(file: string): { images: Float32Array; labels: Int32Array } {
  const raw = fs.readFileSync(file);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const images = new Float32Array(lines.length * 64);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    const v = line.split(',').map(Number);
    if (v.length !== 65) throw new DataCorruptError(file, `line ${i + 1} has ${v.length} values, expected 64 pixels and a label`);
    for (let p = 0; p < 64; p++) {
      if (!(v[p] >= 0 && v[p] <= 16)) throw new DataCorruptError(file, `line ${i + 1}: pixel ${p} = ${v[p]} is outside 0..16`);
      images[i * 64 + p] = v[p] / 16;
    }
    if (!Number.isInteger(v[64]) || v[64] < 0 || v[64] > 9) throw new DataCorruptError(file, `line ${i + 1}: label ${v[64]} is not a digit`);
    labels[i] = v[64];
  });
  return { images, labels };
}
