import type { KernelConfig } from '@tensorflow/tfjs-core';
import { ZooSgdUpdate, type ZooSgdUpdateAttrs } from '@zoo/ops';
import { out, type KernelArgs } from '../kernel-utils';
import { withReference } from './reference';
import { nativeKernels } from '../native';
import { allocOutput } from '../buffer-pool';

/**
 * ZooSgdUpdate on blas: an optimizer step of one variable (scaled gradient + decay, momentum buffer, Nesterov
 * update) as one pass over value, gradient and buffer in C (native/elementwise.c, float32 steps in the
 * composition's order: its bits), split over the cores; it replaces the 6–9 single-threaded tfjs passes and
 * their temporaries per variable per step (a ResNet-50 has 24 M weights). From 4096 values on with the C
 * library loaded, else the @zoo/ops reference kernel; value′ and accum′ come from the output-array pool, or with
 * `reuseInputs` (the optimizer's call) are written into value's and accum's arrays when no other tensor holds them.
 */
const NATIVE_MIN = 4096;

export function sgdUpdateKernels(): KernelConfig[] {
  const kernel = withReference(ZooSgdUpdate, ({ inputs, backend, attrs }: KernelArgs) => {
    const v = backend.data.get(inputs.value.dataId).values;
    const g = backend.data.get(inputs.grad.dataId).values;
    const a = backend.data.get(inputs.accum.dataId).values;
    const native = nativeKernels();
    if (!native || !(v instanceof Float32Array) || !(g instanceof Float32Array) || !(a instanceof Float32Array) || v.length < NATIVE_MIN) return null;
    const { lr, momentum, gradScale, weightDecay, nesterov, reuseInputs } = attrs as unknown as ZooSgdUpdateAttrs;
    const { value, accum } = inputs;
    if (reuseInputs && value.dataId !== accum.dataId && backend.refCount(value.dataId) === 1 && backend.refCount(accum.dataId) === 1) {
      // only the optimizer's two variables hold these arrays and it replaces both by the outputs: update in place
      // (elementwise, so the aliasing is safe) and hand the same arrays back, saving two fresh 4·n-byte arrays per step
      native.sgdUpdate(v, g, a, v, a, v.length, -lr, momentum, gradScale, weightDecay, nesterov);
      backend.incRef(value.dataId);
      backend.incRef(accum.dataId);
      return [
        { dataId: value.dataId, shape: value.shape, dtype: 'float32' },
        { dataId: accum.dataId, shape: accum.shape, dtype: 'float32' },
      ];
    }
    const v2 = allocOutput(v.length); // every value written
    const a2 = allocOutput(v.length);
    native.sgdUpdate(v, g, a, v2, a2, v.length, -lr, momentum, gradScale, weightDecay, nesterov);
    return [out(backend, value.shape, v2), out(backend, value.shape, a2)];
  });
  return [kernel];
}
