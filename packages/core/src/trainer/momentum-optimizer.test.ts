import { tf } from '../tf';
import { useTestBackend } from '../testing';
import { clipGradNorm, clippedStep } from './grad-clip';
import { ZooMomentumOptimizer } from './momentum-optimizer';

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 2);
const shapes: [number[], number][] = [
  [[3, 4], 1],
  [[5000], 2],
  [[2, 2, 3], 3],
];
const makeVars = (tag: string) => shapes.map(([s, seed]) => tf.tidy(() => tf.variable(tf.tensor(det(s.reduce((a, b) => a * b), seed), s), true, `${tag}_${seed}`)));
const lossOf = (vars: tf.Variable[], step: number) => () => tf.addN(vars.map((v, i) => v.mul(tf.tensor(det(v.size, 10 * step + i), v.shape)).square().mean())) as tf.Scalar;
const values = (vars: tf.Variable[]) => vars.map((v) => Array.from(v.dataSync()));

describe('ZooMomentumOptimizer', () => {
  beforeAll(useTestBackend);

  it.each([false, true])("trains to tfjs MomentumOptimizer's bits (nesterov %p), keeps its state names, leaks nothing", async (nesterov) => {
    const before = tf.memory().numTensors;
    const a = makeVars(`tfjs${nesterov}`);
    const b = makeVars(`zoo${nesterov}`);
    const ref = tf.train.momentum(0.05, 0.9, nesterov);
    const ours = new ZooMomentumOptimizer(0.05, 0.9, nesterov);
    for (let step = 0; step < 4; step++) {
      if (step === 2) [ref, ours].forEach((o) => o.setLearningRate(0.02));
      tf.dispose(ref.minimize(lossOf(a, step), true, a));
      tf.dispose(ours.minimize(lossOf(b, step), true, b));
      expect(values(b)).toEqual(values(a));
    }
    const [wr, wo] = [await ref.getWeights(), await ours.getWeights()];
    expect(wo.map((w) => w.name)).toEqual(wr.map((w) => w.name.replace('tfjs', 'zoo')));
    expect(wo.map((w) => Array.from(w.tensor.dataSync()))).toEqual(wr.map((w) => Array.from(w.tensor.dataSync())));
    tf.dispose(wr.concat(wo).filter((w) => w.name === 'iter').map((w) => w.tensor));
    expect(ours.getClassName()).toBe('Momentum');
    for (const o of [ref, ours]) {
      o.dispose();
      (o as unknown as { c: tf.Tensor }).c.dispose(); // what disposeOptimizer adds for tfjs's forgotten scalar
    }
    tf.dispose([...a, ...b]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("resumes from a tfjs MomentumOptimizer's weights (a checkpoint written before it existed)", async () => {
    const a = makeVars('resumeA');
    const b = makeVars('resumeB');
    b.forEach((v, i) => v.assign(a[i]));
    const ref = tf.train.momentum(0.05, 0.9, true);
    tf.dispose(ref.minimize(lossOf(a, 0), true, a));
    const ours = new ZooMomentumOptimizer(0.05, 0.9, true);
    await ours.setWeights((await ref.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() })));
    b.forEach((v, i) => v.assign(a[i]));
    tf.dispose(ref.minimize(lossOf(a, 1), true, a));
    tf.dispose(ours.minimize(lossOf(b, 1), true, b));
    expect(values(b)).toEqual(values(a));
    ref.dispose();
    ours.dispose();
    tf.dispose([...a, ...b]);
  });

  it("clippedStep's fused step (clip, decay, Nesterov in one ZooSgdUpdate pass per variable) equals clipGradNorm + decay + tfjs's step", async () => {
    const a = makeVars('clipA');
    const b = makeVars('clipB');
    const ref = tf.train.momentum(0.015, 0.9, true);
    const ours = new ZooMomentumOptimizer(0.015, 0.9, true);
    const decayedA = new Set([a[0], a[1]]);
    const decayedB = new Set([b[0], b[1]]);
    for (let step = 0; step < 3; step++) {
      // the reference: the tfjs chain clippedStep runs for any other optimizer
      const { value, grads } = tf.variableGrads(lossOf(a, step), a);
      const clipped = clipGradNorm(grads, 0.5).grads;
      for (const v of a) {
        if (!decayedA.has(v)) continue;
        const g = clipped[v.name];
        clipped[v.name] = tf.tidy(() => g.add(v.mul(1e-2)));
        g.dispose();
      }
      ref.applyGradients(clipped);
      tf.dispose([value, ...Object.values(clipped)]);
      const info = await tf.profile(() => tf.dispose(clippedStep(ours, b, lossOf(b, step), { maxNorm: 0.5, weightDecay: 1e-2, decayed: decayedB })));
      expect(info.kernelNames).toContain('ZooSgdUpdate');
      expect(values(b)).toEqual(values(a));
    }
    ref.dispose();
    ours.dispose();
    tf.dispose([...a, ...b]);
  });
});
