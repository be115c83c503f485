import * as tf from '@tensorflow/tfjs';
import { nativeKernels, setNativeKernels, type NativeKernels } from '../native';
import { setBufferPool } from '../buffer-pool';

/**
 * For the zoo-kernels tests: deterministic values, the two settings of the C kernels as jest describe
 * blocks, and a spy on which C kernels a call ran.
 */
export const det = (n: number, seed: number, scale = 4): number[] => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * scale);

/** `body` inside describe('C kernels on') and describe('C kernels off') (C on only when the library loads). */
export function withAndWithoutC(body: (cOn: boolean) => void): void {
  for (const on of nativeKernels() ? [true, false] : [false]) {
    describe(`C kernels ${on ? 'on' : 'off'}`, () => {
      let was = true;
      beforeAll(() => {
        was = setNativeKernels(on);
      });
      afterAll(() => {
        setNativeKernels(was);
      });
      body(on);
    });
  }
}

/** Runs fn with the C kernels on or off and counts the calls into the named C kernels. */
export function cCalls<T>(names: (keyof NativeKernels)[], on: boolean, fn: () => T): { result: T; calls: Record<string, number> } {
  const native = nativeKernels() as unknown as Record<string, (...args: unknown[]) => unknown> | undefined;
  const calls: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const spies = native
    ? names.map((n) => {
        const original = native[n];
        return jest.spyOn(native, n).mockImplementation(countingCall(original, () => calls[n]++));
      })
    : [];
  const was = setNativeKernels(on);
  try {
    return { result: fn(), calls };
  } finally {
    setNativeKernels(was);
    spies.forEach((s) => s.mockRestore());
  }
}

function countingCall(original: (...args: unknown[]) => unknown, count: () => void): (...args: unknown[]) => unknown {
  return (...args) => {
    count();
    return original(...args);
  };
}

/** The values of fn's outputs with the C kernels on and off (tensors disposed, no leaks). */
export function valuesWithAndWithoutC(fn: () => tf.Tensor[]): [Float32Array[], Float32Array[]] {
  const run = (on: boolean) => {
    const was = setNativeKernels(on);
    try {
      const before = tf.memory().numTensors;
      const outs = fn();
      const vals = outs.map((o) => Float32Array.from(o.dataSync()));
      tf.dispose(outs);
      expect(tf.memory().numTensors).toBe(before);
      return vals;
    } finally {
      setNativeKernels(was);
    }
  };
  return [run(true), run(false)];
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e;
}

/** The output-array pool on for the enclosing describe (tests that check pool use pass under ZOO_BLAS_POOL=0 too). */
export function usePool(): void {
  let was = true;
  beforeAll(() => {
    was = setBufferPool(true);
  });
  afterAll(() => {
    setBufferPool(was);
  });
}
