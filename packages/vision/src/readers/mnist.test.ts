import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataCorruptError } from '@zoo/core';
import { encodeIdx } from './idx';
import { findDataFile, readMnistPair } from './mnist';

describe('MNIST IDX pairs', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-vision-mnist-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: Uint8Array) => {
    fs.writeFileSync(path.join(dir, name), bytes);
    return path.join(dir, name);
  };

  it('pixels scaled by 1/255, labels as int32; the .gz twin is found', () => {
    const px = Uint8Array.from({ length: 2 * 784 }, (_, i) => i % 256);
    const images = write('img.gz', gzipSync(encodeIdx([2, 28, 28], px)));
    const labels = write('lab', encodeIdx([2], [3, 9]));
    expect(findDataFile(dir, 'img')).toBe(images);
    expect(findDataFile(dir, 'lab')).toBe(labels);
    expect(findDataFile(dir, 'nothing')).toBeUndefined();
    const m = readMnistPair(images, labels);
    expect(Array.from(m.labels)).toEqual([3, 9]);
    expect(m.images.length).toBe(2 * 784);
    expect(m.images[255]).toBe(1);
    expect(m.images[51]).toBe(Math.fround(51 / 255));
  });

  it('a wrong size, a count mismatch, a non-digit label and a truncated file are named with the offset', () => {
    const images = write('img2', encodeIdx([2, 28, 28], new Uint8Array(2 * 784)));
    const small = write('small', encodeIdx([1, 27, 28], new Uint8Array(27 * 28)));
    expect(() => readMnistPair(small, write('l1', encodeIdx([1], [0])))).toThrow(/small: images are 27×28/);
    expect(() => readMnistPair(images, write('l3', encodeIdx([3], [0, 1, 2])))).toThrow(/3 labels for 2 images/);
    let err: unknown;
    try {
      readMnistPair(images, write('l10', encodeIdx([2], [1, 10])));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataCorruptError);
    expect((err as Error).message).toMatch(/l10 at byte 9: label 10 of image 1 is not a digit/);
    expect(() => readMnistPair(images, write('lt', encodeIdx([2], [1, 2]).subarray(0, 9)))).toThrow(/lt at byte 9: truncated/);
    expect(() => readMnistPair(images, images)).toThrow(/3 dimensions, expected 1 \(labels\)/);
  });
});
