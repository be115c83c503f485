import { tf } from '../tf';
import { clipGradNorm } from './grad-clip';

describe('clipGradNorm (PyTorch clip_grad_norm_, norm 2)', () => {
  it('scales every gradient by maxNorm / (‖g‖ + 1e-6) when the global norm is larger', () => {
    const before = tf.memory().numTensors;
    const g = { a: tf.tensor1d([3, 0]), b: tf.tensor2d([[0, 4]]) };
    const { grads, norm } = clipGradNorm(g, 1);
    expect(norm).toBeCloseTo(5, 6);
    const c = 1 / (5 + 1e-6);
    expect(Array.from(grads.a.dataSync())).toEqual([expect.closeTo(3 * c, 6), 0]);
    expect(Array.from(grads.b.dataSync())).toEqual([0, expect.closeTo(4 * c, 6)]);
    expect(g.a.isDisposed).toBe(true);
    tf.dispose(Object.values(grads));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves gradients within the norm untouched (the same tensors)', () => {
    const g = { a: tf.tensor1d([0.3, 0.4]) };
    const { grads, norm } = clipGradNorm(g, 40);
    expect(norm).toBeCloseTo(0.5, 6);
    expect(grads.a).toBe(g.a);
    g.a.dispose();
  });
});
