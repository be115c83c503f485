import { Rng, tf } from '@zoo/core';
import { SoftmaxRegression } from './softmax-regression';

describe('SoftmaxRegression', () => {
  it('logits = x·W + b (known answer); images are flattened row-major; no leaks', () => {
    const model = new SoftmaxRegression(4, 2, new Rng(0));
    model.setWeights({ w: tf.tensor2d([[1, 0], [0, 1], [1, 1], [-1, 2]]), b: tf.tensor1d([0.5, -0.5]) });
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([[1, 2, 3, 4], [0, 0, 0, 1]]);
    const img = tf.reshape(x, [2, 2, 2, 1]);
    const labels = tf.tensor1d([0, 1], 'int32');
    const flat = model.forward({ x, labels }, { training: false });
    const fromImages = model.forward({ x: img, labels }, { training: false });
    // row 1: [1+3-4, 2+3+8] + b = [0.5, 12.5]; row 2: [-1, 2] + b = [-0.5, 1.5]
    expect(Array.from(flat.dataSync())).toEqual([0.5, 12.5, -0.5, 1.5]);
    expect(Array.from(fromImages.dataSync())).toEqual([0.5, 12.5, -0.5, 1.5]);
    tf.dispose([flat, fromImages, x, img, labels]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('the gradient of the mean cross-entropy w.r.t. W is xᵀ(softmax − onehot)/N', () => {
    const model = new SoftmaxRegression(3, 2, new Rng(1));
    const x = tf.tensor2d([[1, -2, 0.5], [0.3, 0.1, -1]]);
    const labels = tf.tensor1d([1, 0], 'int32');
    const w = model.trainableVariables().find((v) => v.shape.length === 2)!;
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 2), model.forward({ x, labels }, { training: true })) as tf.Scalar, [w]);
    const expected = tf.tidy(() => tf.matMul(x, tf.sub(tf.softmax(model.forward({ x, labels }, { training: false })), tf.oneHot(labels, 2)), true).div(2));
    const got = grads[w.name].dataSync();
    expected.dataSync().forEach((e, i) => expect(got[i]).toBeCloseTo(e, 5));
    tf.dispose([x, labels, expected, ...Object.values(grads)]);
    model.dispose();
  });
});
