import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataCorruptError, DataReadError } from '@zoo/core';
import { encodeIdx, IdxError, readIdx, readIdxFile } from './idx';

/** An IDX header of any data type (encodeIdx writes only unsigned bytes). */
function idxBytes(dims: number[], data: ArrayLike<number>, type = 0x08): Uint8Array {
  const out = encodeIdx(dims, data);
  out[2] = type;
  return out;
}

describe('IDX reader', () => {
  it('reads images and labels, gzipped or not (big-endian sizes)', () => {
    const px = Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    for (const bytes of [idxBytes([2, 3, 4], px), gzipSync(idxBytes([2, 3, 4], px))]) {
      const a = readIdx(bytes);
      expect(a.dims).toEqual([2, 3, 4]);
      expect(Array.from(a.data)).toEqual(px);
    }
  });

  it('encodeIdx writes the header by hand: magic 00 00 08 DD, big-endian sizes, then the bytes', () => {
    expect(Array.from(encodeIdx([2, 258], new Uint8Array(516)).subarray(0, 12))).toEqual([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 1, 2]);
    expect(() => encodeIdx([2, 2], [1, 2, 3])).toThrow(/3 values for dims 2×2/);
  });

  it('refuses a wrong magic, a non-byte type, truncated data and a damaged gzip stream, with the offset', () => {
    const gz = gzipSync(idxBytes([4], [1, 2, 3, 4]));
    const cases: [Uint8Array, RegExp, number][] = [
      [new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), /bad magic 50 4b 03 04/, 0],
      [idxBytes([2], [1, 2], 0x0d), /not unsigned byte/, 2],
      [idxBytes([4], [1, 2, 3, 4]).subarray(0, 10), /truncated: dims \(4\) need 4 data bytes, 2 present/, 10],
      [gz.subarray(0, gz.length - 6), /gzip stream is damaged/, 0],
      [new Uint8Array([0, 0]), /file of 2 bytes has no IDX header/, 0],
    ];
    for (const [bytes, msg, offset] of cases) {
      let err: unknown;
      try {
        readIdx(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DataCorruptError); // IdxError, or core's for the gzip stream
      expect((err as IdxError).message).toMatch(msg);
      expect((err as IdxError).offset).toBe(offset);
    }
  });

  it('a gzip bomb is stopped at its header: huge declared dims, or more bytes than the header declares', () => {
    // 16 MiB of zeros behind a header declaring 4096×4096 bytes: refused before inflating, naming the dims
    const huge = gzipSync(Buffer.concat([Buffer.from([0, 0, 8, 2, 0, 0, 16, 0, 0, 0, 16, 0]), Buffer.alloc(1 << 24)]));
    expect(() => readIdx(huge, { file: 'bomb.gz', maxInflatedBytes: 1 << 20 })).toThrow(/bomb\.gz at byte 4: header declares dims 4096×4096, 16777228 bytes inflated, more than the limit of 1048576/);
    // a valid 2-byte header followed by 16 MiB of zeros: inflation stops at the declared 11 bytes
    const padded = gzipSync(Buffer.concat([encodeIdx([3], [1, 2, 3]), Buffer.alloc(1 << 24)]));
    expect(() => readIdx(padded, { file: 'pad.gz' })).toThrow(/pad\.gz: inflates to more than 11 bytes/);
    expect(() => readIdx(Buffer.concat([encodeIdx([3], [1, 2, 3]), Buffer.alloc(5)]), { file: 'two' })).toThrow(/two at byte 11: 5 bytes after the 3 data bytes/);
    expect(readIdx(gzipSync(encodeIdx([3], [1, 2, 3])), { maxInflatedBytes: 11 }).dims).toEqual([3]);
  });

  it('readIdxFile names the file for a folder, a damaged file and the wrong rank', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-vision-idx-'));
    try {
      expect(() => readIdxFile(dir)).toThrow(DataReadError);
      const f = path.join(dir, 'labels');
      fs.writeFileSync(f, encodeIdx([2, 1], [1, 2]));
      expect(() => readIdxFile(f, 1)).toThrow(/labels at byte 3: 2 dimensions, expected 1 \(labels\)/);
      fs.writeFileSync(f, encodeIdx([2], [1, 2]).subarray(0, 9));
      expect(() => readIdxFile(f, 1)).toThrow(DataCorruptError);
      expect(() => readIdxFile(f, 1)).toThrow(/labels at byte 9: truncated/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
