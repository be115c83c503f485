import type { KernelConfig } from '@tensorflow/tfjs-core';
import { ZooRelu, ZooReluGrad, aliasKernel } from '@zoo/ops';
import { BACKEND_NAME, out, type KernelArgs } from '../kernel-utils';
import { nativeKernels } from '../native';
import { allocOutput } from '../buffer-pool';
import { withReference } from './reference';

/**
 * ZooRelu and ZooReluGrad on blas:
 *   y = max(0, x)                  this backend's own Relu kernel (the C kernel or its JS loop, elementwise.ts)
 *   ∂x = ∂y where y > 0, else 0    the C kernel reluGrad from 4096 values on, into a pool array
 * Below that, for inputs stored in another array type, or without the C library: the @zoo/ops reference.
 */
const NATIVE_MIN = 4096;

export function reluKernels(): KernelConfig[] {
  const backward = withReference(ZooReluGrad, ({ inputs, backend }: KernelArgs) => {
    const { dy, y } = inputs;
    const g = backend.data.get(dy.dataId).values;
    const yv = backend.data.get(y.dataId).values;
    if (!(g instanceof Float32Array) || !(yv instanceof Float32Array) || g.length < NATIVE_MIN) return null;
    const native = nativeKernels();
    if (!native) return null;
    const dx = allocOutput(g.length); // every value written
    native.reluGrad(g, yv, dx, g.length);
    return out(backend, dy.shape, dx);
  });
  return [aliasKernel(ZooRelu, 'Relu', BACKEND_NAME), backward];
}
