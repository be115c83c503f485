import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { ZooConcatColumns, ZooSplitColumns } from '../kernel-names';
import { runKernel } from '../run-kernel';

type NamedGradientMap = ReturnType<GradConfig['gradFunc']>;

/** ∂X = [∂X₀ ‖ ∂X₁ ‖ …], one ZooConcatColumns call (blocks without a gradient come as zeros from the engine). */
export const splitColumnsGradConfig: GradConfig = {
  kernelName: ZooSplitColumns,
  gradFunc: (dys) => {
    const parts = (Array.isArray(dys) ? dys : [dys]) as Tensor[];
    return { dy: () => (parts.length === 1 ? parts[0].clone() : runKernel(ZooConcatColumns, parts)[0]) } as unknown as NamedGradientMap;
  },
};
