/** Every reference kernel function by name (for a backend that registers them as its fallback). */
export { softmaxCrossEntropyReference, softmaxCrossEntropyGradReference } from './softmax-cross-entropy';
export { batchNormTrainingReference, batchNormTrainingGradReference } from './batch-norm-training';
export { reluGradReference, tanhReference, tanhGradReference, dropoutReference, dropoutGradReference } from './pointwise';
export { gatherRowsReference, scatterAddRowsReference, concatColumnsReference, splitColumnsReference } from './row-ops';
export { csrMatMulReference } from './csr-matmul';
export { multiViewConvReference, multiViewConvGradReference, mvfForwardLoop, mvfFilterGradLoop, mvfDims, mvfAxes, type MvfDims } from './multi-view-conv';
export { hardSwishReference, hardSwishGradReference } from './hard-swish';
export { temporalShiftReference, temporalShiftLoop } from './temporal-shift';
