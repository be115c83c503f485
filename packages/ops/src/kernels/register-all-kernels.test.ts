import { getGradient, getKernel } from '@tensorflow/tfjs-core';
import { ZOO_KERNEL_NAMES, ZooConcatColumns, ZooCsrMatMul, ZooDropout, ZooGatherRows, ZooBatchNormTraining, ZooRelu, ZooSoftmaxCrossEntropy, ZooTanh, ZooMultiViewConv, ZooHardSwish, ZooTemporalShift, ZooSumOfSquares } from '../kernel-names';
import '../testing/test-backends';
import { REFERENCE_KERNELS } from './register-all-kernels';

describe('registerAllKernels (on importing @zoo/ops)', () => {
  it('registers every Zoo* kernel for cpu and wasm, from one list (ZooRelu as each backend\'s Relu)', () => {
    expect(new Set(ZOO_KERNEL_NAMES).size).toBe(ZOO_KERNEL_NAMES.length);
    expect(REFERENCE_KERNELS.map(([n]) => n).sort()).toEqual(ZOO_KERNEL_NAMES.filter((n) => n !== ZooRelu).sort());
    for (const name of ZOO_KERNEL_NAMES) for (const b of ['cpu', 'wasm']) expect([name, b, getKernel(name, b) !== undefined]).toEqual([name, b, true]);
  });

  it('every forward kernel has one GradConfig', () => {
    for (const k of [ZooSoftmaxCrossEntropy, ZooBatchNormTraining, ZooRelu, ZooTanh, ZooDropout, ZooGatherRows, ZooConcatColumns, ZooCsrMatMul, ZooMultiViewConv, ZooHardSwish, ZooTemporalShift, ZooSumOfSquares]) expect(getGradient(k)?.kernelName).toBe(k);
  });
});
