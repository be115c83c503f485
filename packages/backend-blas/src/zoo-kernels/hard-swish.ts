import type { KernelConfig } from '@tensorflow/tfjs-core';
import { ZooHardSwish, ZooHardSwishGrad } from '@zoo/ops';
import { out, type KernelArgs } from '../kernel-utils';
import { withReference } from './reference';
import { nativeKernels } from '../native';
import { allocOutput } from '../buffer-pool';

/**
 * ZooHardSwish and ZooHardSwishGrad on blas, one fused pass each in C (native/video_ops.c, vectorized
 * selects, split over the cores):
 *   y = x·(min(max(x + 3, 0), 6)/6)          float32 steps: the bits of the composition and of the JS loop
 *   ∂x = 0 | ∂y·((2x + 3)/6) | ∂y            (x ≤ −3 | −3 < x ≤ 3 | x > 3; float32 steps, selects: the JS loop's bits)
 * From 4096 values on with the C library loaded, else the @zoo/ops reference kernels; outputs from the pool.
 */
const NATIVE_MIN = 4096;

export function hardSwishKernels(): KernelConfig[] {
  const forward = withReference(ZooHardSwish, ({ inputs, backend }: KernelArgs) => {
    const xv = backend.data.get(inputs.x.dataId).values;
    const native = nativeKernels();
    if (!native || !(xv instanceof Float32Array) || xv.length < NATIVE_MIN) return null;
    const y = allocOutput(xv.length); // every value written
    native.hardSwish(xv, y, xv.length);
    return out(backend, inputs.x.shape, y);
  });
  const backward = withReference(ZooHardSwishGrad, ({ inputs, backend }: KernelArgs) => {
    const g = backend.data.get(inputs.dy.dataId).values;
    const xv = backend.data.get(inputs.x.dataId).values;
    const native = nativeKernels();
    if (!native || !(g instanceof Float32Array) || !(xv instanceof Float32Array) || g.length < NATIVE_MIN) return null;
    const dx = allocOutput(g.length); // every value written
    native.hardSwishGrad(g, xv, dx, g.length);
    return out(backend, inputs.dy.shape, dx);
  });
  return [forward, backward];
}
