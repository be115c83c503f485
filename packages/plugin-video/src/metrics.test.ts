import { tf, type Dataset } from '@zoo/core';
import { twinAccuracy } from './metrics';

const dataset = (twins?: number[]) => ({ id: 'd', meta: { task: 'classification', numClasses: 4, source: 'synthetic', sizes: { train: 0, val: 0, test: 3 }, twins } }) as unknown as Dataset;

describe('twin_accuracy', () => {
  it('counts a clip right when its class outscores its twin, whatever the other classes do', () => {
    const out = tf.tensor2d([
      [0.9, 0.1, 5, 0], // class 0 vs twin 1: right (class 2's 5 does not matter)
      [0.9, 0.1, 0, 0], // class 1 vs twin 0: wrong
      [0, 0, 0.2, 0.3], // class 3 vs twin 2: right
    ]);
    const y = tf.tensor1d([0, 1, 3], 'int32');
    expect(twinAccuracy.compute(out, y, { model: {} as never, dataset: dataset([1, 0, 3, 2]), split: 'test' })).toBeCloseTo(2 / 3, 12);
    tf.dispose([out, y]);
  });

  it('a dataset without twins is refused by name', () => {
    const out = tf.zeros([1, 4]);
    const y = tf.zeros([1], 'int32');
    expect(() => twinAccuracy.compute(out, y, { model: {} as never, dataset: dataset(), split: 'test' })).toThrow(/meta.twins.*d/);
    tf.dispose([out, y]);
  });
});
