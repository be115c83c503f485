import { Rng, tf } from '@zoo/core';
import { ImageDataset } from '@zoo/vision';
import { ConvertedTtfsNet, convertConfigSchema } from './convert';

function dataset(n: number, shape: [number, number, number], seed: number): ImageDataset {
  const r = new Rng(seed);
  const per = shape[0] * shape[1] * shape[2];
  const split = () => ({ images: Float32Array.from({ length: n * per }, () => r.next()), labels: Int32Array.from({ length: n }, (_, i) => i % 3) });
  return new ImageDataset('rand', shape, { train: split(), val: split(), test: split() }, 3, 'synthetic');
}

describe('conversion of trained ReLU nets into TTFS SNNs (BN folded)', () => {
  it.each([
    ['MLP', [] as (number | 'pool')[], [24, 12]],
    ['CNN with pooling and same padding', [6, 'pool', 8] as (number | 'pool')[], [10]],
  ])('%s: after training steps (BN statistics moved), the SNN equals the ANN in inference mode', (_name, conv, dense) => {
    const ds = dataset(60, [8, 8, 1], 2);
    const net = new ConvertedTtfsNet(ds, new Rng(4), convertConfigSchema.parse({ conv, dense, momentum: 0.5 }));
    const opt = tf.train.adam(0.01);
    for (const batch of ds.batches('train', { batchSize: 20, shuffle: new Rng(1) })) {
      opt.minimize(() => tf.losses.softmaxCrossEntropy(tf.oneHot(batch.labels, 3), net.forward(batch, { training: true })) as tf.Scalar, false, net.trainableVariables());
      batch.dispose?.();
    }
    opt.dispose();
    net.convert(); // folded weights are cached state, kept until the weights change
    [...ds.batches('test')]; // and the dataset caches its full-split batch
    const before = tf.memory().numTensors;
    const s = net.spikeStats(ds, 'test');
    expect(s.maxOutputDiff).toBeLessThan(1e-4);
    expect(s.predictionMismatch).toBe(0);
    expect(s.earlySpikes).toBe(0); // windows from the training activations hold these inputs (same distribution)
    expect(s.spikesPerNeuron).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    // the running statistics really moved away from (0, 1), so folding did something
    const mean = net.getWeights()[`${conv.length ? 'conv0' : 'dense0'}_mean`].dataSync();
    expect(Math.max(...Array.from(mean, Math.abs))).toBeGreaterThan(1e-3);
    net.dispose();
    ds.dispose();
  });
});
