import { Rng, tf, type Dataset } from '@zoo/core';
import type { VideoBatch } from '../data/video-batch';
import { c2dR50, c2dTiny, countVideoModel, mvfnetR101, mvfnetR50, mvfnetThwTiny, mvfnetTTiny, slowOnlyR50, slowOnlyTiny, tsmR50, tsmTiny, videoModels, VideoRecognizer, type VideoModelConfig } from './video-models';

const K400 = { frames: 8, height: 224, width: 224, channels: 3, classes: 400 };
const MFMNIST = { frames: 8, height: 32, width: 32, channels: 1, classes: 10 };

/** A dataset stub carrying only what `create` reads: the clip shape and the class count. */
function videoDataset(frames: number, size: number, channels: number, classes: number): Dataset {
  return { id: 'clips', meta: { task: 'classification', numClasses: classes, source: 'synthetic', sizes: { train: 8, val: 0, test: 0 }, frames, height: size, width: size, channels } } as unknown as Dataset;
}

/** B clips [B, T, S, S, 1]: a bright square moving right (label 0) or left (label 1) over noise. */
function movingSquares(b: number, t: number, s: number, seed: number): VideoBatch {
  const r = new Rng(seed);
  const data = new Float32Array(b * t * s * s);
  const labels = Int32Array.from({ length: b }, (_, i) => i % 2);
  for (let n = 0; n < b; n++) {
    const y0 = r.int(s - 4);
    for (let f = 0; f < t; f++) {
      const x0 = labels[n] === 0 ? f * 2 : s - 4 - f * 2;
      for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) data[((n * t + f) * s + i) * s + j] = 0.3 * r.normal() + (i >= y0 && i < y0 + 4 && j >= x0 && j < x0 + 4 ? 2 : 0);
    }
  }
  const clips = tf.tensor5d(data, [b, t, s, s, 1]);
  const y = tf.tensor1d(labels, 'int32');
  return { clips, labels: y, dispose: () => tf.dispose([clips, y]) } as VideoBatch;
}

/**
 * Tiny widths and 8² frames for the tests that take gradients: tfjs's cpu Conv2DBackpropFilter (the test
 * backend) takes ~2 µs per multiply-add, so the default tiny widths at 16² would take ~20 s per step.
 */
const SMALL = { widths: [2, 4, 4, 4] };

const parse = (def: typeof c2dTiny, over: Record<string, unknown> = {}): VideoModelConfig => def.configSchema.parse(over);

describe('the MVFNet family', () => {
  it('MVFNet-R50 8×8 at 224², 400 classes: 24.34 M params and 32.9 GMACs (the code\'s count_flops "GFLOPs") within 2%, counted without weights', () => {
    const c = countVideoModel(mvfnetR50, K400);
    expect(Math.abs(c.params / 24.34e6 - 1)).toBeLessThan(0.02);
    expect(Math.abs(c.macs / 32.909e9 - 1)).toBeLessThan(0.02);
    // MVF adds 11·⌊C/8⌋ params per block of res4–5 over C2D (3 kernels of 3 taps + BN): Σ⌊C/8⌋ = 64 + 5·128 + 128 + 2·256
    const c2d = countVideoModel(c2dR50, K400);
    expect(c2d.params).toBe(23_508_032 + 2048 * 400 + 400);
    expect(c.params - c2d.params).toBe(11 * (64 + 5 * 128 + 128 + 2 * 256));
    // no temporal pool: per clip = T × per frame
    expect(c.macs).toBe(8 * c.macsPerFrame);
    expect(countVideoModel(tsmR50, K400)).toEqual(c2d);
    expect(countVideoModel(mvfnetR101, K400).params).toBeGreaterThan(43e6);
    // SlowOnly-like: conv1 of res4–5 triples (3·Cin·Cout)
    expect(countVideoModel(slowOnlyR50, K400).params - c2d.params).toBe(2 * (512 * 256 + 5 * 1024 * 256 + 1024 * 512 + 2 * 2048 * 512));
  });

  it('the tiny tier: ≲ 5 M MACs per 32² grey frame; MVFNet-THW within 5% of C2D-tiny; the temporal pool halves later stages', () => {
    const base = countVideoModel(c2dTiny, MFMNIST);
    expect(base.macsPerFrame).toBeLessThan(5.2e6);
    for (const def of [mvfnetThwTiny, mvfnetTTiny, tsmTiny]) expect(Math.abs(countVideoModel(def, MFMNIST).macs / base.macs - 1)).toBeLessThan(0.05);
    expect(countVideoModel(slowOnlyTiny, MFMNIST).macs).toBeGreaterThan(base.macs);
    const pooled = countVideoModel(parse(c2dTiny, { temporalPool: 'tsm' }), MFMNIST);
    expect(pooled.params).toBe(base.params);
    expect(pooled.macs).toBeLessThan(base.macs);
    expect(pooled.macs).toBeGreaterThan(base.macs / 2);
  });

  it('every variant: defaults parse, ids are unique, a created model has as many trainable parameters as counted', () => {
    expect(new Set(videoModels.map((d) => d.id)).size).toBe(videoModels.length);
    for (const def of [c2dTiny, tsmTiny, slowOnlyTiny, mvfnetTTiny, mvfnetThwTiny]) {
      const model = def.create(def.configSchema.parse({}), { dataset: videoDataset(4, 16, 1, 3), rng: new Rng(1) });
      const n = model.trainableVariables().reduce((a, v) => a + v.size, 0);
      expect(n).toBe(countVideoModel(def, { frames: 4, height: 16, width: 16, channels: 1, classes: 3 }).params);
      // all conv/linear weights and BN affines are regularized (PyTorch's SGD weight decay): every trainable variable
      expect(model.regularizedVariables().length).toBe(model.trainableVariables().length);
      model.dispose();
    }
    expect(() => c2dTiny.configSchema.parse({ widths: [8, 16] })).toThrow(/one entry per stage/);
    expect(() => c2dTiny.configSchema.parse({ temporal: { kind: 'mvf', stages: [0, 0, 1, 1], alpha: 2 } })).toThrow();
    expect(() => c2dTiny.create(parse(c2dTiny), { dataset: { id: 'flat', meta: { numClasses: 2 } } as unknown as Dataset, rng: new Rng(1) })).toThrow(/not a video dataset/);
  });

  it('MVFNet with α = 0 is C2D exactly (same seed: same weights, same logits)', () => {
    const batch = movingSquares(2, 4, 16, 2);
    const ds = videoDataset(4, 16, 1, 3);
    const mvf = mvfnetThwTiny.create(parse(mvfnetThwTiny, { temporal: { kind: 'mvf', stages: [0, 0, 1, 1], alpha: 0 } }), { dataset: ds, rng: new Rng(5) });
    const c2d = c2dTiny.create(parse(c2dTiny), { dataset: ds, rng: new Rng(5) });
    expect(Object.keys(mvf.getWeights())).toEqual(Object.keys(c2d.getWeights()));
    const [a, b] = [mvf.forward(batch, { training: false }), c2d.forward(batch, { training: false })];
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
    batch.dispose();
    mvf.dispose();
    c2d.dispose();
  });

  it('forward: clips [B, T, H, W, C] → logits [B, K] = mean of per-frame logits; checks the clip shape; weights round-trip', () => {
    const ds = videoDataset(4, 16, 1, 3);
    const model = mvfnetThwTiny.create(parse(mvfnetThwTiny), { dataset: ds, rng: new Rng(7) }) as VideoRecognizer;
    const batch = movingSquares(3, 4, 16, 8);
    const logits = model.forward(batch, { training: false });
    expect(logits.shape).toEqual([3, 3]);
    const perFrame = tf.tidy(() => {
      const f = model.backbone.apply(tf.reshape(batch.clips, [12, 16, 16, 1]), false);
      return tf.mean(tf.reshape(model.head.frameScores(f, false), [3, 4, 3]), 1);
    });
    const [a, b] = [logits.dataSync(), perFrame.dataSync()];
    b.forEach((e, i) => expect(a[i]).toBeCloseTo(e, 5));
    const other = mvfnetThwTiny.create(parse(mvfnetThwTiny), { dataset: ds, rng: new Rng(99) });
    other.setWeights(model.getWeights());
    const again = other.forward(batch, { training: false });
    expect(Array.from(again.dataSync())).toEqual(Array.from(logits.dataSync()));
    const wrong = tf.zeros([1, 3, 16, 16, 1]) as tf.Tensor5D;
    expect(() => model.forward({ clips: wrong, labels: batch.labels, dispose() {} } as VideoBatch, { training: false })).toThrow(/expected clips \[B, 4, 16, 16, 1\]/);
    tf.dispose([logits, perFrame, again, wrong]);
    batch.dispose();
    model.dispose();
    other.dispose();
  });

  for (const def of [mvfnetThwTiny, tsmTiny]) {
    it(`${def.id} learns a small synthetic batch (moving squares, direction = class): the loss goes down`, () => {
      const model = def.create(parse(def, { ...SMALL, dropout: 0 }), { dataset: videoDataset(4, 8, 1, 2), rng: new Rng(3) });
      const batch = movingSquares(4, 4, 8, 4);
      const y = tf.oneHot(batch.labels as tf.Tensor1D, 2);
      const opt = tf.train.adam(0.01);
      const losses: number[] = [];
      for (let step = 0; step < 15; step++) {
        const cost = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.forward(batch, { training: true })) as tf.Scalar, true, model.trainableVariables());
        losses.push(cost!.dataSync()[0]);
        cost!.dispose();
      }
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
      opt.dispose();
      tf.dispose(y);
      batch.dispose();
      model.dispose();
    });
  }

  it('no tensor leaks: forward (train and eval) and an SGD step with dropout, BN and MVF', () => {
    const model = mvfnetThwTiny.create(parse(mvfnetThwTiny, SMALL), { dataset: videoDataset(4, 8, 1, 2), rng: new Rng(3) });
    const batch = movingSquares(2, 4, 8, 5);
    const y = tf.oneHot(batch.labels as tf.Tensor1D, 2);
    const opt = tf.train.sgd(0.1);
    const before = tf.memory().numTensors;
    for (const training of [true, false]) tf.dispose(model.forward(batch, { training }));
    opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.forward(batch, { training: true })) as tf.Scalar, false, model.trainableVariables());
    expect(tf.memory().numTensors).toBe(before);
    const vars = tf.memory().numTensors;
    model.dispose();
    expect(tf.memory().numTensors).toBeLessThan(vars);
    opt.dispose();
    tf.dispose(y);
    batch.dispose();
  });
});
