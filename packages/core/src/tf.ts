/**
 * The one tfjs instance the zoo uses. Plugins import `tf` from `@zoo/core` so that core, plugins and
 * the backend resolver always share a single engine (two copies of tfjs would hold two registries).
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
export type Tensor = tf.Tensor;
