import { Rng, VariableStore, tf } from '@zoo/core';
import { ImageDataset, ResNet, countModel, requireImageShape } from './index';

/** The README's example, as written there. */
describe('README example', () => {
  it('builds a dataset, counts and runs a ResNet-18 on it; no leaks', () => {
    const before = tf.memory().numTensors;
    const rng = new Rng(1);
    const split = () => ({ images: rng.uniformArray(8 * 32 * 32 * 3, 0, 1), labels: Int32Array.from({ length: 8 }, (_, i) => i % 10) });
    const data = new ImageDataset('toy', [32, 32, 3], { train: split(), val: split(), test: split() }, 10, 'synthetic', undefined, {
      normalize: { mean: [0.49, 0.48, 0.45], std: [0.2, 0.2, 0.2] },
      augment: { pad: 4, flip: true, rng: rng.fork('augment') },
    });

    const { params, macs } = countModel(new ResNet({ depth: 18, classes: 10 }), requireImageShape(data, 'resnet18'));
    const net = new ResNet({ depth: 18, classes: data.meta.numClasses, widths: [16, 32, 64, 128] });
    const store = new VariableStore();
    net.create(store, rng);
    const batch = data.batchAt('train', Int32Array.from([0, 1, 2, 3]), true);
    const logits = net.apply(batch.x, true);
    expect(logits.shape).toEqual([4, 10]);
    tf.dispose([logits]);
    batch.dispose();
    store.dispose();

    expect(params).toBe(11_181_642);
    expect(macs).toBe(37_016_576);
    expect(tf.memory().numTensors).toBe(before);
  });
});
