import { zerosLike, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';
import { ZooSoftmaxCrossEntropy, ZooSoftmaxCrossEntropyGrad } from '../kernel-names';
import { runKernel } from '../run-kernel';

/** ∂L/∂z = (dy/B)·(p·mass − y) by ZooSoftmaxCrossEntropyGrad from the saved softmax; labels get zeros (they are targets). */
export const softmaxCrossEntropyGradConfig: GradConfig = {
  kernelName: ZooSoftmaxCrossEntropy,
  inputsToSave: ['labels'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved) => {
    const dy = (Array.isArray(dys) ? dys[0] : dys) as Tensor;
    const [labels, probs, rowMass] = saved;
    return {
      logits: () => runKernel(ZooSoftmaxCrossEntropyGrad, { dy, probs, labels, rowMass })[0],
      labels: () => zerosLike(labels),
    };
  },
};
