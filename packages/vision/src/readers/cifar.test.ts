import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataCorruptError, DataMissingError, DataReadError } from '@zoo/core';
import { readCifarBinary, readCifarFile } from './cifar';

describe('CIFAR binary reader', () => {
  it('reads CIFAR-10 records into NHWC [0, 1] and CIFAR-100 fine labels', () => {
    const rec = new Uint8Array(1 + 3072);
    rec[0] = 7;
    rec[1] = 255; // R of pixel 0
    rec[1 + 1024] = 51; // G of pixel 0
    rec[1 + 2048 + 1] = 102; // B of pixel 1
    const a = readCifarBinary(rec, 10);
    expect(a.labels[0]).toBe(7);
    expect(a.images[0]).toBe(1);
    expect(a.images[1]).toBeCloseTo(0.2, 6);
    expect(a.images[3 + 2]).toBeCloseTo(0.4, 6);
    const r100 = new Uint8Array(2 + 3072);
    r100[0] = 3; // coarse
    r100[1] = 42; // fine
    expect(readCifarBinary(r100, 100).labels[0]).toBe(42);
  });

  it('refuses truncated files and out-of-range labels', () => {
    expect(() => readCifarBinary(new Uint8Array(3000), 10)).toThrow(/not a whole number of 3073-byte CIFAR-10 records/);
    const bad = new Uint8Array(3073);
    bad[0] = 12;
    expect(() => readCifarBinary(bad, 10)).toThrow(/record 0: label 12/);
  });

  it('readCifarFile: a missing file names the layout, a damaged one the file and byte offset', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-vision-cifar-'));
    try {
      expect(() => readCifarFile(path.join(dir, 'test_batch.bin'), 10, 'LAYOUT')).toThrow(DataMissingError);
      const file = path.join(dir, 'data_batch_1.bin');
      const two = new Uint8Array(2 * 3073);
      two[3073] = 11;
      fs.writeFileSync(file, two);
      expect(() => readCifarFile(file, 10, 'LAYOUT')).toThrow(DataCorruptError);
      expect(() => readCifarFile(file, 10, 'LAYOUT')).toThrow(/data_batch_1\.bin at byte 3073: record 1: label 11/);
      two[3073] = 1;
      fs.writeFileSync(file, two);
      expect(Array.from(readCifarFile(file, 10, 'LAYOUT').labels)).toEqual([0, 1]);
      fs.writeFileSync(file, new Uint8Array(2 * 3073 + 5));
      expect(() => readCifarFile(file, 10, 'LAYOUT')).toThrow(/data_batch_1\.bin at byte 6146: 6151 bytes is not a whole number of 3073-byte CIFAR-10 records/);
      expect(() => readCifarFile(dir, 10, 'LAYOUT')).toThrow(DataReadError);
      expect(() => readCifarFile(dir, 10, 'LAYOUT')).toThrow(/it is a folder/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
