import { mvfnetSgdConfigSchema, mvfnetSgdTrainerDef } from './mvfnet-sgd';

describe('mvfnet-sgd: the official K400 config as defaults', () => {
  it('SGD Nesterov lr 0.015, momentum 0.9, wd 1e-4, clip 40, step [90, 130] after 25,070 warm-up iterations from 0.01·lr', () => {
    const c = mvfnetSgdConfigSchema.parse({});
    expect(c).toMatchObject({ optimizer: 'momentum', nesterov: true, lr: 0.015, momentum: 0.9, weightDecay: 1e-4, clipGradNorm: 40, schedule: 'step', lrSteps: [90, 130], lrGamma: 0.1, warmupIters: 25070, warmupRatio: 0.01, maxEpochs: 150, batchSize: 12, restoreBest: false });
    expect(mvfnetSgdTrainerDef.paper?.arxiv).toBe('2012.06977');
  });

  it('refuses a bad field by name', () => {
    expect(mvfnetSgdConfigSchema.safeParse({ lrSteps: [0] }).success).toBe(false);
    expect(mvfnetSgdConfigSchema.safeParse({ clipGradNorm: -1 }).success).toBe(false);
  });
});
