import { definePlugin } from '@zoo/core';
import pkg from '../package.json';
import { cifar100Dataset, cifar10Dataset, digitsDataset, mnistDataset, syntheticImagesDataset } from './data/datasets';
import { recipes } from './recipes';
import { maxOutputDiff, predictionMismatch, spikesPerNeuron } from './ttfs/metrics';
import { reluFc2, ttfsAlpha1Fc8, ttfsB1Fc2, ttfsB1Fc8 } from './ttfs/ttfs-fc';
import { ttfsConvertFc2, ttfsConvertVgg } from './ttfs/convert';
import { jointASnnResNet18, jointASnnResNet8, jointASnnResNet8Kd, jointASnnResNet8Shared, snnResNet8 } from './joint/joint-resnet';
import { jointTrainerDef } from './joint/joint-trainer';
import { annAccuracy } from './joint/metrics';

export const plugin = definePlugin({
  meta: { name: 'snn', version: pkg.version, packageName: pkg.name, description: pkg.description },
  models: [ttfsB1Fc2, reluFc2, ttfsB1Fc8, ttfsAlpha1Fc8, ttfsConvertFc2, ttfsConvertVgg, jointASnnResNet8, snnResNet8, jointASnnResNet8Kd, jointASnnResNet8Shared, jointASnnResNet18],
  datasets: [mnistDataset, digitsDataset, cifar10Dataset, cifar100Dataset, syntheticImagesDataset],
  metrics: [spikesPerNeuron, maxOutputDiff, predictionMismatch, annAccuracy],
  trainers: [jointTrainerDef],
  recipes,
});
export default plugin;

export { stratifiedSplit } from '@zoo/core';
export { readIdx, IdxError, readCifarBinary, CifarError, ImageDataset, type ImageBatch, readDigitsCsv } from '@zoo/vision';
export { b1Dense, alpha1Dense, readout, minPoolTimes, type Window } from './ttfs/ttfs-layer';
export { TtfsFcNet, type SpikeStats } from './ttfs/ttfs-fc';
export { ConvertedTtfsNet } from './ttfs/convert';
export { JointResNet, type HeadOutputs } from './joint/joint-resnet';
export { JointTrainer } from './joint/joint-trainer';
export { jointLoss, kdLoss, maskedFeatureLoss } from './joint/joint-loss';
export { lifStep, lifOverTime, heavisideSurrogate } from './joint/lif';
export { FactorizedConv } from './joint/factorized-conv';
export { svd } from './joint/svd';
