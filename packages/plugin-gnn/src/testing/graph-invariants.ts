import type { GraphData } from '../data/graph-data';

/**
 * Throws unless `g` is a self-consistent graph (what a reader that accepted its input must return):
 * every array sized by the node count, labels and split indices in range. The fuzz suites check it
 * on whatever a mutated file still loads as, so a reader cannot "accept" garbage silently.
 */
export function expectValidGraph(g: GraphData): void {
  const N = g.numNodes;
  const fail = (what: string) => {
    throw new Error(`invalid graph from a reader that accepted its input: ${what}`);
  };
  if (!Number.isSafeInteger(N) || N < 1) fail(`numNodes ${N}`);
  if (g.features.rows !== N) fail(`${g.features.rows} feature rows for ${N} nodes`);
  if (g.adjacency.rows !== N || g.adjacency.cols !== N) fail(`adjacency ${g.adjacency.rows}×${g.adjacency.cols} for ${N} nodes`);
  if (g.labels.length !== N) fail(`${g.labels.length} labels for ${N} nodes`);
  if (!Number.isSafeInteger(g.numClasses) || g.numClasses < 1) fail(`numClasses ${g.numClasses}`);
  for (const l of g.labels) if (l < -1 || l >= g.numClasses) fail(`label ${l} outside -1..${g.numClasses - 1}`);
  for (let p = 0; p < g.adjacency.nnz; p++) if (g.adjacency.indices[p] < 0 || g.adjacency.indices[p] >= N) fail(`neighbour ${g.adjacency.indices[p]}`);
  for (let p = 0; p < g.features.nnz; p++) if (!Number.isFinite(g.features.values[p])) fail(`feature value ${g.features.values[p]}`);
  if (g.multiLabels && g.multiLabels.length !== N * g.numClasses) fail(`${g.multiLabels.length} multi-labels for ${N}×${g.numClasses}`);
  for (const [split, idx] of Object.entries(g.splits)) for (const i of idx) if (i < 0 || i >= N) fail(`${split} node ${i} outside 0..${N - 1}`);
}
