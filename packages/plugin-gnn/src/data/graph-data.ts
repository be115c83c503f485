import { tf, type Batch, type BatchOptions, type Dataset, type DatasetMeta, type SplitName } from '@zoo/core';
import { CsrMatrix } from '../ops/csr';

/** A node-classification graph: sparse features, symmetric binary adjacency, labels, splits. */
export interface GraphData {
  name: string;
  numNodes: number;
  numClasses: number;
  /** N×F sparse features (already normalized as the config asks). */
  features: CsrMatrix;
  /** N×N binary, symmetric, no self loops. */
  adjacency: CsrMatrix;
  labels: Int32Array;
  splits: Record<SplitName, Int32Array>;
}

export interface NodeBatch extends Batch {
  /** Node ids whose outputs and labels this batch holds. */
  index: Int32Array;
  labels: tf.Tensor1D;
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
      task: 'node-classification',
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
        b = { index: idx, labels: tf.keep(tf.tensor1d(this.labelsOf(idx), 'int32')), graph: this.graph };
        this.cached.set(split, b);
      }
      yield b;
      return;
    }
    const order = Int32Array.from(idx);
    if (opts.shuffle) opts.shuffle.shuffle(order);
    for (let s = 0; s < order.length; s += opts.batchSize) {
      const index = order.subarray(s, s + opts.batchSize);
      const labels = tf.tensor1d(this.labelsOf(index), 'int32');
      yield { index, labels, graph: this.graph, dispose: () => labels.dispose() };
    }
  }

  private labelsOf(idx: Int32Array): Int32Array {
    return idx.map((i) => this.graph.labels[i]);
  }

  dispose(): void {
    for (const b of this.cached.values()) b.labels.dispose();
    this.cached.clear();
  }
}
