import * as fs from 'node:fs';
import fc from 'fast-check';
import { tempDir } from '@zoo/core/testing';
import { applyMutation, fileMutation, FUZZ_SEED, fuzzOptions, readOrDataError } from '@zoo/core/fuzz';
import { expectValidGraph } from '../testing/graph-invariants';
import { writeTinyGraphsage, type GraphsageSpec } from '../testing/tiny-graphsage';
import { readGraphsage } from './graphsage';

const spec: fc.Arbitrary<GraphsageSpec> = fc.record({
  n: fc.integer({ min: 2, max: 8 }),
  links: fc.array(fc.tuple(fc.nat({ max: 20 }), fc.nat({ max: 20 })), { maxLength: 12 }),
  classes: fc.integer({ min: 1, max: 4 }),
  features: fc.integer({ min: 1, max: 3 }),
  multi: fc.boolean(),
  byPosition: fc.boolean(),
  f8: fc.boolean(),
  numericIds: fc.boolean(),
});

describe(`GraphSAGE reader fuzz (seed ${FUZZ_SEED})`, () => {
  it('generated datasets load as valid graphs', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const dir = tempDir();
        try {
          writeTinyGraphsage(dir, 'toy', s);
          const g = readGraphsage('toy', dir);
          expectValidGraph(g);
          expect(g.numNodes).toBe(s.n);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      fuzzOptions(40),
    );
  });

  it('one mutated file (JSON or .npy) loads as a valid graph or is refused naming the file, never another exception', () => {
    fc.assert(
      fc.property(spec, fc.constantFrom('G' as const, 'idMap' as const, 'classMap' as const, 'feats' as const), fileMutation({ text: true }), (s, which, m) => {
        const dir = tempDir();
        try {
          const files = writeTinyGraphsage(dir, 'toy', s);
          applyMutation(files[which], fs.readFileSync(files[which]), m);
          const g = readOrDataError(() => readGraphsage('toy', dir), dir);
          if (g) expectValidGraph(g);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      fuzzOptions(200),
    );
  });
});
