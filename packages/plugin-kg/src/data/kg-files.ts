import * as path from 'node:path';
import { DataCorruptError, DataMissingError, readDataText, statData, type Rng } from '@zoo/core';

/**
 * The entity-alignment layout of DBP15K, SRPRS and DWY100K (JAPE's release, as MaoXinn/Dual-AMN ships it),
 * tab- or space-separated, one record per line:
 *   ent_ids_1, ent_ids_2   id, URI           (the two graphs share one integer id space)
 *   triples_1, triples_2   head, relation, tail
 *   ref_ent_ids            id_1, id_2        (all gold pairs)
 *   sup_ent_ids            id_1, id_2        (optional: the training pairs; test = ref − sup)
 *   rel_ids_1, rel_ids_2   id, URI           (optional, names only)
 */
export const KG_LAYOUT = '<dir>/{ent_ids_1,ent_ids_2,triples_1,triples_2,ref_ent_ids}[, sup_ent_ids, rel_ids_1, rel_ids_2]';

/**
 * Most relation ids a folder may use (DBP15K zh_en: 3,024): relation tables are sized by the largest
 * id, so a corrupt one is refused before it is (entities are re-indexed, so their ids may be anything int32).
 */
export const MAX_RELATIONS = 1 << 20;

export interface RawAlignedKg {
  /** Entity ids of graph 1 and graph 2 (file ids), in file order. */
  ents1: Int32Array;
  ents2: Int32Array;
  /** [h, r, t] triples of both graphs (file ids), flat. */
  triples: Int32Array;
  ref: Int32Array;
  sup?: Int32Array;
}

function fields(file: string, want: number, parse: (cols: string[], line: number) => void): void {
  const text = readDataText(file);
  let lineNo = 0;
  for (const raw of text.split('\n')) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    const cols = line.split(/\s+/);
    if (cols.length < want) throw new DataCorruptError(file, `line ${lineNo}: expected ${want} fields, got ${cols.length} ('${line.slice(0, 60)}')`);
    parse(cols, lineNo);
  }
}

function int(file: string, line: number, s: string, what: string): number {
  if (!/^-?\d+$/.test(s)) throw new DataCorruptError(file, `line ${line}: ${what} '${s.slice(0, 40)}' is not an integer`);
  const v = Number(s);
  // ids are stored as int32: a larger one would wrap silently into another entity's id
  if (v < -(2 ** 31) || v >= 2 ** 31) throw new DataCorruptError(file, `line ${line}: ${what} ${s.slice(0, 40)} is outside the 32-bit range`);
  return v;
}

export function readEntityIds(file: string): Int32Array {
  const ids: number[] = [];
  const lineOf = new Map<number, number>();
  fields(file, 1, (c, l) => {
    const id = int(file, l, c[0], 'entity id');
    const first = lineOf.get(id);
    if (first !== undefined) throw new DataCorruptError(file, `line ${l}: entity id ${id} repeats line ${first}`);
    lineOf.set(id, l);
    ids.push(id);
  });
  return Int32Array.from(ids);
}

export function readTriples(file: string, known: Set<number>): Int32Array {
  const out: number[] = [];
  fields(file, 3, (c, l) => {
    const h = int(file, l, c[0], 'head');
    const r = int(file, l, c[1], 'relation');
    const t = int(file, l, c[2], 'tail');
    for (const [e, what] of [
      [h, 'head'],
      [t, 'tail'],
    ] as const) {
      if (!known.has(e)) throw new DataCorruptError(file, `line ${l}: ${what} ${e} is not in ent_ids_1 or ent_ids_2`);
    }
    if (r < 0) throw new DataCorruptError(file, `line ${l}: relation ${r} is negative`);
    if (r >= MAX_RELATIONS) throw new DataCorruptError(file, `line ${l}: relation ${r} is more than the ${MAX_RELATIONS} relation ids this reader accepts (tables are sized by the largest id)`);
    out.push(h, r, t);
  });
  return Int32Array.from(out);
}

export function readPairs(file: string, left: Set<number>, right: Set<number>): Int32Array {
  const out: number[] = [];
  fields(file, 2, (c, l) => {
    const a = int(file, l, c[0], 'entity id');
    const b = int(file, l, c[1], 'entity id');
    if (!left.has(a)) throw new DataCorruptError(file, `line ${l}: ${a} is not in ent_ids_1`);
    if (!right.has(b)) throw new DataCorruptError(file, `line ${l}: ${b} is not in ent_ids_2`);
    out.push(a, b);
  });
  if (out.length === 0) throw new DataCorruptError(file, 'no pairs (the file is empty)');
  return Int32Array.from(out);
}

/** Reads one pair's folder; a missing required file is a DataMissingError naming it. */
export function readAlignedKg(dir: string, dirLabel = dir): RawAlignedKg {
  for (const f of ['ent_ids_1', 'ent_ids_2', 'triples_1', 'triples_2', 'ref_ent_ids']) {
    if (!statData(path.join(dir, f))) throw new DataMissingError(path.join(dirLabel, f), KG_LAYOUT);
  }
  const ents1 = readEntityIds(path.join(dir, 'ent_ids_1'));
  const ents2 = readEntityIds(path.join(dir, 'ent_ids_2'));
  const left = new Set(ents1);
  const right = new Set(ents2);
  for (const e of ents2) if (left.has(e)) throw new DataCorruptError(path.join(dir, 'ent_ids_2'), `entity id ${e} is also in ent_ids_1 (the graphs share one id space)`);
  const all = new Set([...left, ...right]);
  const t1 = readTriples(path.join(dir, 'triples_1'), all);
  const t2 = readTriples(path.join(dir, 'triples_2'), all);
  // a graph without relations trains nothing (its entities would only have their own embeddings)
  if (t1.length === 0) throw new DataCorruptError(path.join(dir, 'triples_1'), 'no triples (an empty file): expected lines "head<TAB>relation<TAB>tail"');
  if (t2.length === 0) throw new DataCorruptError(path.join(dir, 'triples_2'), 'no triples (an empty file): expected lines "head<TAB>relation<TAB>tail"');
  const triples = new Int32Array(t1.length + t2.length);
  triples.set(t1);
  triples.set(t2, t1.length);
  const ref = readPairs(path.join(dir, 'ref_ent_ids'), left, right);
  const supFile = path.join(dir, 'sup_ent_ids');
  const sup = statData(supFile) ? readPairs(supFile, left, right) : undefined;
  return { ents1, ents2, triples, ref, sup };
}

/**
 * An aligned pair of graphs with entities re-indexed by a seeded permutation. In the raw DBP15K files the
 * first 10,500 gold pairs are (i, 10500 + i), so file ids leak the answer; after re-indexing, entity k of
 * graph 1 and its partner have unrelated indices. Relations keep their ids (shared vocabulary across the
 * graphs is part of the data, not a leak).
 */
export interface AlignedKg {
  numEntities: number;
  numRelations: number;
  /** New index of every graph-1 / graph-2 entity. */
  ents1: Int32Array;
  ents2: Int32Array;
  /** [h, r, t] with re-indexed entities. */
  triples: Int32Array;
  /** Training and test pairs [left, right] with re-indexed entities, flat. */
  train: Int32Array;
  test: Int32Array;
}

export function reindex(raw: RawAlignedKg, rng: Rng, trainRatio = 0.3): AlignedKg {
  const fileIds = [...raw.ents1, ...raw.ents2];
  const perm = rng.shuffle(Int32Array.from({ length: fileIds.length }, (_, i) => i));
  const map = new Map<number, number>();
  fileIds.forEach((id, i) => map.set(id, perm[i]));
  const m = (id: number) => map.get(id)!;
  const triples = raw.triples.map((v, i) => (i % 3 === 1 ? v : m(v)));
  let numRelations = 0;
  for (let i = 1; i < triples.length; i += 3) numRelations = Math.max(numRelations, triples[i] + 1);
  const pairs = (p: Int32Array) => p.map(m);
  let train: Int32Array;
  let test: Int32Array;
  if (raw.sup) {
    const supKey = new Set<string>();
    for (let i = 0; i < raw.sup.length; i += 2) supKey.add(`${raw.sup[i]} ${raw.sup[i + 1]}`);
    const rest: number[] = [];
    for (let i = 0; i < raw.ref.length; i += 2) if (!supKey.has(`${raw.ref[i]} ${raw.ref[i + 1]}`)) rest.push(raw.ref[i], raw.ref[i + 1]);
    train = pairs(raw.sup);
    test = pairs(Int32Array.from(rest));
  } else {
    const n = raw.ref.length / 2;
    const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    const nTrain = Math.floor(n * trainRatio);
    const pick = (idx: Int32Array) => Int32Array.from(Array.from(idx).flatMap((k) => [raw.ref[2 * k], raw.ref[2 * k + 1]]));
    train = pairs(pick(order.subarray(0, nTrain)));
    test = pairs(pick(order.subarray(nTrain)));
  }
  // test pairs in a seeded order too (file order would put the (i, 10500 + i) block first)
  const tOrder = rng.shuffle(Int32Array.from({ length: test.length / 2 }, (_, i) => i));
  test = Int32Array.from(Array.from(tOrder).flatMap((k) => [test[2 * k], test[2 * k + 1]]));
  return { numEntities: fileIds.length, numRelations, ents1: raw.ents1.map(m), ents2: raw.ents2.map(m), triples, train, test };
}
