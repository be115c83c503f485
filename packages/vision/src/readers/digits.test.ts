import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataCorruptError } from '@zoo/core';
import { EMBEDDED_DATA_DIR, locateDigits, readDigitsCsv } from './digits';

describe('sklearn digits', () => {
  it('the embedded copy: 1,797 8×8 images in [0, 1], labels 0..9, license beside it', () => {
    const found = locateDigits();
    expect(found?.source).toBe('embedded');
    const d = readDigitsCsv(found!.file);
    expect(d.labels.length).toBe(1797);
    expect(d.images.length).toBe(1797 * 64);
    expect(Math.min(...d.images)).toBe(0);
    expect(Math.max(...d.images)).toBe(1);
    expect(new Set(d.labels).size).toBe(10);
    expect(fs.existsSync(path.join(EMBEDDED_DATA_DIR, 'sklearn-digits', 'COPYING.scikit-learn'))).toBe(true);
  });

  it('a copy under --data-dir wins; x = v / 16; bad lines are named by number', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-vision-digits-'));
    try {
      fs.mkdirSync(path.join(dir, 'sklearn-digits'));
      const line = (v: number, label: number) => [...new Array(64).fill(v), label].join(',');
      const file = path.join(dir, 'sklearn-digits', 'digits.csv.gz');
      fs.writeFileSync(file, gzipSync(`${line(8, 3)}\n${line(16, 9)}\n`));
      expect(locateDigits(dir)).toEqual({ file, source: 'data-dir' });
      const d = readDigitsCsv(file);
      expect(Array.from(d.labels)).toEqual([3, 9]);
      expect(d.images[0]).toBe(0.5);
      expect(d.images[64]).toBe(1);
      const bad = path.join(dir, 'bad.csv');
      for (const [text, msg] of [
        [`${line(1, 1)}\n1,2,3\n`, /line 2 has 3 values/],
        [`${line(17, 1)}\n`, /line 1: pixel 0 = 17 is outside 0..16/],
        [`${line(1, 12)}\n`, /line 1: label 12 is not a digit/],
        [`${line(1, 1).replace('1,', ',')}\n`, /line 1: value 1 '' is not a number/],
        [`${line(1, 1).replace('1,', '0x1,')}\n`, /line 1: value 1 '0x1' is not a number/],
        ['', /no data lines \(an empty file\)/],
        ['\n \n', /no data lines/],
      ] as const) {
        fs.writeFileSync(bad, text);
        expect(() => readDigitsCsv(bad)).toThrow(DataCorruptError);
        expect(() => readDigitsCsv(bad)).toThrow(msg);
      }
      fs.writeFileSync(bad, gzipSync(Buffer.alloc(1 << 20, 0x30)));
      process.env.ZOO_MAX_INFLATED_BYTES = '65536';
      expect(() => readDigitsCsv(bad)).toThrow(/bad\.csv: inflates to more than 65536 bytes/);
      expect(() => readDigitsCsv(dir)).toThrow(/cannot read .*: it is a folder/);
    } finally {
      delete process.env.ZOO_MAX_INFLATED_BYTES;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
