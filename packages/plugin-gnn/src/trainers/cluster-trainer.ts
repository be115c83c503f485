import { gatherRows, SupervisedTrainer, TOKENS, inject, injectable, supervisedConfigSchema, taskLoss, tf, z, boundedInt, LIMITS, type EpochContext, type Logger, type Rng, type ProgressReporter, type TrainerDef } from '@zoo/core';
import { NodeDataset } from '../data/graph-data';
import { ClusterGcn } from '../models/cluster-gcn';
import { inducedSubgraph } from '../ops/graph';
import { partMembers, type Partition } from '../partition/partition';
import { GRAPH_PARTITIONER, type GraphPartitioner } from '../partition/partitioner';
import { CHIANG_2019 } from '../papers';

export const clusterTrainerConfigSchema = supervisedConfigSchema
  .extend({
    /** p: clusters the training graph is split into (Sec. 3.2). */
    clusters: boundedInt(1, LIMITS.count).default(50),
    /** q: clusters joined per step; links between them come back (stochastic multiple partitions, Sec. 3.2). */
    clustersPerBatch: boundedInt(1, LIMITS.count).default(1),
    partitioner: z.enum(['auto', 'metis', 'builtin', 'random']).default('auto'),
  })
  .strict();
export type ClusterTrainerConfig = z.output<typeof clusterTrainerConfigSchema>;

/**
 * Cluster-GCN's procedure (Algorithm 1): partition the training graph once; each epoch shuffles the
 * p clusters and steps on groups of q of them: the subgraph induced by their union, renormalized, with
 * the loss on its training nodes. Validation, early stopping and checkpoints as the supervised trainer.
 */
@injectable()
export class ClusterGcnTrainer extends SupervisedTrainer {
  private clusters?: Int32Array[];
  partition?: Partition;

  constructor(
    @inject(TOKENS.Logger) log: Logger,
    @inject(TOKENS.TrainerRng) rng: Rng,
    /** METIS or built-in by default (the plugin's registration); overridable under GRAPH_PARTITIONER. */
    @inject(GRAPH_PARTITIONER) private readonly partitioner: GraphPartitioner,
    @inject(TOKENS.Progress) private readonly progress: ProgressReporter,
  ) {
    super(log, rng);
  }

  override async trainEpoch(ctx: EpochContext<ClusterTrainerConfig>): Promise<{ lossSum: number; count: number }> {
    const { model, dataset, config, optimizer, vars, shuffle, task } = ctx;
    if (!(model instanceof ClusterGcn)) throw new Error(`the cluster trainer needs a Cluster-GCN model, got ${model.constructor.name}`);
    if (!(dataset instanceof NodeDataset)) throw new Error(`the cluster trainer needs a node-classification graph, got '${dataset.id}'`);
    const graph = dataset.graph;
    if (!this.clusters) {
      const visible = model.visibleNodes;
      const sub = inducedSubgraph(model.trainingAdjacency, visible);
      this.partition = this.partitioner.partition(sub, Math.min(config.clusters, visible.length), config.partitioner, shuffle.fork('partition'));
      this.clusters = partMembers(this.partition.part, this.partition.parts).map((m) => m.map((i) => visible[i]));
      const p = this.partition;
      this.progress.stage(`cluster-gcn: ${p.method} partition of ${visible.length} nodes into ${p.parts} clusters: edge cut ${p.edgeCut} of ${sub.nnz / 2}, imbalance ${p.imbalance.toFixed(3)}, ${p.seconds.toFixed(2)} s`);
    }
    const isTrain = new Uint8Array(graph.numNodes);
    for (const v of graph.splits.train) isTrain[v] = 1;
    const order = shuffle.shuffle(Int32Array.from({ length: this.clusters.length }, (_, i) => i));
    const q = config.clustersPerBatch;
    let lossSum = 0;
    let count = 0;
    for (let s = 0; s < order.length; s += q) {
      const parts = Array.from(order.subarray(s, s + q), (c) => this.clusters![c]);
      const nodes = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of parts) {
        nodes.set(p, o);
        o += p.length;
      }
      nodes.sort();
      const local: number[] = [];
      nodes.forEach((v, i) => isTrain[v] && local.push(i));
      if (local.length === 0) continue; // no labelled node in these clusters (semi-supervised graphs)
      const localIdx = Int32Array.from(local);
      const labels = dataset.labelTensor(localIdx.map((i) => nodes[i]));
      const cost = optimizer.minimize(
        () => this.regularized(model, config, taskLoss(task, gatherRows(model.forwardCluster(nodes, true), localIdx), labels)),
        true,
        vars,
      )!;
      const loss = cost.dataSync()[0];
      lossSum += loss * local.length;
      count += local.length;
      tf.dispose([cost, labels]);
      ctx.onBatch?.(s / q + 1, Math.ceil(order.length / q), loss);
    }
    return { lossSum, count };
  }
}

export const clusterTrainerDef: TrainerDef<typeof clusterTrainerConfigSchema> = {
  id: 'cluster-gcn',
  paper: CHIANG_2019,
  description: "Cluster-GCN's loop: METIS (or built-in/random) clusters, q per step, subgraph renormalized",
  configSchema: clusterTrainerConfigSchema,
  trainer: ClusterGcnTrainer,
};
