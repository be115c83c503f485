/**
 * `@zoo/ops`: fused tensor ops as tfjs kernels. Each op names a `Zoo*` kernel (kernel-names.ts) and runs
 * it through the engine when the active backend registers it, else the plain tfjs composition. Importing
 * the package registers the gradients and the reference kernels for `cpu` and `wasm`.
 */
import { registerAllGradients } from './gradients/register-all-gradients';
import { registerAllKernels } from './kernels/register-all-kernels';

registerAllGradients();
registerAllKernels();

export * from './kernel-names';
export { backendHasKernel } from './run-kernel';
// ops
export { softmaxCrossEntropy, softmaxCrossEntropyComposition } from './ops/softmax-cross-entropy';
export { batchNormTraining, batchNormTrainingComposition, type BatchNormTrainingOptions } from './ops/batch-norm-training';
export { batchNormLayer, type BatchNormParams } from './ops/batch-norm-layer';
export { relu } from './ops/relu';
export { tanh } from './ops/tanh';
export { dropout, type DropoutOptions, type SeedSource } from './ops/dropout';
export { dropoutMask } from './ops/dropout-mask';
export { gatherRows } from './ops/gather-rows';
export { concatColumns } from './ops/concat-columns';
export { splitColumns } from './ops/split-columns';
export { csrMatMul } from './ops/csr-matmul';
export { matMulArrays } from './ops/matmul-arrays';
export { multiViewConv, multiViewConvComposition } from './ops/multi-view-conv';
export { hardSwish, hardSwishComposition } from './ops/hard-swish';
export { temporalShift, temporalShiftComposition } from './ops/temporal-shift';
export { sgdUpdate, sgdUpdateComposition } from './ops/sgd-update';
export { sumOfSquares, sumOfSquaresComposition } from './ops/sum-of-squares';
// sparse
export { CsrMatrix, csrTranspose } from './csr/csr-matrix';
export { checkCsr, type Csr } from './csr/check-csr';
export { csrMulDense, csrMulDenseLoop } from './csr/csr-mul-dense';
// kernels (for backends: the reference functions to fall back on, the loops they share)
export { REFERENCE_KERNELS, registerAllKernels } from './kernels/register-all-kernels';
export { registerFasterCpuKernels } from './kernels/cpu/faster-tfjs-kernels';
export { GRADIENTS, registerAllGradients } from './gradients/register-all-gradients';
export { newFloat32, type Alloc, type ArrayKernel, type ArrayTensor, type KernelValues } from './kernels/reference/array-kernel';
export * from './kernels/reference/reference-kernels';
export { batchNormTrainingWith, batchNormTrainingGradWith } from './kernels/reference/batch-norm-training';
export { jsChannelPasses, channelMoments, scaleShift, bnBackwardSums, bnBackwardApply, type ChannelPasses } from './kernels/reference/channel-loops';
export { sumOfSquaresValues } from './kernels/reference/sum-of-squares';
export { cpuKernel, readCpu, aliasKernel, type CpuLikeBackend } from './kernels/cpu/cpu-kernel';
export { wasmKernel, readWasm, type WasmLikeBackend } from './kernels/wasm/wasm-kernel';
export { registerMissingWasmKernels } from './kernels/wasm/missing-tfjs-kernels';
export { forEachConvTap, depthwiseBackpropInputLoop, depthwiseBackpropFilterLoop, conv2dBackpropFilterLoop, segmentSum } from './kernels/conv-loops';
// the one WebAssembly SIMD module loader
export { simdModule, reserve, MAX_WASM_BYTES, type WasmMemory } from './simd/wasm-module';
export { simdAvailable, spmmSimd } from './simd/spmm';
