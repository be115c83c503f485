import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { tempDir } from '@zoo/core/testing';
import { applyMutation, fileMutation, FUZZ_SEED, fuzzOptions, readOrDataError, restoreFile } from '@zoo/core/fuzz';
import { expectValidGraph } from '../testing/graph-invariants';
import { writeTinyPlanetoid } from '../testing/tiny-planetoid';
import { readPlanetoid } from './planetoid';

const PARTS = ['x', 'y', 'tx', 'ty', 'allx', 'ally', 'graph', 'test.index'] as const;

describe(`Planetoid reader fuzz (seed ${FUZZ_SEED})`, () => {
  for (const [name, opts] of [
    ['cora', {}],
    ['citeseer', { missingTest: true }],
  ] as const) {
    it(`${name}: one mutated raw file loads as a valid graph or is refused naming the dataset's file, never a crash or a huge allocation`, () => {
      const { dir } = writeTinyPlanetoid(tempDir(), name, opts);
      const file = (part: string) => path.join(dir, `ind.${name}.${part}`);
      const originals = new Map(PARTS.map((p) => [p, fs.readFileSync(file(p))]));
      expectValidGraph(readPlanetoid(name, dir));
      fc.assert(
        fc.property(fc.constantFrom(...PARTS), fileMutation({ text: true }), (part, m) => {
          // numbers and lines are text mutations: test.index is the text file (pickles get them as bytes)
          applyMutation(file(part), originals.get(part)!, m);
          try {
            const g = readOrDataError(() => readPlanetoid(name, dir), dir);
            if (g) expectValidGraph(g);
          } finally {
            restoreFile(file(part), originals.get(part)!);
          }
        }),
        fuzzOptions(120),
      );
    });
  }

  it('a raw file replaced by another valid one (well-formed pickles of the wrong shape or kind) is refused naming the dataset, or loads valid', () => {
    const { dir } = writeTinyPlanetoid(tempDir(), 'citeseer', { missingTest: true });
    const file = (part: string) => path.join(dir, `ind.citeseer.${part}`);
    const originals = new Map(PARTS.map((p) => [p, fs.readFileSync(file(p))]));
    fc.assert(
      fc.property(fc.constantFrom(...PARTS), fc.constantFrom(...PARTS), fc.constantFrom(...PARTS), (a, b, donor) => {
        // a ← donor and b ← a's original (a swap when b = donor)
        fs.writeFileSync(file(a), originals.get(donor)!);
        fs.writeFileSync(file(b), originals.get(a)!);
        try {
          const g = readOrDataError(() => readPlanetoid('citeseer', dir), dir);
          if (g) expectValidGraph(g);
        } finally {
          for (const p of [a, b]) restoreFile(file(p), originals.get(p)!);
        }
      }),
      fuzzOptions(60),
    );
  });

  it('a huge id on any test.index line is refused naming the line, before anything is sized by it', () => {
    const { dir } = writeTinyPlanetoid(tempDir(), 'citeseer', { missingTest: true });
    const index = path.join(dir, 'ind.citeseer.test.index');
    const lines = fs.readFileSync(index, 'utf8').trim().split('\n');
    fc.assert(
      fc.property(fc.nat({ max: lines.length - 1 }), fc.constantFrom('400000000', '2147483648', '9007199254740993', '1000000000000000000000'), (at, id) => {
        const next = [...lines];
        next[at] = id;
        fs.writeFileSync(index, next.join('\n'));
        expect(() => readPlanetoid('citeseer', dir)).toThrow(new RegExp(`test\\.index line ${at + 1}: test id \\S+ is outside the 516 nodes`));
      }),
      fuzzOptions(20),
    );
  });
});
