import fc from 'fast-check';
import { fileMutation, FUZZ_SEED, fuzzOptions, mutatedBytes } from '@zoo/core/fuzz';
import { writeNpy } from '../testing/npy-writer';
import { NpyError, readNpy } from './npy';

const validNpy = fc
  .record({
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
    descr: fc.constantFrom('<f4', '<f8'),
    version: fc.constantFrom(1 as const, 2 as const, 3 as const),
  })
  .map(({ shape, descr, version }) => writeNpy(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i / 2), shape, { descr, version }));

describe(`.npy reader fuzz (seed ${FUZZ_SEED})`, () => {
  it('a mutated .npy reads as an array its bytes hold, or is refused with an NpyError at an offset inside the file', () => {
    fc.assert(
      fc.property(validNpy, fileMutation({ text: true }), (bytes, m) => {
        const buf = mutatedBytes(bytes, m) ?? new Uint8Array(0);
        try {
          const a = readNpy(buf);
          const count = a.shape.reduce((x, y) => x * y, 1);
          expect(a.data.length).toBe(count);
          expect(count * (a.descr === '<f8' ? 8 : 4)).toBeLessThanOrEqual(buf.length);
        } catch (err) {
          if (!(err instanceof NpyError)) throw err;
          expect(err.offset).toBeGreaterThanOrEqual(0);
          expect(err.offset).toBeLessThanOrEqual(buf.length);
        }
      }),
      fuzzOptions(400),
    );
  });

  it('every truncation, and a huge value written at every offset of the header, is refused or reads', () => {
    const npy = writeNpy([1, 2, 3, 4, 5, 6], [2, 3], { version: 2 });
    const headerEnd = npy.length - 24; // six float32s follow the header
    const cases: Uint8Array[] = [];
    for (let at = 0; at <= npy.length; at++) {
      cases.push(npy.subarray(0, at));
      if (at >= headerEnd) continue;
      for (const h of [[0xff, 0xff, 0xff, 0xff], [0x39, 0x39, 0x39, 0x39]]) {
        const b = Uint8Array.from(npy);
        b.set(h, at); // 0xffffffff as a length, '9999' in the shape text
        cases.push(b);
      }
    }
    for (const b of cases) {
      try {
        const a = readNpy(b);
        expect(a.data.length).toBe(a.shape.reduce((x, y) => x * y, 1));
      } catch (err) {
        if (!(err instanceof NpyError)) throw err;
      }
    }
  });

  it('a shape larger than the data, up to 2^64, is refused before allocating', () => {
    fc.assert(
      fc.property(fc.constantFrom('400000000', '4294967296', '18446744073709551616', '99999999999999999999'), (dim) => {
        // the header declares dim × 2 floats over 4 floats of data
        expect(() => readNpy(writeNpy([1, 2, 3, 4], [Number(dim), 2]))).toThrow(/truncated data|bad dimension/);
      }),
      fuzzOptions(4),
    );
  });
});
