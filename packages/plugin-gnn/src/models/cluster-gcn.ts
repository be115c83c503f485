import { gatherRows, z, boundedInt, LIMITS, csrMulDense, glorotUniform, tf, type Dataset, type ForwardOptions, type ModelDef, type Rng, CsrMatrix, dropout, csrMatMul } from '@zoo/core';
import type { NodeBatch } from '../data/graph-data';
import { diagEnhancedAdjacency, inducedSubgraph } from '../ops/graph';
import { CHIANG_2019 } from '../papers';
import { GraphModel } from './graph-model';
import { partitionGraph, partMembers } from '../partition/partition';

/** The former fastDropout's mask stream (xorshift32, 16-bit uniforms): the recipes' results depend on its draws. */
const XORSHIFT = { stream: 'xorshift32-16' } as const;

/**
 * Cluster-GCN's network (Chiang et al., KDD 2019; layers as in google-research/cluster_gcn):
 *   layer l:  H_{l+1} = act(LN(dropout([Ã·H_l, H_l])·W_l))       (LN and ReLU on all but the last layer)
 *   Ã = (D + I)^-1 (A + I) + λ·diag(·)   (diagonal enhancement, Eq. 11) on the batch's subgraph
 * With `precalc` the first layer's aggregation is done once on the whole training graph: its input is
 * [A·X, X] with A the binary adjacency (the code's preprocessing), so layer 0 has no Ã product.
 * Shapes: X N×F, W_0 (2F)×hidden, W_l (2·hidden)×hidden, W_last (2·hidden)×C. No biases (the code's default).
 * Training runs on subgraphs of q clusters (ClusterGcnTrainer); evaluation on the full graph.
 */
export const clusterGcnConfigSchema = z
  .object({
    layers: boundedInt(2, LIMITS.depth).default(2),
    hidden: boundedInt(1, LIMITS.width).default(128),
    dropout: z.number().min(0).max(0.99).default(0.2),
    /** λ of the diagonal enhancement; negative: plain D^-1 A as the code's `diag_lambda = -1`. */
    diagLambda: z.number().default(1),
    layerNorm: z.boolean().default(true),
    precalc: z.boolean().default(true),
    /**
     * Evaluation in this many clusters of the full graph (links between them dropped, as the code's
     * validation with num_clusters_val), so inference memory is bounded too; 1 = the full graph at once.
     */
    evalClusters: boundedInt(1, LIMITS.count).default(1),
  })
  .strict();
export type ClusterGcnConfig = z.output<typeof clusterGcnConfigSchema>;

export class ClusterGcn extends GraphModel {
  /** Nodes training may see: all of them (transductive) or the training split (inductive). */
  readonly visibleNodes: Int32Array;
  /** Binary adjacency among visible nodes (global ids). */
  readonly trainingAdjacency: CsrMatrix;
  private readonly featureWidth: number;
  private trainInput?: Float32Array;
  private fullInput?: Float32Array;
  private fullAdj?: CsrMatrix;
  private evalParts?: Int32Array[];
  private scratch?: Int32Array;

  constructor(
    dataset: Dataset,
    rng: Rng,
    readonly config: ClusterGcnConfig,
  ) {
    super(dataset, rng);
    const g = this.graph;
    this.visibleNodes = g.inductive ? g.splits.train : Int32Array.from({ length: g.numNodes }, (_, i) => i);
    this.trainingAdjacency = g.inductive ? restrictTo(g.adjacency, this.visibleNodes) : g.adjacency;
    const F = g.features.cols;
    this.featureWidth = config.precalc ? 2 * F : F;
    // [ÃH, H]·W is computed as ÃH·W_agg + H·W_self (the two halves of W; no concat and slice)
    for (let l = 0; l < config.layers; l++) {
      const out = l === config.layers - 1 ? g.numClasses : config.hidden;
      const din = l === 0 ? F : config.hidden;
      if (l === 0 && config.precalc) this.store.add('w0', glorotUniform(rng, 2 * F, out), { regularized: true });
      else {
        const w = glorotUniform(rng, 2 * din, out);
        const [agg, self] = tf.split(w, 2, 0);
        this.store.add(`w${l}_agg`, agg, { regularized: l === 0 });
        this.store.add(`w${l}_self`, self, { regularized: l === 0 });
        tf.dispose(w);
      }
      if (config.layerNorm && l < config.layers - 1) {
        this.store.add(`ln${l}_scale`, tf.ones([out]));
        this.store.add(`ln${l}_offset`, tf.zeros([out]));
      }
    }
  }

  /** Row-major network input for every node: [A·X, X] (precalc) or X, from the given adjacency. */
  private inputFor(adj: CsrMatrix): Float32Array {
    const x = this.graph.features.toDense();
    const F = this.graph.features.cols;
    if (!this.config.precalc) return x;
    const ax = csrMulDense(adj, x, F);
    const out = new Float32Array(this.graph.numNodes * 2 * F);
    for (let i = 0; i < this.graph.numNodes; i++) {
      out.set(ax.subarray(i * F, i * F + F), i * 2 * F);
      out.set(x.subarray(i * F, i * F + F), i * 2 * F + F);
    }
    return out;
  }

  /** Logits of `nodes` (global ids) computed on their induced training subgraph, renormalized. */
  forwardCluster(nodes: Int32Array, training: boolean): tf.Tensor2D {
    this.trainInput ??= this.inputFor(this.trainingAdjacency);
    this.scratch ??= new Int32Array(this.graph.numNodes).fill(-1);
    const adj = diagEnhancedAdjacency(inducedSubgraph(this.trainingAdjacency, nodes, this.scratch), this.config.diagLambda);
    const w = this.featureWidth;
    const x = new Float32Array(nodes.length * w);
    for (let i = 0; i < nodes.length; i++) x.set(this.trainInput.subarray(nodes[i] * w, nodes[i] * w + w), i * w);
    return tf.tidy(() => this.layers(adj, tf.tensor2d(x, [nodes.length, w]), training));
  }

  /** Full-graph inference (the code's test setting with one cluster). */
  forward(batch: NodeBatch, opts: ForwardOptions): tf.Tensor2D {
    if (opts.training) {
      // a plain full-batch step on the training graph (the trainer normally calls forwardCluster)
      return tf.tidy(() => gatherRows(this.forwardCluster(this.visibleNodes, true), localIndex(this.visibleNodes, batch.index, this.graph.numNodes)));
    }
    // transductive graphs: the training input is the full-graph input (same adjacency)
    this.fullInput ??= this.graph.inductive ? this.inputFor(this.graph.adjacency) : (this.trainInput ??= this.inputFor(this.trainingAdjacency));
    const n = this.graph.numNodes;
    const w = this.featureWidth;
    if (this.config.evalClusters <= 1) {
      this.fullAdj ??= diagEnhancedAdjacency(this.graph.adjacency, this.config.diagLambda);
      return tf.tidy(() => gatherRows(this.layers(this.fullAdj!, tf.tensor2d(this.fullInput!, [n, w]), false), batch.index));
    }
    // cluster by cluster: logits of every node, then the batch's rows
    this.evalParts ??= partMembers(partitionGraph(this.graph.adjacency, this.config.evalClusters, 'auto', this.rng.fork('eval-partition')).part, this.config.evalClusters);
    const C = this.graph.numClasses;
    const logits = new Float32Array(n * C);
    for (const nodes of this.evalParts) {
      if (nodes.length === 0) continue;
      const adj = diagEnhancedAdjacency(inducedSubgraph(this.graph.adjacency, nodes), this.config.diagLambda);
      const x = new Float32Array(nodes.length * w);
      for (let i = 0; i < nodes.length; i++) x.set(this.fullInput.subarray(nodes[i] * w, nodes[i] * w + w), i * w);
      const out = tf.tidy(() => this.layers(adj, tf.tensor2d(x, [nodes.length, w]), false));
      const v = out.dataSync();
      for (let i = 0; i < nodes.length; i++) logits.set(v.subarray(i * C, i * C + C), nodes[i] * C);
      out.dispose();
    }
    return tf.tidy(() => gatherRows(tf.tensor2d(logits, [n, C]), batch.index));
  }

  private layers(adj: CsrMatrix, input: tf.Tensor2D, training: boolean): tf.Tensor2D {
    const w = this.store.getWeights();
    const L = this.config.layers;
    let h = input;
    for (let l = 0; l < L; l++) {
      const drop = (t: tf.Tensor2D) => (training && this.config.dropout > 0 ? dropout(t, this.config.dropout, this.rng, XORSHIFT) : t);
      let o: tf.Tensor2D =
        l === 0 && this.config.precalc
          ? tf.matMul(drop(h), w.w0 as tf.Tensor2D)
          : tf.add(tf.matMul(drop(csrMatMul(adj, h)), w[`w${l}_agg`] as tf.Tensor2D), tf.matMul(drop(h), w[`w${l}_self`] as tf.Tensor2D));
      if (l < L - 1) {
        if (this.config.layerNorm) o = layerNorm(o, w[`ln${l}_scale`] as tf.Tensor1D, w[`ln${l}_offset`] as tf.Tensor1D);
        o = tf.relu(o) as tf.Tensor2D;
      }
      h = o;
    }
    return h;
  }
}

/** Layer normalization over features (the code's `layernorm`, ε = 1e-9). */
function layerNorm(x: tf.Tensor2D, scale: tf.Tensor1D, offset: tf.Tensor1D): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, 1, true);
  return x.sub(mean).mul(tf.rsqrt(variance.add(1e-9))).mul(scale).add(offset) as tf.Tensor2D;
}

/** Adjacency with only the edges among `nodes` kept (global ids, N×N). */
function restrictTo(adj: CsrMatrix, nodes: Int32Array): CsrMatrix {
  const keep = new Uint8Array(adj.rows);
  for (const v of nodes) keep[v] = 1;
  const v = new Float32Array(adj.nnz);
  for (let i = 0; i < adj.rows; i++) for (let p = adj.indptr[i]; p < adj.indptr[i + 1]; p++) v[p] = keep[i] && keep[adj.indices[p]] ? adj.values[p] : 0;
  return CsrMatrix.fromCoo(adj.rows, adj.cols, ...nonzeros(adj, v));
}

function nonzeros(adj: CsrMatrix, v: Float32Array): [number[], number[], number[]] {
  const r: number[] = [];
  const c: number[] = [];
  const x: number[] = [];
  for (let i = 0; i < adj.rows; i++) {
    for (let p = adj.indptr[i]; p < adj.indptr[i + 1]; p++) {
      if (v[p] !== 0) {
        r.push(i);
        c.push(adj.indices[p]);
        x.push(v[p]);
      }
    }
  }
  return [r, c, x];
}

/** Positions of `ids` inside `nodes` (both global ids). */
export function localIndex(nodes: Int32Array, ids: Int32Array, n: number): Int32Array {
  const pos = new Int32Array(n).fill(-1);
  nodes.forEach((v, i) => (pos[v] = i));
  return ids.map((v) => {
    if (pos[v] < 0) throw new Error(`node ${v} is not in the batch's subgraph`);
    return pos[v];
  });
}

export const clusterGcnModel: ModelDef<typeof clusterGcnConfigSchema> = {
  id: 'cluster-gcn',
  task: 'node-classification',
  description: 'Cluster-GCN: GCN trained on METIS clusters of the graph with diagonal enhancement (Chiang et al. 2019)',
  paper: CHIANG_2019,
  configSchema: clusterGcnConfigSchema,
  create: (config, ctx) => new ClusterGcn(ctx.dataset, ctx.rng, config),
};
