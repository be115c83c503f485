import { z, boundedInt, type DatasetDef, type Rng } from '@zoo/core';
import { symmetricAdjacencyFromEdges } from '../ops/graph';
import { denseToCsr } from './graphsage';
import { NodeDataset, type GraphData } from './graph-data';

export const powerlawSbmConfigSchema = z
  .object({
    nodes: boundedInt(100, 5_000_000).default(10_000),
    /** Mean degree; edges = nodes·avgDegree/2 (1M nodes at 20: 10M edges). */
    avgDegree: z.number().positive().max(200).default(20),
    classes: boundedInt(2, 100).default(8),
    features: boundedInt(2, 1024).default(32),
    /** Degree distribution P(w) ∝ w^-γ (Pareto weights of a Chung–Lu model). */
    exponent: z.number().min(2.01).max(5).default(2.5),
    /** Fraction of edges that stay inside the source's class. */
    homophily: z.number().min(0).max(1).default(0.7),
    /** Feature noise around the class centroid (centroids are unit-variance Gaussian). */
    noise: z.number().min(0).default(8),
    trainFraction: z.number().gt(0).lt(1).default(0.5),
    valFraction: z.number().gt(0).lt(1).default(0.1),
  })
  .strict();
export type PowerlawSbmConfig = z.output<typeof powerlawSbmConfigSchema>;

/**
 * Large synthetic graphs for the scaling benchmark and smoke tests: a degree-corrected stochastic block
 * model. Node weights w_i are Pareto with exponent γ (so degrees follow a power law), each edge picks
 * its source ∝ w, then a target ∝ w inside the source's class with probability `homophily`, else
 * anywhere. Features are the class centroid plus Gaussian noise, so features alone are weak and
 * aggregation over neighbours helps. O(E log N) time, typed arrays only: 1M nodes / 10M edges in a few
 * seconds and ~1 GB.
 */
export function generatePowerlawSbm(cfg: PowerlawSbmConfig, rng: Rng): GraphData {
  const { nodes: n, classes: C, features: F } = cfg;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % C;
  rng.shuffle(labels);
  const w = new Float64Array(n);
  const cap = Math.sqrt(n) * 4;
  for (let i = 0; i < n; i++) w[i] = Math.min(cap, (1 - rng.next()) ** (-1 / (cfg.exponent - 1)));
  // nodes grouped by class, with cumulative weights for sampling ∝ w
  const byClass: Int32Array[] = Array.from({ length: C }, () => new Int32Array(0));
  const counts = new Int32Array(C);
  for (const l of labels) counts[l]++;
  for (let c = 0; c < C; c++) byClass[c] = new Int32Array(counts[c]);
  const fill = new Int32Array(C);
  for (let i = 0; i < n; i++) byClass[labels[i]][fill[labels[i]]++] = i;
  const cumOf = (ids: Int32Array) => {
    const cum = new Float64Array(ids.length);
    let s = 0;
    for (let k = 0; k < ids.length; k++) cum[k] = s += w[ids[k]];
    return cum;
  };
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const cumAll = cumOf(all);
  const cumClass = byClass.map(cumOf);
  const pick = (ids: Int32Array, cum: Float64Array) => {
    const u = rng.next() * cum[cum.length - 1];
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return ids[lo];
  };
  const m = Math.round((n * cfg.avgDegree) / 2);
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const a = pick(all, cumAll);
    src[e] = a;
    dst[e] = rng.next() < cfg.homophily ? pick(byClass[labels[a]], cumClass[labels[a]]) : pick(all, cumAll);
  }
  const centroids = new Float32Array(C * F);
  for (let k = 0; k < centroids.length; k++) centroids[k] = rng.normal();
  const x = new Float32Array(n * F);
  for (let i = 0; i < n; i++) for (let f = 0; f < F; f++) x[i * F + f] = centroids[labels[i] * F + f] + cfg.noise * rng.normal();
  const order = rng.shuffle(Int32Array.from(all));
  const nTrain = Math.round(cfg.trainFraction * n);
  const nVal = Math.round(cfg.valFraction * n);
  return {
    name: 'sbm-powerlaw',
    numNodes: n,
    numClasses: C,
    features: denseToCsr(x, n, F),
    adjacency: symmetricAdjacencyFromEdges(n, src, dst),
    labels,
    splits: {
      train: order.slice(0, nTrain).sort(),
      val: order.slice(nTrain, nTrain + nVal).sort(),
      test: order.slice(nTrain + nVal).sort(),
    },
  };
}

export const powerlawSbmDataset: DatasetDef<typeof powerlawSbmConfigSchema> = {
  id: 'sbm-powerlaw',
  description: 'Synthetic degree-corrected block model with power-law degrees (scaling benchmark; up to millions of nodes)',
  configSchema: powerlawSbmConfigSchema,
  layout: 'generated in memory from the seed; no files',
  async load(config, ctx) {
    return new NodeDataset('sbm-powerlaw', generatePowerlawSbm(config, ctx.rng), 'synthetic');
  },
};
