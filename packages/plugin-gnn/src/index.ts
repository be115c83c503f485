import { definePlugin } from '@zoo/core';
import { planetoidDataset } from './data/planetoid';
import { sbmDataset } from './data/sbm';
import { graphsageDataset } from './data/graphsage';
import { ogbDataset } from './data/ogb';
import { powerlawSbmDataset } from './data/powerlaw-sbm';
import { gcnModel } from './models/gcn';
import { appnpModel, gnnHfClosedModel, gnnHfIterModel, gnnLfClosedModel, gnnLfIterModel } from './models/propagated-mlp';
import { sgcModel } from './models/sgc';
import { clusterGcnModel } from './models/cluster-gcn';
import { clusterTrainerDef } from './trainers/cluster-trainer';
import { l2GcnModel, lGcnModel } from './models/layerwise-gcn';
import { lGcnTrainerDef } from './trainers/layerwise-trainer';
import { recipes } from './recipes';
import { builtinOrMetisPartitioner, GRAPH_PARTITIONER } from './partition/partitioner';
import pkg from '../package.json';

export const plugin = definePlugin({
  meta: { name: 'gnn', version: pkg.version, packageName: pkg.name, description: pkg.description },
  models: [gcnModel, sgcModel, appnpModel, gnnLfClosedModel, gnnLfIterModel, gnnHfClosedModel, gnnHfIterModel, clusterGcnModel, lGcnModel, l2GcnModel],
  trainers: [clusterTrainerDef, lGcnTrainerDef],
  datasets: [
    planetoidDataset('cora'),
    planetoidDataset('citeseer'),
    planetoidDataset('pubmed'),
    sbmDataset,
    powerlawSbmDataset,
    graphsageDataset('ppi', 'Protein-protein interaction graphs (24 graphs, 56,944 nodes, 121 labels; GraphSAGE release), inductive', 'see http://snap.stanford.edu/graphsage/ (research use)'),
    graphsageDataset('reddit', 'Reddit posts linked by common commenters (232,965 nodes, 41 classes; GraphSAGE release), inductive', 'see http://snap.stanford.edu/graphsage/ (research use)'),
    ogbDataset('amazon2m', 'ogbn_products', 'Amazon co-purchase graph (2,449,029 nodes, 47 classes; OGB ogbn-products, the Amazon2M of Cluster-GCN)', 'Amazon license, see https://ogb.stanford.edu/docs/nodeprop/#ogbn-products'),
  ],
  recipes,
  services: [{ token: GRAPH_PARTITIONER, useValue: builtinOrMetisPartitioner }],
});
export default plugin;

/** The CSR class and sparse × dense live in @zoo/ops (through the core); re-exported for compatibility. */
export { CsrMatrix, csrMatMul, gatherRows } from '@zoo/core';
export { sparseDropout } from './ops/sparse-dropout';
export { SparseSolver, conjugateGradient } from './ops/cg-solve';
export { normalizedAdjacency, symmetricAdjacency, rowNormalize } from './ops/graph';
export { readPickle } from './data/pickle';
export { readPlanetoid, locatePlanetoid } from './data/planetoid';
export { generateSbm } from './data/sbm';
export { NodeDataset, type GraphData, type NodeBatch } from './data/graph-data';
export { partitionGraph, randomPartition, partMembers, type Partition, type PartitionMethod } from './partition/partition';
export { multilevelPartition } from './partition/multilevel';
export { GRAPH_PARTITIONER, builtinOrMetisPartitioner, type GraphPartitioner } from './partition/partitioner';
export { loadMetis } from './partition/metis';
export { undirectedGraph, edgeCut, imbalance, type WeightedGraph } from './partition/graph';
export { ClusterGcn } from './models/cluster-gcn';
export { ClusterGcnTrainer, clusterTrainerConfigSchema } from './trainers/cluster-trainer';
export { LayerwiseGcn } from './models/layerwise-gcn';
export { LayerwiseTrainer, layerwiseTrainerConfigSchema } from './trainers/layerwise-trainer';
export { StopController } from './trainers/stop-controller';
export { readNpy, NpyError } from './data/npy';
export { readGraphsage } from './data/graphsage';
export { readOgbNodeDataset } from './data/ogb';
export { generatePowerlawSbm, powerlawSbmConfigSchema } from './data/powerlaw-sbm';
export { Gcn } from './models/gcn';
