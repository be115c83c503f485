import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { ZooCsrMatMul, type ZooCsrMatMulAttrs } from '../kernel-names';
import { runKernel } from '../run-kernel';

/** ∂X = Aᵀ·∂Y: the same kernel with A's cached transpose (A is a constant: no gradient to its values). */
export const csrMatMulGradConfig: GradConfig = {
  kernelName: ZooCsrMatMul,
  gradFunc: (dy, _saved, attrs) => {
    const { a } = attrs as unknown as ZooCsrMatMulAttrs;
    return { x: () => runKernel(ZooCsrMatMul, { x: dy as Tensor }, { a: a.transpose() })[0] };
  },
};
