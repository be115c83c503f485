import type { KernelConfig } from '@tensorflow/tfjs-core';
import { batchNormKernels } from './batch-norm';
import { csrMatMulKernels } from './csr-matmul';
import { hardSwishKernels } from './hard-swish';
import { multiViewConvKernels } from './multi-view-conv';
import { pooledReferenceKernels } from './pooled-references';
import { reluKernels } from './relu';
import { softmaxCrossEntropyKernels } from './softmax-cross-entropy';
import { temporalShiftKernels } from './temporal-shift';
import { sgdUpdateKernels } from './sgd-update';
import { sumOfSquaresKernels } from './sum-of-squares';

/**
 * blas's implementations of every Zoo* kernel of @zoo/ops (kernel-names.ts), registered by
 * registerBlasBackend: the C kernels where they exist (softmax cross-entropy rows, batch-norm channel
 * passes, the ReLU gradient, CSR × dense, MVFNet's multi-view convolution, hard swish, the temporal
 * shift, the SGD-with-momentum step, the sum of squares), each falling back to the @zoo/ops reference kernel, and the
 * reference kernels for the rest, all with outputs from the output-array pool.
 */
export function zooKernels(): KernelConfig[] {
  return [...softmaxCrossEntropyKernels(), ...batchNormKernels(), ...reluKernels(), ...csrMatMulKernels(), ...multiViewConvKernels(), ...hardSwishKernels(), ...temporalShiftKernels(), ...sgdUpdateKernels(), ...sumOfSquaresKernels(), ...pooledReferenceKernels()];
}
