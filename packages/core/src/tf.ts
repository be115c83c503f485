/**
 * The one tfjs instance the zoo uses. Plugins import `tf` from `@zoo/core` so that core, plugins and
 * the backend resolver always share a single engine (two copies of tfjs would hold two registries).
 */
import * as tf from '@tensorflow/tfjs';

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
