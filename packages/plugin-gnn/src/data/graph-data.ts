import { tf, type Batch, type BatchOptions, type Dataset, type DatasetMeta, type SplitName, CsrMatrix } from '@zoo/core';

/** A node-classification graph: sparse features, symmetric binary adjacency, labels, splits. */
export interface GraphData {
  name: string;
  numNodes: number;
  numClasses: number;
  /** N×F sparse features (already normalized as the config asks). */
  features: CsrMatrix;
  /** N×N binary, symmetric, no self loops. */
  adjacency: CsrMatrix;
  /** Class id per node (multi-class); for multi-label graphs, the first positive label (or -1). */
  labels: Int32Array;
  /** Multi-label targets, N×numClasses of 0/1 (PPI, Amazon2M-style); absent for multi-class graphs. */
  multiLabels?: Float32Array;
  splits: Record<SplitName, Int32Array>;
  /**
   * Inductive setting (GraphSAGE's PPI/Reddit): training sees only the subgraph of training nodes,
   * evaluation the full graph. Transductive (Planetoid) when absent.
   */
  inductive?: boolean;
}

export interface NodeBatch extends Batch {
  /** Node ids whose outputs and labels this batch holds. */
  index: Int32Array;
  /** int32 class ids [n], or float32 0/1 [n, classes] for multi-label graphs. */
  labels: tf.Tensor;
  graph: GraphData;
  dispose?: () => void;
}

/**
 * Node classification on one graph. Full-batch splits (the Planetoid setting) are cached label
 * tensors; mini-batches of node ids are fresh and disposed by the consumer.
 */
export class NodeDataset implements Dataset<NodeBatch> {
  readonly meta: DatasetMeta;
  private readonly cached = new Map<SplitName, NodeBatch>();

  constructor(
    readonly id: string,
    readonly graph: GraphData,
    source: DatasetMeta['source'],
    path?: string,
  ) {
    this.meta = {
      task: graph.multiLabels ? 'multilabel-node-classification' : 'node-classification',
      numClasses: graph.numClasses,
      numFeatures: graph.features.cols,
      numNodes: graph.numNodes,
      numEdges: graph.adjacency.nnz / 2,
      source,
      path,
      sizes: { train: graph.splits.train.length, val: graph.splits.val.length, test: graph.splits.test.length },
    };
  }

  *batches(split: SplitName, opts: BatchOptions = {}): Iterable<NodeBatch> {
    const idx = this.graph.splits[split];
    if (!opts.batchSize || opts.batchSize >= idx.length) {
      let b = this.cached.get(split);
      if (!b) {
        b = { index: idx, labels: tf.keep(this.labelTensor(idx)), graph: this.graph };
        this.cached.set(split, b);
      }
      yield b;
      return;
    }
    const order = Int32Array.from(idx);
    if (opts.shuffle) opts.shuffle.shuffle(order);
    for (let s = 0; s < order.length; s += opts.batchSize) {
      const index = order.subarray(s, s + opts.batchSize);
      const labels = this.labelTensor(index);
      yield { index, labels, graph: this.graph, dispose: () => labels.dispose() };
    }
  }

  /** Labels of the given nodes: int32 ids [n], or float32 [n, classes] for multi-label graphs. */
  labelTensor(idx: Int32Array): tf.Tensor {
    const { multiLabels, numClasses: C, labels } = this.graph;
    if (!multiLabels) return tf.tensor1d(idx.map((i) => labels[i]), 'int32');
    const out = new Float32Array(idx.length * C);
    idx.forEach((node, r) => out.set(multiLabels.subarray(node * C, node * C + C), r * C));
    return tf.tensor2d(out, [idx.length, C]);
  }

  dispose(): void {
    for (const b of this.cached.values()) b.labels.dispose();
    this.cached.clear();
  }
}
