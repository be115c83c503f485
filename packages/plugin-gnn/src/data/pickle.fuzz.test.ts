import fc from 'fast-check';
import { fileMutation, FUZZ_SEED, fuzzOptions, mutatedBytes } from '@zoo/core/testing';
import { PickleWriter } from '../testing/pickle-writer';
import { ndarrayToFloat64, PickleError, readPickle, type NdArray } from './pickle';

/** Small pickles as Planetoid writes them: a CSR matrix, a dense array, an adjacency dict. */
const validPickle = fc.oneof(
  fc.record({ rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 5 }), seed: fc.nat() }).map(({ rows, cols, seed }) =>
    new PickleWriter().csr(rows, cols, Array.from({ length: rows * cols }, (_, i) => ((i * 7 + seed) % 3 === 0 ? 1 : 0))).done(),
  ),
  fc.record({ rows: fc.integer({ min: 1, max: 5 }), cols: fc.integer({ min: 1, max: 4 }), dtype: fc.constantFrom('i4' as const, 'f4' as const, 'f8' as const) }).map(({ rows, cols, dtype }) =>
    new PickleWriter().ndarray([rows, cols], dtype, Array.from({ length: rows * cols }, (_, i) => i % 2)).done(),
  ),
  fc.array(fc.array(fc.nat({ max: 300 }), { maxLength: 4 }), { minLength: 1, maxLength: 6 }).map((lists) => new PickleWriter().graph(new Map(lists.map((l, i) => [i, l]))).done()),
);

describe(`pickle reader fuzz (seed ${FUZZ_SEED})`, () => {
  it('a mutated pickle decodes or is refused with a PickleError at an offset inside the file, never another exception', () => {
    fc.assert(
      fc.property(validPickle, fileMutation(), (bytes, m) => {
        const buf = mutatedBytes(bytes, m) ?? new Uint8Array(0);
        let value: unknown;
        try {
          value = readPickle(buf);
        } catch (err) {
          if (!(err instanceof PickleError)) throw err;
          expect(err.offset).toBeGreaterThanOrEqual(0);
          expect(err.offset).toBeLessThanOrEqual(buf.length);
          return;
        }
        // whatever decoded: its arrays read back without running past their bytes
        const arrays: NdArray[] = [];
        const v = value as { kind?: string; indptr?: NdArray; indices?: NdArray; data?: NdArray };
        if (v?.kind === 'ndarray') arrays.push(value as NdArray);
        if (v?.kind === 'csr_matrix') arrays.push(v.indptr!, v.indices!, v.data!);
        for (const a of arrays) {
          try {
            expect(ndarrayToFloat64(a).length).toBe(a.shape.reduce((x, y) => x * y, 1));
          } catch (err) {
            expect((err as Error).message).toMatch(/numpy array without its data/);
          }
        }
      }),
      fuzzOptions(400),
    );
  });

  it('every truncation, and a huge length or count written at every offset, is refused or decodes (lengths checked against the bytes left)', () => {
    const csr = new PickleWriter().csr(3, 4, [1, 0, 0, 2, 0, 3, 0, 0, 0, 0, 4, 5]).done();
    const huge = [[0xff, 0xff, 0xff, 0xff], [0xff, 0xff, 0xff, 0x7f], [0x00, 0x84, 0xd7, 0x17]];
    const cases: Uint8Array[] = [];
    for (let at = 0; at < csr.length; at++) {
      cases.push(csr.subarray(0, at));
      for (const h of huge) {
        const b = Uint8Array.from(csr);
        b.set(h.slice(0, Math.min(4, b.length - at)), at);
        cases.push(b);
      }
    }
    for (const b of cases) {
      try {
        readPickle(b);
      } catch (err) {
        if (!(err instanceof PickleError)) throw err;
      }
    }
  });

  it('a byte string longer than the call stack allows as arguments decodes (no spread)', () => {
    const long = 'k'.repeat(300_000);
    const p = new PickleWriter().op(0x7d).bytes(long).int(1).op(0x73).done();
    expect((readPickle(p) as Map<string, number>).get(long)).toBe(1);
  });
});
