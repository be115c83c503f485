import { definePlugin } from '@zoo/core';
import pkg from '../package.json';
import { stripesDataset } from './data/stripes';
import { softmaxRegressionModel } from './models/softmax-regression';
import { recipes } from './recipes';
import { paperSgdTrainerDef } from './trainers/paper-sgd';

/** The `video` plugin: a plain object; the core never imports it (found by package.json's `"zoo": { "plugin" }`). */
export const plugin = definePlugin({
  meta: { name: 'video', version: pkg.version, packageName: pkg.name, description: pkg.description },
  models: [softmaxRegressionModel],
  datasets: [stripesDataset],
  trainers: [paperSgdTrainerDef],
  recipes,
});
export default plugin;

export { PAPER } from './papers';
export { reported } from './recipes';
export { SoftmaxRegression } from './models/softmax-regression';
export { stripeSplit } from './data/stripes';
