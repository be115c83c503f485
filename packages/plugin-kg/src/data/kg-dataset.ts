import * as path from 'node:path';
import { DataMissingError, statData, tf, z, boundedInt, type Batch, type BatchOptions, type Dataset, type DatasetDef, type DatasetMeta, type Rng, type SplitName } from '@zoo/core';
import { buildKgGraph, type KgGraph } from '../graph';
import { KG_LAYOUT, readAlignedKg, reindex, type AlignedKg } from './kg-files';

/** A batch of aligned pairs: left and right entity indices; labels are the pair positions 0..B−1. */
export interface KgBatch extends Batch {
  left: tf.Tensor1D;
  right: tf.Tensor1D;
  labels: tf.Tensor1D;
  /** The same ids as typed arrays (the NHSM loss masks them). */
  leftIds: Int32Array;
  rightIds: Int32Array;
  dispose(): void;
}

/**
 * Two knowledge graphs in one entity id space, with training and test pairs (no validation split: the
 * paper trains a fixed number of epochs). `unaligned()` lists the test pairs' entities of each side in
 * independent seeded orders, the pool that semi-supervised bootstrapping draws new pairs from (as the code).
 */
export class KgDataset implements Dataset<KgBatch> {
  readonly meta: DatasetMeta;
  readonly graph: KgGraph;

  constructor(
    readonly id: string,
    readonly kg: AlignedKg,
    source: DatasetMeta['source'],
    private readonly rng: Rng,
    dataPath?: string,
  ) {
    this.graph = buildKgGraph(kg.numEntities, kg.numRelations, kg.triples);
    this.meta = {
      task: 'entity-alignment',
      numClasses: 0,
      source,
      path: dataPath,
      sizes: { train: kg.train.length / 2, val: 0, test: kg.test.length / 2 },
      entities: kg.numEntities,
      relations: kg.numRelations,
      triples: kg.triples.length / 3,
    };
  }

  pairs(split: SplitName): Int32Array {
    return split === 'train' ? this.kg.train : split === 'test' ? this.kg.test : new Int32Array(0);
  }

  unaligned(): { left: Int32Array; right: Int32Array } {
    const t = this.kg.test;
    const r = this.rng.fork('unaligned');
    return { left: r.shuffle(Int32Array.from({ length: t.length / 2 }, (_, i) => t[2 * i])), right: r.shuffle(Int32Array.from({ length: t.length / 2 }, (_, i) => t[2 * i + 1])) };
  }

  *batches(split: SplitName, opts: BatchOptions = {}): Iterable<KgBatch> {
    yield* pairBatches(this.pairs(split), opts);
  }

  dispose(): void {}
}

/** Batches of [left, right] pairs (flat), shuffled when asked. */
export function* pairBatches(pairs: Int32Array, opts: BatchOptions = {}): Iterable<KgBatch> {
  const n = pairs.length / 2;
  if (n === 0) return;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  if (opts.shuffle) opts.shuffle.shuffle(order);
  const bs = Math.min(opts.batchSize ?? n, n);
  for (let s = 0; s < n; s += bs) {
    const idx = order.subarray(s, s + bs);
    const leftIds = Int32Array.from(idx, (k) => pairs[2 * k]);
    const rightIds = Int32Array.from(idx, (k) => pairs[2 * k + 1]);
    const left = tf.tensor1d(leftIds, 'int32');
    const right = tf.tensor1d(rightIds, 'int32');
    const labels = tf.range(0, idx.length, 1, 'int32') as tf.Tensor1D;
    yield { left, right, labels, leftIds, rightIds, dispose: () => tf.dispose([left, right, labels]) };
  }
}

const fileConfigSchema = z
  .object({
    /** Training share of ref_ent_ids when the folder has no sup_ent_ids. */
    trainRatio: z.number().gt(0).lt(1).default(0.3),
  })
  .strict();

/** A dataset read from `<data-dir>/<folder>` in the DBP15K layout. */
function fileDataset(id: string, folder: string, description: string): DatasetDef<typeof fileConfigSchema> {
  return {
    id,
    description,
    configSchema: fileConfigSchema,
    layout: `${folder}/: ${KG_LAYOUT.replace('<dir>/', '')}`,
    license: 'none stated (DBP15K: JAPE authors; SRPRS: RSN authors; DWY100K: BootEA authors)',
    async load(c, ctx) {
      const label = path.join('<data-dir>', folder);
      if (!ctx.dataDir || !statData(path.join(ctx.dataDir, folder))) throw new DataMissingError(label, KG_LAYOUT);
      const dir = path.join(ctx.dataDir, folder);
      const kg = reindex(readAlignedKg(dir, label), ctx.rng.fork('reindex'), c.trainRatio);
      return new KgDataset(id, kg, 'data-dir', ctx.rng.fork('pairs'), dir);
    },
  };
}

export const KG_FILE_DATASETS: DatasetDef<typeof fileConfigSchema>[] = [
  fileDataset('dbp15k-zh_en', 'dbp15k/zh_en', 'DBP15K Chinese–English (15,000 gold pairs; sup_ent_ids: 4,500 for training)'),
  fileDataset('dbp15k-ja_en', 'dbp15k/ja_en', 'DBP15K Japanese–English'),
  fileDataset('dbp15k-fr_en', 'dbp15k/fr_en', 'DBP15K French–English'),
  fileDataset('srprs-en_fr', 'srprs/en_fr_15k_V1', 'SRPRS English–French (15k, V1)'),
  fileDataset('srprs-en_de', 'srprs/en_de_15k_V1', 'SRPRS English–German (15k, V1)'),
  fileDataset('dwy100k-dbp_wd', 'dwy100k/dbp_wd', 'DWY100K DBpedia–Wikidata (100,000 pairs)'),
  fileDataset('dwy100k-dbp_yg', 'dwy100k/dbp_yg', 'DWY100K DBpedia–YAGO (100,000 pairs)'),
];

const syntheticSchema = z
  .object({
    entities: boundedInt(20, 1_000_000).default(600),
    relations: boundedInt(1, 100_000).default(12),
    /** Average out-degree of the hidden graph. */
    degree: z.number().positive().default(4),
    /** Share of each view's triples dropped, and of random triples added (independently per view). */
    noise: z.number().min(0).max(0.9).default(0.1),
    trainRatio: z.number().gt(0).lt(1).default(0.3),
  })
  .strict();

/**
 * One random graph seen twice: each view keeps a random (1 − noise) of the triples, adds noise·|T| random
 * ones, and renames entities (a permutation) and relations (another, in its own id range). All entities
 * are aligned.
 */
export const syntheticKgDataset: DatasetDef<typeof syntheticSchema> = {
  id: 'kg-synthetic',
  description: 'Two noisy, renamed views of one random multi-relational graph (smoke tier)',
  configSchema: syntheticSchema,
  layout: 'generated from the seed; no files',
  async load(c, ctx) {
    const r = ctx.rng.fork('synthetic');
    const n = c.entities;
    const m = Math.round(n * c.degree);
    const base: number[] = [];
    for (let k = 0; k < m; k++) base.push(r.int(n), r.int(c.relations), r.int(n));
    const view = (offset: number, relOffset: number) => {
      const ren = r.shuffle(Int32Array.from({ length: n }, (_, i) => i));
      const relRen = r.shuffle(Int32Array.from({ length: c.relations }, (_, i) => i));
      const out: number[] = [];
      for (let k = 0; k < base.length; k += 3) if (r.next() >= c.noise) out.push(offset + ren[base[k]], relOffset + relRen[base[k + 1]], offset + ren[base[k + 2]]);
      for (let k = 0; k < Math.round(c.noise * m); k++) out.push(offset + r.int(n), relOffset + relRen[r.int(c.relations)], offset + r.int(n));
      return { triples: out, ren };
    };
    const a = view(0, 0);
    const b = view(n, c.relations); // the two graphs have their own relation ids, as DBP15K's
    const ref = new Int32Array(2 * n);
    for (let i = 0; i < n; i++) {
      ref[2 * i] = a.ren[i];
      ref[2 * i + 1] = n + b.ren[i];
    }
    const raw = {
      ents1: Int32Array.from({ length: n }, (_, i) => i),
      ents2: Int32Array.from({ length: n }, (_, i) => n + i),
      triples: Int32Array.from([...a.triples, ...b.triples]),
      ref,
    };
    return new KgDataset('kg-synthetic', reindex(raw, ctx.rng.fork('reindex'), c.trainRatio), 'synthetic', ctx.rng.fork('pairs'));
  },
};
