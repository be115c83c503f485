import { definePlugin } from '@zoo/core';
import pkg from '../package.json';
import { videoDatasets } from './data/datasets';
import { VIDEO_METRICS } from './metrics';
import { videoModels } from './models/video-models';
import { recipes } from './recipes';
import { mvfnetSgdTrainerDef } from './trainers/mvfnet-sgd';

/**
 * The `video` plugin: MVFNet (Wu et al., AAAI 2021) and the models it specializes to (C2D, TSM, SlowOnly-like) on
 * bottleneck ResNets; mmaction2's data formats (rawframes, video lists through ffmpeg, the benchmarks' split files)
 * and Moving Fashion-MNIST. A plain object; the core never imports it (found by package.json's `"zoo": { "plugin" }`).
 */
export const plugin = definePlugin({
  meta: { name: 'video', version: pkg.version, packageName: pkg.name, description: pkg.description },
  models: videoModels,
  datasets: videoDatasets,
  trainers: [mvfnetSgdTrainerDef],
  metrics: VIDEO_METRICS,
  recipes,
});
export default plugin;

export { PAPER } from './papers';
export { reported, recipes } from './recipes';
export { twinAccuracy, VIDEO_METRICS } from './metrics';
export { mvfnetSgdTrainerDef, mvfnetSgdConfigSchema } from './trainers/mvfnet-sgd';
export * from './models/index';
export * from './data/index';
