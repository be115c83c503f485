import { z, boundedInt, LIMITS, CsrMatrix } from '@zoo/core';
import type { DatasetDef, Rng } from '@zoo/core';
import { rowNormalize, symmetricAdjacency } from '../ops/graph';
import { NodeDataset, type GraphData } from './graph-data';

export const sbmConfigSchema = z
  .object({
    nodes: boundedInt(20, 20000).default(400),
    classes: boundedInt(2, 50).default(4),
    features: boundedInt(4, LIMITS.width).default(200),
    /** Edge probability inside a class and across classes. */
    pIn: z.number().min(0).max(1).default(0.04),
    pOut: z.number().min(0).max(1).default(0.004),
    /** Active binary features per node. */
    featuresPerNode: boundedInt(1, LIMITS.width).default(8),
    /** Probability that an active feature is drawn from the node's class block rather than uniformly. */
    signal: z.number().min(0).max(1).default(0.4),
    trainPerClass: boundedInt(1, 20_000).default(10),
    val: boundedInt(1, 20_000).default(80),
    normalizeFeatures: z.boolean().default(true),
  })
  .strict();
export type SbmConfig = z.output<typeof sbmConfigSchema>;

/**
 * Stochastic block model with class-correlated sparse binary features: nodes of class c link with
 * probability pIn inside the class and pOut across; each active feature comes from class c's block
 * of F/C features with probability `signal`. Features alone and the graph alone are both weak, so
 * propagation helps, as on citation graphs. Split: `trainPerClass` per class, then `val`, rest test.
 */
export function generateSbm(cfg: SbmConfig, rng: Rng): GraphData {
  const { nodes: n, classes: C, features: F } = cfg;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % C;
  rng.shuffle(labels);
  const src: number[] = [];
  const dst: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (rng.next() < (labels[i] === labels[j] ? cfg.pIn : cfg.pOut)) {
        src.push(i);
        dst.push(j);
      }
    }
  }
  const block = Math.max(1, Math.floor(F / C));
  const r: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < n; i++) {
    const seen = new Set<number>();
    for (let k = 0; k < cfg.featuresPerNode; k++) {
      const f = rng.next() < cfg.signal ? labels[i] * block + rng.int(block) : rng.int(F);
      if (!seen.has(f)) {
        seen.add(f);
        r.push(i);
        c.push(f);
      }
    }
  }
  let features = CsrMatrix.fromCoo(n, F, r, c, new Float32Array(r.length).fill(1));
  if (cfg.normalizeFeatures) features = rowNormalize(features);
  const order = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const train: number[] = [];
  const rest: number[] = [];
  const perClass = new Int32Array(C);
  for (const i of order) {
    if (perClass[labels[i]] < cfg.trainPerClass) {
      perClass[labels[i]]++;
      train.push(i);
    } else rest.push(i);
  }
  if (rest.length <= cfg.val) throw new Error(`sbm: ${n} nodes leave no test nodes after ${train.length} train and ${cfg.val} val`);
  return {
    name: 'sbm',
    numNodes: n,
    numClasses: C,
    features,
    adjacency: symmetricAdjacency(n, src, dst),
    labels,
    splits: {
      train: Int32Array.from(train).sort(),
      val: Int32Array.from(rest.slice(0, cfg.val)).sort(),
      test: Int32Array.from(rest.slice(cfg.val)).sort(),
    },
  };
}

export const sbmDataset: DatasetDef<typeof sbmConfigSchema> = {
  id: 'sbm',
  description: 'Synthetic stochastic block model with class-correlated sparse features (smoke tier)',
  configSchema: sbmConfigSchema,
  layout: 'generated in memory from the seed; no files',
  async load(config, ctx) {
    return new NodeDataset('sbm', generateSbm(config, ctx.rng), 'synthetic');
  },
};
