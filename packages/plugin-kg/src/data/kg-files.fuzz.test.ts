import * as fs from 'node:fs';
import fc from 'fast-check';
import { Rng } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { applyMutation, fileMutation, FUZZ_SEED, fuzzOptions, readOrDataError } from '@zoo/core/fuzz';
import { buildKgGraph } from '../graph';
import { KG_FILES, writeTinyKg, type KgSpec } from '../testing/tiny-kg';
import { MAX_RELATIONS, readAlignedKg, reindex, type RawAlignedKg } from './kg-files';

const triple = fc.tuple(fc.nat({ max: 30 }), fc.nat({ max: 5 }), fc.nat({ max: 30 }));
const spec: fc.Arbitrary<KgSpec> = fc.record({
  n1: fc.integer({ min: 1, max: 8 }),
  n2: fc.integer({ min: 1, max: 8 }),
  base: fc.constantFrom(0, 7, 10_500),
  triples1: fc.array(triple, { minLength: 1, maxLength: 10 }),
  triples2: fc.array(triple, { minLength: 1, maxLength: 10 }),
  sup: fc.nat({ max: 3 }),
});

/** What an accepted folder must satisfy: known entities in every triple and pair, relations in range. */
function expectValidKg(raw: RawAlignedKg): void {
  const left = new Set(raw.ents1);
  const right = new Set(raw.ents2);
  expect(left.size + right.size).toBe(raw.ents1.length + raw.ents2.length);
  expect(raw.triples.length % 3).toBe(0);
  for (let i = 0; i < raw.triples.length; i += 3) {
    expect(left.has(raw.triples[i]) || right.has(raw.triples[i])).toBe(true);
    expect(raw.triples[i + 1] >= 0 && raw.triples[i + 1] < MAX_RELATIONS).toBe(true);
    expect(left.has(raw.triples[i + 2]) || right.has(raw.triples[i + 2])).toBe(true);
  }
  expect(raw.ref.length).toBeGreaterThan(0);
  for (const pairs of [raw.ref, raw.sup ?? new Int32Array()]) for (let i = 0; i < pairs.length; i += 2) expect(left.has(pairs[i]) && right.has(pairs[i + 1])).toBe(true);
  const kg = reindex(raw, new Rng(0));
  const g = buildKgGraph(kg.numEntities, kg.numRelations, kg.triples);
  expect(g.numEntities).toBe(raw.ents1.length + raw.ents2.length);
}

describe(`aligned-KG (DBP15K layout) reader fuzz (seed ${FUZZ_SEED})`, () => {
  it('generated folders load', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const dir = tempDir();
        try {
          writeTinyKg(dir, s);
          expectValidKg(readAlignedKg(dir));
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      fuzzOptions(40),
    );
  });

  it('one mutated file (ids, triples, links: bytes, numbers, lines, a folder) loads consistently or is refused naming the file', () => {
    fc.assert(
      fc.property(spec, fc.constantFrom(...KG_FILES), fileMutation({ text: true }), (s, which, m) => {
        const dir = tempDir();
        try {
          const files = writeTinyKg(dir, { ...s, sup: which === 'sup_ent_ids' ? Math.max(1, s.sup) : s.sup });
          applyMutation(files[which], fs.readFileSync(files[which]), m);
          const raw = readOrDataError(() => readAlignedKg(dir), dir);
          if (raw) expectValidKg(raw);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      fuzzOptions(250),
    );
  });
});
