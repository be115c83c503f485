import { writeNpy } from '../testing/npy-writer';
import { NpyError, readNpy } from './npy';

describe('strict .npy reader', () => {
  it.each([1, 2, 3] as const)('reads format version %i.0, float32 and float64 (converted), C order', (version) => {
    const a = readNpy(writeNpy([1.5, -2, 3, 4, 5, 6], [2, 3], { version }));
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data)).toEqual([1.5, -2, 3, 4, 5, 6]);
    const b = readNpy(writeNpy([0.25, 1 / 3], [2], { descr: '<f8', version }));
    expect(b.descr).toBe('<f8');
    expect(b.data[1]).toBeCloseTo(1 / 3, 7);
  });

  it('refuses, with offset and reason: bad magic, big-endian, ints, objects, Fortran order, truncated data', () => {
    const cases: [Uint8Array, RegExp][] = [
      [new TextEncoder().encode('PK\x03\x04 a zip, not npy'), /bad magic/],
      [writeNpy([1, 2], [2], { descr: '>f4' }), /big-endian/],
      [writeNpy([1, 2], [2], { descr: '<i8' }), /float32\/float64/],
      [writeNpy([1, 2], [2], { descr: '|O' }), /pickles/],
      [writeNpy([1, 2], [1, 2], { fortran: true }), /Fortran/],
      [(() => { const b = writeNpy([1, 2, 3, 4], [2, 2]); return b.subarray(0, b.length - 8); })(), /truncated data/],
    ];
    for (const [bytes, msg] of cases) {
      let err: unknown;
      try {
        readNpy(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NpyError);
      expect((err as NpyError).message).toMatch(msg);
      expect(typeof (err as NpyError).offset).toBe('number');
    }
  });
});
