/** `@zoo/ops/testing`: checking ops against their tfjs compositions on every backend with the kernel (uses jest globals). */
export { checkOp, backendsWithKernel, describeOpAgainstComposition, expectNoLeaks, type OpCase, type OpCheck } from './check-op';
export { randomCsr } from './random-csr';
export { batchNormTrainingCase } from './batch-norm-case';
