import * as tf from '@tensorflow/tfjs-core';
import { detach } from './detach';
import { useTestBackend } from './testing/test-backends';

describe('detach', () => {
  beforeAll(useTestBackend);

  it('shares the values, carries no gradient, and either tensor can be disposed first', () => {
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(detach(tf.mul(v, 2)), v)) as tf.Scalar, [v]);
    expect(Array.from(grads[v.name].dataSync())).toEqual([2, 4, 6]); // only through the second factor
    tf.dispose([value, grads[v.name]]);
    expect(tf.memory().numTensors).toBe(before);
    const t = tf.tensor1d([4, 5]);
    const d = detach(t);
    t.dispose();
    expect(Array.from(d.dataSync())).toEqual([4, 5]);
    d.dispose();
    expect(tf.memory().numTensors).toBe(before);
    v.dispose();
  });
});
