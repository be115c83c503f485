import fc from 'fast-check';
import { fileMutation, FUZZ_SEED, fuzzOptions, mutatedBytes } from '@zoo/core/testing';
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
