import * as tf from '@tensorflow/tfjs-core';
import { useTestBackend } from '../testing/test-backends';
import { matMulArrays } from './matmul-arrays';

describe('matMulArrays', () => {
  beforeAll(useTestBackend);

  it('op(A)·op(B) on row-major arrays (known answers), no tensors left', () => {
    const a = Float32Array.of(1, 2, 3, 4, 5, 6); // [2, 3]
    const b = Float32Array.of(1, 0, 0, 1, 1, 1); // [3, 2]
    const before = tf.memory().numTensors;
    expect(Array.from(matMulArrays(a, [2, 3], b, [3, 2]))).toEqual([4, 5, 10, 11]);
    expect(Array.from(matMulArrays(a, [2, 3], a, [2, 3], false, true))).toEqual([14, 32, 32, 77]);
    expect(Array.from(matMulArrays(a, [2, 3], a, [2, 3], true, false))).toEqual([17, 22, 27, 22, 29, 36, 27, 36, 45]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => matMulArrays(a, [3, 3], b, [3, 2])).toThrow(/6 and 6 values for shapes \[3,3\] and \[3,2\]/);
  });
});
