import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataCorruptError, DataMissingError, DataReadError, Rng } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { readAlignedKg, reindex } from './kg-files';

/** A DBP15K-style folder: graph 1 ids 0..n−1, graph 2 ids n..2n−1, gold pairs (i, n + i) in file order. */
function writeKg(dir: string, n: number, opts: { sup?: boolean } = {}): void {
  const ents1 = Array.from({ length: n }, (_, i) => `${i}\thttp://zh.dbpedia.org/resource/e${i}`);
  const ents2 = Array.from({ length: n }, (_, i) => `${n + i}\thttp://dbpedia.org/resource/e${i}`);
  const triples1 = Array.from({ length: n }, (_, i) => `${i}\t${i % 3}\t${(i + 1) % n}`);
  const triples2 = Array.from({ length: n }, (_, i) => `${n + i}\t${i % 3}\t${n + ((i + 1) % n)}`);
  const ref = Array.from({ length: n }, (_, i) => `${i}\t${n + i}`);
  fs.writeFileSync(path.join(dir, 'ent_ids_1'), `${ents1.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'ent_ids_2'), `${ents2.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'triples_1'), `${triples1.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'triples_2'), `${triples2.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'ref_ent_ids'), `${ref.join('\n')}\n`);
  if (opts.sup) fs.writeFileSync(path.join(dir, 'sup_ent_ids'), `${ref.slice(0, Math.floor(n * 0.3)).join('\n')}\n`);
}

describe('aligned-KG files', () => {
  it('reads the layout; sup_ent_ids gives the training pairs and test = ref − sup', () => {
    const dir = tempDir();
    writeKg(dir, 20, { sup: true });
    const raw = readAlignedKg(dir);
    expect(raw.ents1.length).toBe(20);
    expect(raw.triples.length).toBe(3 * 40);
    const kg = reindex(raw, new Rng(0));
    expect(kg.numEntities).toBe(40);
    expect(kg.numRelations).toBe(3);
    expect(kg.train.length / 2).toBe(6);
    expect(kg.test.length / 2).toBe(14);
    // re-indexing is a bijection and keeps the graph: every triple maps to re-indexed endpoints
    const all = new Set([...kg.ents1, ...kg.ents2]);
    expect(all.size).toBe(40);
    expect(Math.max(...all)).toBe(39);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('without sup_ent_ids: a seeded 30/70 split of ref_ent_ids', () => {
    const dir = tempDir();
    writeKg(dir, 30);
    const a = reindex(readAlignedKg(dir), new Rng(5));
    const b = reindex(readAlignedKg(dir), new Rng(5));
    expect(a.train.length / 2).toBe(9);
    expect(a.test.length / 2).toBe(21);
    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ids do not leak the answer: "partner = id + n" (true in the raw files) scores at chance after re-indexing', () => {
    const dir = tempDir();
    const n = 400;
    writeKg(dir, n);
    const raw = readAlignedKg(dir);
    // in the raw files, predicting partner = id + n is always right
    let rawHits = 0;
    for (let i = 0; i < raw.ref.length; i += 2) if (raw.ref[i + 1] === raw.ref[i] + n) rawHits++;
    expect(rawHits).toBe(n);
    const kg = reindex(raw, new Rng(1));
    // the same rule, and the nearest-id rule, on re-indexed ids: about 1/n each
    const right = Array.from(kg.ents2).sort((x, y) => x - y);
    let shift = 0;
    let nearest = 0;
    for (let i = 0; i < kg.test.length; i += 2) {
      const [l, r] = [kg.test[i], kg.test[i + 1]];
      if (r === l + n) shift++;
      const guess = right.reduce((best, x) => (Math.abs(x - l) < Math.abs(best - l) ? x : best), right[0]);
      if (guess === r) nearest++;
    }
    const m = kg.test.length / 2;
    expect(shift / m).toBeLessThan(0.02);
    expect(nearest / m).toBeLessThan(0.02);
    // and the test pairs are not in file order (the raw block structure is gone)
    let increasing = 0;
    for (let i = 2; i < kg.test.length; i += 2) if (kg.test[i] > kg.test[i - 2]) increasing++;
    expect(increasing / m).toBeLessThan(0.7);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bad input names the file and line: unknown entity in a triple, malformed line, empty pair file, missing file', () => {
    const dir = tempDir();
    writeKg(dir, 10);
    fs.appendFileSync(path.join(dir, 'triples_1'), '3\t1\t999\n');
    expect(() => readAlignedKg(dir)).toThrow(DataCorruptError);
    expect(() => readAlignedKg(dir)).toThrow(/triples_1.*line 11: tail 999 is not in ent_ids_1 or ent_ids_2/);
    writeKg(dir, 10);
    fs.appendFileSync(path.join(dir, 'triples_2'), '12\t1\n');
    expect(() => readAlignedKg(dir)).toThrow(/triples_2.*line 11: expected 3 fields, got 2/);
    writeKg(dir, 10);
    fs.writeFileSync(path.join(dir, 'ref_ent_ids'), '\n');
    expect(() => readAlignedKg(dir)).toThrow(/ref_ent_ids.*no pairs/);
    writeKg(dir, 10);
    fs.writeFileSync(path.join(dir, 'triples_2'), '');
    expect(() => readAlignedKg(dir)).toThrow(/triples_2: no triples \(an empty file\)/);
    writeKg(dir, 10);
    fs.writeFileSync(path.join(dir, 'ref_ent_ids'), '1\tx\n');
    expect(() => readAlignedKg(dir)).toThrow(/ref_ent_ids.*line 1: entity id 'x' is not an integer/);
    fs.rmSync(path.join(dir, 'triples_2'));
    expect(() => readAlignedKg(dir)).toThrow(DataMissingError);
    expect(() => readAlignedKg(dir)).toThrow(/triples_2/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a folder in place of a file, a repeated id, an id past int32 and a relation id past the maximum are refused naming file and line', () => {
    const dir = tempDir();
    writeKg(dir, 10);
    fs.rmSync(path.join(dir, 'triples_1'));
    fs.mkdirSync(path.join(dir, 'triples_1'));
    expect(() => readAlignedKg(dir)).toThrow(DataReadError);
    expect(() => readAlignedKg(dir)).toThrow(/cannot read .*triples_1: it is a folder, expected a file/);
    fs.rmSync(path.join(dir, 'triples_1'), { recursive: true });
    writeKg(dir, 10);
    fs.appendFileSync(path.join(dir, 'ent_ids_1'), '3\thttp://zh.dbpedia.org/resource/again\n');
    expect(() => readAlignedKg(dir)).toThrow(/ent_ids_1: line 11: entity id 3 repeats line 4/);
    writeKg(dir, 10);
    fs.appendFileSync(path.join(dir, 'ent_ids_1'), '4294967299\thttp://zh.dbpedia.org/resource/wrap\n');
    expect(() => readAlignedKg(dir)).toThrow(/ent_ids_1: line 11: entity id 4294967299 is outside the 32-bit range/);
    writeKg(dir, 10);
    fs.appendFileSync(path.join(dir, 'triples_1'), '3\t400000000\t4\n');
    expect(() => readAlignedKg(dir)).toThrow(/triples_1: line 11: relation 400000000 is more than the 1048576 relation ids/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
