import { definePlugin } from '@zoo/core';
import pkg from '../package.json';
import { cifar100Dataset, cifar10Dataset, digitsDataset, mnistDataset, syntheticImagesDataset } from './data/datasets';
import { recipes } from './recipes';
import { maxOutputDiff, predictionMismatch, spikesPerNeuron } from './ttfs/metrics';
import { reluFc2, ttfsAlpha1Fc8, ttfsB1Fc2, ttfsB1Fc8 } from './ttfs/ttfs-fc';
import { ttfsConvertFc2, ttfsConvertVgg } from './ttfs/convert';

export const plugin = definePlugin({
  meta: { name: 'snn', version: pkg.version, packageName: pkg.name, description: pkg.description },
  models: [ttfsB1Fc2, reluFc2, ttfsB1Fc8, ttfsAlpha1Fc8, ttfsConvertFc2, ttfsConvertVgg],
  datasets: [mnistDataset, digitsDataset, cifar10Dataset, cifar100Dataset, syntheticImagesDataset],
  metrics: [spikesPerNeuron, maxOutputDiff, predictionMismatch],
  recipes,
});
export default plugin;

export { readIdx, IdxError } from './data/idx';
export { readCifarBinary, CifarError } from './data/cifar';
export { ImageDataset, stratifiedSplit, type ImageBatch } from './data/image-dataset';
export { readDigitsCsv } from './data/datasets';
export { b1Dense, alpha1Dense, readout, minPoolTimes, type Window } from './ttfs/ttfs-layer';
export { TtfsFcNet, type SpikeStats } from './ttfs/ttfs-fc';
export { ConvertedTtfsNet } from './ttfs/convert';
