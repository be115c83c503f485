/*
 * Shared by the C kernels of @zoo/backend-blas (native/*.c, built into one library by
 * scripts/build-native.js): target clones, export and threading conventions.
 */
#ifndef ZOO_KERNELS_H
#define ZOO_KERNELS_H
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/*
 * GCC's unroll-and-jam (on at -O3) pairs up iterations of an outer loop around an `omp simd` loop and
 * then runs the jammed body as scalar code: the CSR product's 32-wide row block took 17 ms instead of
 * 4.5 ms on the development machine. Off for every kernel file.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-loop-unroll-and-jam")
#endif

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
#endif
#ifndef CLONES
#define CLONES
#endif

#define EXPORT __attribute__((visibility("default")))
/* below this many values a parallel region costs more than it saves */
#define PAR_MIN 32768

typedef int64_t i64;

/* g where y > 0, else +0 (NaN/∞ in g included), as bits: GCC does not if-convert the select here */
static inline float relu_mask(float g, float y) {
  int32_t b;
  memcpy(&b, &g, sizeof b);
  b &= -(int32_t)(y > 0);
  memcpy(&g, &b, sizeof b);
  return g;
}

#endif
