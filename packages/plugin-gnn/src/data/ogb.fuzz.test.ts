import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { tempDir } from '@zoo/core/testing';
import { applyMutation, fileMutation, FUZZ_SEED, fuzzOptions, mutatedBytes, readOrDataErrorAsync } from '@zoo/core/fuzz';
import { expectValidGraph } from '../testing/graph-invariants';
import { OGB_FILES, writeTinyOgb, type OgbSpec } from '../testing/tiny-ogb';
import { readOgbNodeDataset } from './ogb';

const spec: fc.Arbitrary<OgbSpec> = fc.record({
  n: fc.integer({ min: 1, max: 8 }),
  features: fc.integer({ min: 1, max: 3 }),
  edges: fc.array(fc.tuple(fc.nat({ max: 20 }), fc.nat({ max: 20 })), { maxLength: 12 }),
  classes: fc.integer({ min: 1, max: 4 }),
  multi: fc.boolean(),
  counts: fc.boolean(),
});

// a gzip bomb is anything past this (1 MiB bombs below); set for the suite, restored after
const LIMIT = 1 << 16;

describe(`OGB reader fuzz (seed ${FUZZ_SEED})`, () => {
  const before = process.env.ZOO_MAX_INFLATED_BYTES;
  beforeAll(() => (process.env.ZOO_MAX_INFLATED_BYTES = String(LIMIT)));
  afterAll(() => (before === undefined ? delete process.env.ZOO_MAX_INFLATED_BYTES : (process.env.ZOO_MAX_INFLATED_BYTES = before)));

  it('generated datasets load as valid graphs', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const dir = tempDir();
        try {
          writeTinyOgb(dir, s);
          const g = await readOgbNodeDataset('toy', dir);
          expectValidGraph(g);
          expect([g.numNodes, g.features.cols]).toEqual([s.n, s.features]);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      fuzzOptions(20, { timeout: 10_000 }),
    );
  });

  it('one mutated csv(.gz) (bytes, text, a folder, a bomb) loads as a valid graph or rejects naming the file: no unhandled stream error, no hang', async () => {
    await fc.assert(
      fc.asyncProperty(spec, fc.constantFrom(...OGB_FILES), fc.boolean(), fileMutation({ text: true, gzip: true }), async (s, which, textLayer, m) => {
        const dir = tempDir();
        try {
          const files = writeTinyOgb(dir, { ...s, counts: s.counts || which.includes('num-') });
          // numbers and lines edit the inflated CSV (re-gzipped); byte mutations hit the compressed bytes, or the CSV when textLayer
          const original = fs.readFileSync(files[which]);
          const bytewise = m.kind !== 'folder' && m.kind !== 'bomb' && m.kind !== 'number' && m.kind !== 'line';
          if (textLayer && bytewise) fs.writeFileSync(files[which], zlib.gzipSync(mutatedBytes(zlib.gunzipSync(original), m)!));
          else applyMutation(files[which], original, m, { gzip: true, bombBytes: 1 << 20 });
          const g = await readOrDataErrorAsync(() => readOgbNodeDataset('toy', dir), dir);
          if (g) expectValidGraph(g);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      fuzzOptions(100, { timeout: 10_000 }),
    );
  });
});
