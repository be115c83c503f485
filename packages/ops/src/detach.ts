import { engine, type Tensor } from '@tensorflow/tfjs-core';

/**
 * A tensor on t's data with no tape history (PyTorch's `detach`): no gradient flows through it to
 * whatever t was computed from. The alias is made as tfjs's cpu Reshape kernel makes its output (the
 * backend's refcount incremented, a new tensor on the same dataId), so disposing either leaves the other.
 * tfjs has no stop-gradient op; softmaxCrossEntropy uses this so its labels get no gradient at all.
 */
export function detach<T extends Tensor>(t: T): T {
  const e = engine();
  e.backend.incRef(t.dataId); // (the backend's data storage first moves t's data here if it lives elsewhere)
  return e.makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }) as T;
}
