import 'reflect-metadata';
import type { Batch } from '../contracts/dataset';
import { Rng } from '../rng';
import { blobsDataset, softmaxModel, useTestBackend } from '../testing';
import { tf } from '../tf';
import { SupervisedTrainer, supervisedConfigSchema, taskLoss, type EpochContext, type SupervisedConfig } from './supervised';

/** Exposes the protected step for a known-answer check. */
class StepTrainer extends SupervisedTrainer {
  take(ctx: EpochContext<SupervisedConfig>, batch: Batch): tf.Scalar {
    return this.step(ctx, batch);
  }
}

/**
 * The PyTorch-style step (MVFNet's optimizer: SGD with weight decay and clip_grad_norm_): with plain SGD,
 *   w' = w − lr·(g·min(1, maxNorm/(‖g‖ + 1e-6)) + wd·w),   g = ∂(batch loss)/∂w without the decay term.
 */
describe('SupervisedTrainer.step with clipGradNorm', () => {
  beforeAll(async () => {
    await useTestBackend();
  });

  async function setup(overrides: Partial<SupervisedConfig>) {
    const dataset = await blobsDataset.load(blobsDataset.configSchema.parse({ n: 60 }), { rng: new Rng(1) });
    const model = softmaxModel.create(softmaxModel.configSchema.parse({}), { dataset, rng: new Rng(2) });
    const config = supervisedConfigSchema.parse({ optimizer: 'sgd', lr: 0.5, weightDecay: 0.01, ...overrides });
    const optimizer = tf.train.sgd(config.lr);
    const vars = model.trainableVariables();
    const trainer = new StepTrainer({ info: () => {}, warn: () => {} }, new Rng(3));
    const ctx = { model, dataset, config, optimizer, vars, shuffle: new Rng(4), task: dataset.meta.task, state: {} as never };
    const batch = [...dataset.batches('train', { batchSize: 60 })][0];
    return { model, ctx, trainer, batch, optimizer, config, dataset };
  }

  it.each([0.05, 1e6])('clip at %p: w − lr·(clipped g + wd·w), no tensor leaked', async (maxNorm) => {
    const { model, ctx, trainer, batch, optimizer, config, dataset } = await setup({ clipGradNorm: maxNorm });
    const w0 = Object.fromEntries(ctx.vars.map((v) => [v.name, v.dataSync().slice()]));
    const { grads } = tf.variableGrads(() => taskLoss(ctx.task, model.forward(batch, { training: true }), batch.labels), ctx.vars);
    const norm = Math.sqrt(Object.values(grads).reduce((a, g) => a + (g.square().sum().dataSync()[0] as number), 0));
    const coef = Math.min(1, maxNorm / (norm + 1e-6));
    const g = Object.fromEntries(Object.entries(grads).map(([k, v]) => [k, v.dataSync().slice()]));
    tf.dispose(Object.values(grads));
    const regularized = new Set(model.regularizedVariables().map((v) => v.name));

    const before = tf.memory().numTensors;
    trainer.take(ctx, batch).dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (const v of ctx.vars) {
      const wd = regularized.has(v.name) ? config.weightDecay : 0;
      const want = Array.from(w0[v.name], (w, i) => w - config.lr * (g[v.name][i] * coef + wd * w));
      const got = Array.from(v.dataSync());
      got.forEach((x, i) => expect(x).toBeCloseTo(want[i], 5));
    }
    if (maxNorm < 1) expect(coef).toBeLessThan(0.5);
    (batch as { dispose?: () => void }).dispose?.();
    optimizer.dispose();
    model.dispose();
    dataset.dispose();
  });
});
