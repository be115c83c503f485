import { definePlugin } from '@zoo/core';
import pkg from '../package.json';
import { CMNIST_DATASETS, biasedBarsDataset } from './data/datasets';
import { DEBIAS_METRICS } from './metrics';
import { maskedCnn } from './models/masked-cnn';
import { maskedResNet18 } from './models/masked-resnet';
import { bffhqDataset, celebaDataset, cifar10cDataset } from './data/image-datasets';
import { recipes } from './recipes';
import { dcwpTrainerDef } from './trainers/dcwp';
import { ermTrainerDef } from './trainers/erm';
import { jttTrainerDef } from './trainers/jtt';
import { lffTrainerDef } from './trainers/lff';

export const plugin = definePlugin({
  meta: { name: 'debias', version: pkg.version, packageName: pkg.name, description: pkg.description },
  models: [maskedCnn, maskedResNet18],
  datasets: [...CMNIST_DATASETS, cifar10cDataset, bffhqDataset, celebaDataset, biasedBarsDataset],
  trainers: [ermTrainerDef, lffTrainerDef, jttTrainerDef, dcwpTrainerDef],
  metrics: DEBIAS_METRICS,
  recipes,
});
export default plugin;

export { PALETTE, CONFLICT_PCTS, colorize, biasedColors, randomColors, coloredSplit, type BiasedSplit, type ConflictPct } from './data/colored-mnist';
export { biasedImageDataset, isBiasedImageDataset, conflicting, conflictingCounts, BIAS, WeightedSampler, upweights } from './data/biased-dataset';
export { loadColoredMnist, biasedBarImages } from './data/datasets';
export { MaskedCnn, type MaskedCnnConfig } from './models/masked-cnn';
export { MaskedNet, type MaskMode } from './models/masked-net';
export { MaskedResNet, type MaskedResNetConfig } from './models/masked-resnet';
export { gumbelSigmoidMask, fixedMask, maskCounts } from './models/gumbel-mask';
export { generalizedCrossEntropy, crossEntropyPerExample } from './losses/gce';
export { debiasedSupCon } from './losses/supcon';
export { DcwpTrainer } from './trainers/dcwp';
export { ErmTrainer } from './trainers/erm';
export { JttTrainer } from './trainers/jtt';
export { LffTrainer, LossEma } from './trainers/lff';
export { unbiasedAccuracy, alignedAccuracy, conflictingAccuracy, keptWeights } from './metrics';
