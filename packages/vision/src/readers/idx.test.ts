import { gzipSync } from 'node:zlib';
import { encodeIdx, IdxError, readIdx } from './idx';

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
      expect(err).toBeInstanceOf(IdxError);
      expect((err as IdxError).message).toMatch(msg);
      expect((err as IdxError).offset).toBe(offset);
    }
  });
});
