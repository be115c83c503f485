import { StoreModel, tf, type Dataset, type ForwardOptions, type Rng, CsrMatrix } from '@zoo/core';
import { NodeDataset, type GraphData, type NodeBatch } from '../data/graph-data';
import { normalizedAdjacency } from '../ops/graph';
import { sparseDropout } from '../ops/sparse-dropout';

/** Shared plumbing of the node-classification models: named weights, Â, seeded dropout. */
export abstract class GraphModel extends StoreModel<NodeBatch> {
  protected readonly graph: GraphData;
  private aHatCache?: CsrMatrix;

  constructor(
    dataset: Dataset,
    protected readonly rng: Rng,
  ) {
    super();
    if (!(dataset instanceof NodeDataset)) throw new Error(`${new.target.name} needs a node-classification graph dataset, got '${dataset.id}'`);
    this.graph = dataset.graph;
  }

  /** Â = D̃^-1/2 (A+I) D̃^-1/2, computed once. */
  protected get aHat(): CsrMatrix {
    return (this.aHatCache ??= normalizedAdjacency(this.graph.adjacency));
  }

  abstract forward(batch: NodeBatch, opts: ForwardOptions): tf.Tensor;

  protected dropout<T extends tf.Tensor>(x: T, rate: number, training: boolean): T {
    return training && rate > 0 ? (tf.dropout(x, rate, undefined, this.rng.nextSeed()) as T) : x;
  }

  protected dropoutSparse(x: CsrMatrix, rate: number, training: boolean): CsrMatrix {
    return training ? sparseDropout(x, rate, () => this.rng.next()) : x;
  }
}
