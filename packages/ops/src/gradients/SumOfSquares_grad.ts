import { mul, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';
import { ZooSumOfSquares } from '../kernel-names';

type NamedGradientMap = ReturnType<GradConfig['gradFunc']>;

/** ∂X_p = 2·X_p·∂s for every input tensor. */
export const sumOfSquaresGradConfig: GradConfig = {
  kernelName: ZooSumOfSquares,
  saveAllInputs: true,
  gradFunc: (dy, saved) => saved.map((x) => () => mul(x, mul(dy as Tensor, 2))) as unknown as NamedGradientMap,
};
