import { gatherRows, z, boundedInt, LIMITS, csrMulDense, glorotUniform, tf, type Dataset, type ForwardOptions, type ModelDef, type Rng, CsrMatrix, dropout } from '@zoo/core';
import type { NodeBatch } from '../data/graph-data';
import { YOU_2020 } from '../papers';
import { GraphModel } from './graph-model';

/** The former fastDropout's mask stream (xorshift32, 16-bit uniforms): the recipes' results depend on its draws. */
const XORSHIFT = { stream: 'xorshift32-16' } as const;

/**
 * The network of L-GCN / L²-GCN (You et al., CVPR 2020, Sec. 3; Shen-Lab/L2-GCN `net_lwgcn`):
 *   X_l = Â·H_{l−1} (H_0 = X),   H_l = ReLU(X_l·W_l),   logits = H_L·W_c,   Â = D^-1 A + I
 * W_l: d_{l−1}×hidden, one classifier W_c: hidden×C shared by all layers, no biases. Training is
 * layer-wise (LayerwiseTrainer): the aggregation X_l is computed once per layer, W_l and W_c are trained
 * on node mini-batches of X_l, then W_l is frozen and H_l = ReLU(X_l·W_l) feeds the next layer. So each
 * step costs a dense mini-batch product, independent of the graph's size. Inference applies all layers
 * on the full graph.
 */
export const layerwiseGcnConfigSchema = z
  .object({
    layers: boundedInt(1, 6).default(2),
    hidden: boundedInt(1, LIMITS.width).default(128),
    /** Dropout on each layer's input during training (the official code has none: 0). */
    dropout: z.number().min(0).max(0.99).default(0),
  })
  .strict();
export type LayerwiseGcnConfig = z.output<typeof layerwiseGcnConfigSchema>;

/** Â = D^-1 A + I as the code builds it (rows of A scaled by 1/degree, degree floored at 1). */
export function rowNormalizedPlusIdentity(adj: CsrMatrix): CsrMatrix {
  const deg = adj.rowSums();
  const v = new Float32Array(adj.nnz);
  for (let i = 0; i < adj.rows; i++) for (let p = adj.indptr[i]; p < adj.indptr[i + 1]; p++) v[p] = adj.values[p] / Math.max(1, deg[i]);
  return adj.withValues(v).scaleAddIdentity(1, 1);
}

export class LayerwiseGcn extends GraphModel {
  /** Â of the graph training sees (training nodes only when inductive) and of the full graph. */
  readonly trainAdjacency: CsrMatrix;
  private fullAdj?: CsrMatrix;

  constructor(
    dataset: Dataset,
    rng: Rng,
    readonly config: LayerwiseGcnConfig,
  ) {
    super(dataset, rng);
    const g = this.graph;
    let adj = g.adjacency;
    if (g.inductive) {
      const keep = new Uint8Array(g.numNodes);
      for (const v of g.splits.train) keep[v] = 1;
      const vals = new Float32Array(adj.nnz);
      for (let i = 0; i < adj.rows; i++) for (let p = adj.indptr[i]; p < adj.indptr[i + 1]; p++) vals[p] = keep[i] && keep[adj.indices[p]] ? adj.values[p] : 0;
      adj = adj.withValues(vals);
    }
    this.trainAdjacency = rowNormalizedPlusIdentity(adj);
    for (let l = 0; l < config.layers; l++) {
      this.store.add(`w${l}`, glorotUniform(rng, l === 0 ? g.features.cols : config.hidden, config.hidden), { regularized: true });
    }
    this.store.add('classifier', glorotUniform(rng, config.hidden, g.numClasses), { regularized: true });
  }

  /** X_l = Â·H for every node (row-major N×d), the once-per-layer aggregation. */
  aggregate(h: Float32Array, width: number, full = false): Float32Array {
    const a = full ? (this.fullAdj ??= rowNormalizedPlusIdentity(this.graph.adjacency)) : this.trainAdjacency;
    return csrMulDense(a, h, width);
  }

  /** H_0 = X, dense. */
  inputFeatures(): Float32Array {
    return this.graph.features.toDense();
  }

  /** Trainable weights of layer l's step: W_l and the shared classifier. */
  layerVariables(l: number): tf.Variable[] {
    const w = this.store.getWeights();
    return [w[`w${l}`] as tf.Variable, w.classifier as tf.Variable];
  }

  /** Training logits of a mini-batch of layer-l inputs: ReLU(dropout(X)·W_l)·W_c. */
  layerLogits(l: number, x: tf.Tensor2D, training: boolean): tf.Tensor2D {
    const w = this.store.getWeights();
    const xin = training && this.config.dropout > 0 ? dropout(x, this.config.dropout, this.rng, XORSHIFT) : x;
    return tf.matMul(tf.relu(tf.matMul(xin, w[`w${l}`] as tf.Tensor2D)), w.classifier as tf.Tensor2D);
  }

  /** H_l = ReLU(X_l·W_l) for every node, with W_l frozen (input of the next layer). */
  layerOutput(l: number, x: Float32Array, n: number): Float32Array {
    const w = this.store.getWeights();
    const d = x.length / n;
    const h = tf.tidy(() => tf.relu(tf.matMul(tf.tensor2d(x, [n, d]), w[`w${l}`] as tf.Tensor2D)));
    const out = (h.dataSync() as Float32Array).slice(); // (never return a TypedArray from tf.tidy: it is walked)
    h.dispose();
    return out;
  }

  /** Inference on the full graph: all layers, then the classifier. */
  forward(batch: NodeBatch, _opts: ForwardOptions): tf.Tensor2D {
    const n = this.graph.numNodes;
    let h = this.inputFeatures();
    let width = this.graph.features.cols;
    for (let l = 0; l < this.config.layers; l++) {
      h = this.layerOutput(l, this.aggregate(h, width, true), n);
      width = this.config.hidden;
    }
    const w = this.store.getWeights();
    return tf.tidy(() => gatherRows(tf.matMul(tf.tensor2d(h, [n, width]), w.classifier as tf.Tensor2D), batch.index));
  }
}

export const lGcnModel: ModelDef<typeof layerwiseGcnConfigSchema> = {
  id: 'l-gcn',
  task: 'node-classification',
  description: 'L-GCN: layer-wise GCN training, one aggregation per layer (You et al. 2020)',
  paper: YOU_2020,
  configSchema: layerwiseGcnConfigSchema,
  create: (config, ctx) => new LayerwiseGcn(ctx.dataset, ctx.rng, config),
};

export const l2GcnModel: ModelDef<typeof layerwiseGcnConfigSchema> = {
  ...lGcnModel,
  id: 'l2-gcn',
  description: 'L²-GCN: L-GCN with a learned (LSTM, REINFORCE) controller deciding when each layer stops (You et al. 2020)',
};
