/**
 * The one tfjs instance the zoo uses. Plugins import `tf` from `@zoo/core` so that core, plugins and
 * the backend resolver always share a single engine (two copies of tfjs would hold two registries).
 *
 * (The triple-slash reference below declares the chained ops' types, for core and for every package using this `tf`.)
 *
 * Core stands on `@tensorflow/tfjs-core` and its cpu backend only (not all of `@tensorflow/tfjs`, whose
 * layers, converter, data and webgl packages the zoo never used: 286 of 350 MB of an install). What
 * `@tensorflow/tfjs` added on top of tfjs-core, the zoo does need: every op's gradient and the chained ops
 * (`x.square()`); `vendor/tfjs-extras.js` registers both, bundled from the same tfjs-core sources
 * (scripts/bundle-tfjs-extras.js), so gradients and results are unchanged.
 */
/// <reference types="@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops" preserve="true" />
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerFasterCpuKernels } from '@zoo/ops';
// Relative to the package root from both src/ (tests) and dist/ (published), hence `..`.
import '../vendor/tfjs-extras.js';

// tfjs cpu's Conv2DBackpropFilter is ~30× slower than its forward conv; @zoo/ops has one with the same values
registerFasterCpuKernels();

export { tf };
export type Tensor = tf.Tensor;

/**
 * True on the backends whose tensors live in JS-reachable memory (blas, cpu, wasm): there a plugin's
 * typed-array op (plugin-snn's LIF, plugin-kg's fused ops) may read dataSync() without a device copy;
 * on others (tfjs-node, GPU) they use the plain tfjs ops. (@zoo/ops asks for its kernels instead.)
 */
export function typedArrayBackend(): boolean {
  return ['blas', 'cpu', 'wasm'].includes(tf.getBackend());
}
