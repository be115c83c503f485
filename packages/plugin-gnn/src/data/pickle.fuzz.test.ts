import fc from 'fast-check';
import { fileMutation, FUZZ_SEED, fuzzOptions, mutatedBytes } from '@zoo/core/fuzz';
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

/** Random programs over the opcodes the reader knows (a grammar fuzzer: reaches BUILD/REDUCE with odd stacks that byte flips rarely build). */
const enc = (t: string) => Array.from(t, (c) => c.charCodeAt(0));
const token = fc.oneof(
  fc.constantFrom(0x28, 0x29, 0x7d, 0x5d, 0x74, 0x85, 0x86, 0x87, 0x4e, 0x88, 0x89, 0x61, 0x65, 0x73, 0x75, 0x81, 0x52, 0x62, 0x2e).map((op) => [op]),
  fc.nat({ max: 255 }).map((v) => [0x4b, v]),
  fc.nat({ max: 3 }).map((k) => [0x71, k]),
  fc.nat({ max: 3 }).map((k) => [0x68, k]),
  fc.constantFrom('<', '>', 'f4', 'i4', 'f8', 'b', '_shape', 'indptr', 'indices', 'data', '\x00\x00\x80\x3f').map((t) => [0x55, t.length, ...enc(t)]),
  fc
    .constantFrom('scipy.sparse.csr\ncsr_matrix', 'numpy.core.multiarray\n_reconstruct', 'numpy\nndarray', 'numpy\ndtype', 'collections\ndefaultdict', '__builtin__\nlist')
    .map((g) => [0x63, ...enc(`${g}\n`)]),
);
// fragments the real files are made of, so programs reach BUILD on a dtype, an ndarray or a csr_matrix with odd states
const g = (mod: string, name: string) => [0x63, ...enc(`${mod}\n${name}\n`)];
const fragment = fc.constantFrom(
  [...g('numpy', 'dtype'), 0x55, 2, ...enc('f4'), 0x4b, 0, 0x4b, 1, 0x87, 0x52],
  [...g('numpy.core.multiarray', '_reconstruct'), ...g('numpy', 'ndarray'), 0x4b, 0, 0x85, 0x55, 1, ...enc('b'), 0x87, 0x52],
  [...g('scipy.sparse.csr', 'csr_matrix'), 0x29, 0x81],
  [...g('collections', 'defaultdict'), ...g('__builtin__', 'list'), 0x85, 0x52],
);
// an object then one odd state and BUILD (None, an int, a short tuple, a dict ...)
const built = fc.tuple(fragment, fc.array(token, { minLength: 1, maxLength: 3 })).map(([f, state]) => [...f, ...state.flat(), 0x62]);
const program = fc.array(fc.oneof({ arbitrary: token, weight: 4 }, { arbitrary: fragment, weight: 1 }, { arbitrary: built, weight: 2 }), { maxLength: 30 }).map((ts) => Uint8Array.from([0x80, 2, ...ts.flat(), 0x2e]));

describe(`pickle reader fuzz (seed ${FUZZ_SEED})`, () => {
  it('random programs over the known opcodes decode or are refused with a PickleError, never another exception', () => {
    fc.assert(
      fc.property(program, (bytes) => {
        try {
          readPickle(bytes);
        } catch (err) {
          if (!(err instanceof PickleError)) throw err;
        }
      }),
      fuzzOptions(1000),
    );
  });

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
