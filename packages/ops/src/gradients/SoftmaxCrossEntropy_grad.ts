import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { ZooSoftmaxCrossEntropy, ZooSoftmaxCrossEntropyGrad } from '../kernel-names';
import { runKernel } from '../run-kernel';

/**
 * ∂L/∂z = (dy/B)·(p·mass − y) by ZooSoftmaxCrossEntropyGrad from the saved softmax. Labels get none:
 * the op passes them detached (they are targets), so they are never on a gradient's path.
 */
export const softmaxCrossEntropyGradConfig: GradConfig = {
  kernelName: ZooSoftmaxCrossEntropy,
  inputsToSave: ['labels'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved) => {
    const dy = (Array.isArray(dys) ? dys[0] : dys) as Tensor;
    const [labels, probs, rowMass] = saved;
    return { logits: () => runKernel(ZooSoftmaxCrossEntropyGrad, { dy, probs, labels, rowMass })[0] };
  },
};
