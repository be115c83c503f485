import type { CsrMatrix, Rng } from '@zoo/core';
import { partitionGraph, type Partition, type PartitionMethod } from './partition';

/**
 * The strategy that splits Cluster-GCN's training graph into k clusters (Sec. 3.2). The plugin
 * registers `builtinOrMetisPartitioner` (METIS when libmetis loads and `method` allows it, else the
 * built-in multilevel scheme, or the random ablation); a user or another plugin registers its own
 * under `GRAPH_PARTITIONER` to replace it, and `ClusterGcnTrainer` gets it through `@inject`.
 */
export interface GraphPartitioner {
  /** Part id of every node of `adj` (n × n), k parts; `method` is the recipe's `trainer.partitioner`. */
  partition(adj: CsrMatrix, k: number, method: PartitionMethod, rng: Rng): Partition;
}

/** tsyringe token of the graph partitioner (Symbol.for: one token even with two copies of the plugin). */
export const GRAPH_PARTITIONER = Symbol.for('zoo.gnn.GraphPartitioner');

/** The plugin's default: `partitionGraph` (METIS, built-in multilevel or random by `method`). */
export const builtinOrMetisPartitioner: GraphPartitioner = { partition: partitionGraph };
