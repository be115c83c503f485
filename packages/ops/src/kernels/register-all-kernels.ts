import { getKernel, registerKernel } from '@tensorflow/tfjs-core';
import * as K from '../kernel-names';
import { cpuKernel, aliasKernel } from './cpu/cpu-kernel';
import type { ArrayKernel } from './reference/array-kernel';
import { batchNormTrainingGradReference, batchNormTrainingReference } from './reference/batch-norm-training';
import { csrMatMulReference } from './reference/csr-matmul';
import { hardSwishGradReference, hardSwishReference } from './reference/hard-swish';
import { multiViewConvGradReference, multiViewConvReference } from './reference/multi-view-conv';
import { dropoutGradReference, dropoutReference, reluGradReference, tanhGradReference, tanhReference } from './reference/pointwise';
import { concatColumnsReference, gatherRowsReference, scatterAddRowsReference, splitColumnsReference } from './reference/row-ops';
import { softmaxCrossEntropyGradReference, softmaxCrossEntropyReference } from './reference/softmax-cross-entropy';
import { temporalShiftReference } from './reference/temporal-shift';
import { sgdUpdateReference } from './reference/sgd-update';
import { sumOfSquaresReference } from './reference/sum-of-squares';
import { registerMissingWasmKernels } from './wasm/missing-tfjs-kernels';
import { registerFasterCpuKernels } from './cpu/faster-tfjs-kernels';
import { wasmKernel } from './wasm/wasm-kernel';

/**
 * The one list of reference kernels (every Zoo* kernel but ZooRelu, which is each backend's own Relu),
 * registered for `cpu` and `wasm` (tfjs-backend-wasm's register_all_kernels.ts pattern). Exported so a
 * backend without its native versions can register the same functions for itself.
 */
export const REFERENCE_KERNELS: ReadonlyArray<readonly [K.ZooKernelName, ArrayKernel]> = [
  [K.ZooSoftmaxCrossEntropy, softmaxCrossEntropyReference],
  [K.ZooSoftmaxCrossEntropyGrad, softmaxCrossEntropyGradReference],
  [K.ZooBatchNormTraining, batchNormTrainingReference],
  [K.ZooBatchNormTrainingGrad, batchNormTrainingGradReference],
  [K.ZooReluGrad, reluGradReference],
  [K.ZooTanh, tanhReference],
  [K.ZooTanhGrad, tanhGradReference],
  [K.ZooDropout, dropoutReference],
  [K.ZooDropoutGrad, dropoutGradReference],
  [K.ZooGatherRows, gatherRowsReference],
  [K.ZooScatterAddRows, scatterAddRowsReference],
  [K.ZooConcatColumns, concatColumnsReference],
  [K.ZooSplitColumns, splitColumnsReference],
  [K.ZooCsrMatMul, csrMatMulReference],
  [K.ZooMultiViewConv, multiViewConvReference],
  [K.ZooMultiViewConvGrad, multiViewConvGradReference],
  [K.ZooHardSwish, hardSwishReference],
  [K.ZooHardSwishGrad, hardSwishGradReference],
  [K.ZooTemporalShift, temporalShiftReference],
  [K.ZooSgdUpdate, sgdUpdateReference],
  [K.ZooSumOfSquares, sumOfSquaresReference],
];

const register = (config: ReturnType<typeof cpuKernel>) => {
  if (!getKernel(config.kernelName, config.backendName)) registerKernel(config);
};

/**
 * Registers the reference kernels for cpu and wasm, the tfjs kernels wasm lacks, and (when tfjs's cpu backend is
 * loaded already; else call `registerFasterCpuKernels` after loading it) the faster cpu kernels. Idempotent.
 */
export function registerAllKernels(): void {
  for (const [name, impl] of REFERENCE_KERNELS) {
    register(cpuKernel(name, impl));
    register(wasmKernel(name, impl));
  }
  register(aliasKernel(K.ZooRelu, 'Relu', 'cpu'));
  register(aliasKernel(K.ZooRelu, 'Relu', 'wasm'));
  registerMissingWasmKernels();
  registerFasterCpuKernels();
}
