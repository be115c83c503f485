/**
 * `@zoo/backend-blas/loops`, now @zoo/ops's conv and segment loops re-exported for @zoo/core's wasm
 * kernels until they move to @zoo/ops (then this entry goes).
 */
export { forEachConvTap, depthwiseBackpropInputLoop, conv2dBackpropFilterLoop, segmentSum } from '@zoo/ops';
