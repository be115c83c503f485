/*
 * The C kernels of @zoo/backend-blas, one library loaded through koffi like OpenBLAS (src/native.ts):
 * this file (version, threads), elementwise.c, batch_norm.c, conv.c (im2col/col2im, filter rotation),
 * winograd.c, sparse.c (CSR × dense), softmax.c (cross-entropy rows), multi_view_conv.c (MVFNet's
 * multi-view depthwise convolution, both directions), video_ops.c (hard swish, temporal shift); zk.h has what they share.
 * Mostly memory-bound passes. The same loops in JavaScript run at ~2 ns per value on one core; these are vectorized
 * (one build with AVX-512, AVX2 and baseline clones picked at load time on x86-64) and split over the
 * cores with OpenMP, ~0.4 ns per value on the 2-core development machine.
 *
 * Semantics follow tfjs's cpu kernels (NaN propagation, −0 from relu is +0, step's alpha), and the
 * results equal the backend's JavaScript loops bit for bit: where JS rounds once from a double
 * expression (squared difference, rsqrt, scale-and-shift), so does this code. Tested through the
 * backend against those loops (src/native.test.ts) and against tfjs's cpu kernels (kernels.test.ts).
 * Sizes are int64; arrays are the tensors' own Float32Arrays, passed by pointer.
 */
#include "zk.h"

EXPORT int zk_version(void) { return 5; }

EXPORT int zk_threads(void) {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

EXPORT void zk_set_threads(int n) {
#ifdef _OPENMP
  if (n > 0) omp_set_num_threads(n);
#else
  (void)n;
#endif
}
