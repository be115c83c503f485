import { constants } from 'node:buffer';
import * as path from 'node:path';
import { dataLimits, DataCorruptError, gunzipBounded, isGzip, readDataFile } from '@zoo/core';
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

/** A CSV field: a non-negative decimal number (no empty fields, hex, exponents or signs). */
const NUMBER = /^\s*\d+(\.\d*)?\s*$/;

/**
 * sklearn's digits CSV: images N·64 in [0, 1] and int32 labels; a bad line is named by number. The
 * text (inflated when gzipped) is bounded by the data limits and by the longest string V8 can hold.
 */
export function readDigitsCsv(file: string): { images: Float32Array; labels: Int32Array } {
  const limits = dataLimits();
  const raw = readDataFile(file, { maxBytes: Math.min(limits.maxFileBytes, constants.MAX_STRING_LENGTH) });
  const text = (isGzip(raw) ? gunzipBounded(raw, file, Math.min(limits.maxInflatedBytes, constants.MAX_STRING_LENGTH)) : raw).toString('utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new DataCorruptError(file, 'no data lines (an empty file): expected 64 pixel values and a label per line', 0);
  const images = new Float32Array(lines.length * 64);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, i) => {
    const fields = line.split(',');
    if (fields.length !== 65) throw new DataCorruptError(file, `line ${i + 1} has ${fields.length} values, expected 64 pixels and a label`);
    const bad = fields.findIndex((f) => !NUMBER.test(f));
    if (bad >= 0) throw new DataCorruptError(file, `line ${i + 1}: value ${bad + 1} '${fields[bad].trim().slice(0, 20)}' is not a number`);
    const v = fields.map(Number);
    for (let p = 0; p < 64; p++) {
      if (!(v[p] >= 0 && v[p] <= 16)) throw new DataCorruptError(file, `line ${i + 1}: pixel ${p} = ${v[p]} is outside 0..16`);
      images[i * 64 + p] = v[p] / 16;
    }
    if (!Number.isInteger(v[64]) || v[64] < 0 || v[64] > 9) throw new DataCorruptError(file, `line ${i + 1}: label ${v[64]} is not a digit`);
    labels[i] = v[64];
  });
  return { images, labels };
}
