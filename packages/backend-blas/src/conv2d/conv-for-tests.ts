import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs-core';
import { setNativeKernels } from '../native';
import type { ConvInfo } from './conv-scratch';

/**
 * For the conv2d algorithm tests: a convolution case with tfjs cpu's answers (Y, ∂X and ∂W of
 * Σ Y·∂Y for a fixed ∂Y) to check one algorithm's typed-array functions against.
 */
export interface ConvCase {
  c: ConvInfo;
  x: Float32Array;
  w: Float32Array;
  dy: Float32Array;
  y: Float32Array;
  /** undefined for dilated convolutions (tfjs has no gradient for them) */
  dx?: Float32Array;
  dw?: Float32Array;
}

function rand(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = (s / 2147483648) * 2 - 1;
  }
  return a;
}

export async function convCase(xs: number[], fs: number[], stride: number, pad: 'same' | 'valid', dilation = 1): Promise<ConvCase> {
  await tf.setBackend('cpu');
  const c = backend_util.computeConv2DInfo(xs as [number, number, number, number], fs as [number, number, number, number], stride, dilation, pad, undefined, false, 'channelsLast');
  const x = rand(xs.reduce((a, b) => a * b), 1);
  const w = rand(fs.reduce((a, b) => a * b), 2);
  const dy = rand(c.outShape.reduce((a, b) => a * b), 3);
  const [y, dx, dw] = tf.tidy(() => {
    const conv = (xt: tf.Tensor, wt: tf.Tensor) => tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, stride, pad, 'NHWC', dilation);
    const xt = tf.tensor(x, xs);
    const wt = tf.tensor(w, fs);
    // tfjs has no gradient for dilated convolutions: forward only there
    const grads = dilation === 1 ? tf.grads((a: tf.Tensor, b: tf.Tensor) => conv(a, b).mul(tf.tensor(dy, c.outShape)).sum())([xt, wt]) : [];
    return [conv(xt, wt), ...grads].map((t) => t.dataSync() as Float32Array);
  });
  return { c, x, w, dy, y, dx, dw };
}

/** max |a − b| / max |b| below 1e-4 (sgemm and Winograd sum in another order than tfjs cpu). */
export function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1e-6;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let err = 0;
  for (let i = 0; i < expected.length; i++) err = Math.max(err, Math.abs(actual[i] - expected[i]));
  expect(err / scale).toBeLessThan(1e-4);
}

/** Runs fn with the C kernels switched on or off, restoring the setting. */
export function withNative<T>(on: boolean, fn: () => T): T {
  const was = setNativeKernels(on);
  try {
    return fn();
  } finally {
    setNativeKernels(was);
  }
}
