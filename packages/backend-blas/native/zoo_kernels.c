/*
 * Memory-bound kernels of @zoo/backend-blas in C, loaded through koffi like OpenBLAS: elementwise
 * ops, channel statistics for batch norm, im2col/col2im and the filter rotation of the conv
 * gradients. The same loops in JavaScript run at ~2 ns per value on one core; these are vectorized
 * (one build with AVX-512, AVX2 and baseline clones picked at load time on x86-64) and split over the
 * cores with OpenMP, ~0.4 ns per value on the 2-core development machine.
 *
 * Semantics follow tfjs's cpu kernels (NaN propagation, −0 from relu is +0, step's alpha), and the
 * results equal the backend's JavaScript loops bit for bit: where JS rounds once from a double
 * expression (squared difference, rsqrt, scale-and-shift), so does this code. Tested through the
 * backend against those loops (src/native.test.ts) and against tfjs's cpu kernels (kernels.test.ts).
 * Sizes are int64; arrays are the tensors' own Float32Arrays, passed by pointer.
 */
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
 * 4.5 ms on the development machine. Off for this file.
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

EXPORT int zk_version(void) { return 4; }

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

/* ---------- elementwise ---------- */

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MAX, OP_MIN, OP_SQDIFF };
enum { MODE_SAME, MODE_SCALAR_B, MODE_SCALAR_A, MODE_TILE_B, MODE_TILE_A };

#define BIN_EXPR(op, A, B)                                                        \
  ((op) == OP_ADD ? (A) + (B) : (op) == OP_SUB ? (A) - (B) : (op) == OP_MUL ? (A) * (B) \
   : (op) == OP_DIV ? (A) / (B) : (op) == OP_MAX ? ((((A) > (B)) | ((A) != (A))) ? (A) : (B)) \
   : (op) == OP_MIN ? ((((A) < (B)) | ((A) != (A))) ? (A) : (B)) : (float)(((double)(A) - (double)(B)) * ((double)(A) - (double)(B))))

#define BIN_LOOPS(op)                                                                          \
  static CLONES void bin_##op(int mode, const float *a, const float *b, float *o, i64 n, i64 m) { \
    if (mode == MODE_SAME) {                                                                   \
      _Pragma("omp parallel for simd schedule(static) if(n > PAR_MIN)")                        \
      for (i64 i = 0; i < n; i++) { float x = a[i], y = b[i]; o[i] = BIN_EXPR(op, x, y); }     \
    } else if (mode == MODE_SCALAR_B) {                                                        \
      const float y = b[0];                                                                    \
      _Pragma("omp parallel for simd schedule(static) if(n > PAR_MIN)")                        \
      for (i64 i = 0; i < n; i++) { float x = a[i]; o[i] = BIN_EXPR(op, x, y); }               \
    } else if (mode == MODE_SCALAR_A) {                                                        \
      const float x = a[0];                                                                    \
      _Pragma("omp parallel for simd schedule(static) if(n > PAR_MIN)")                        \
      for (i64 i = 0; i < n; i++) { float y = b[i]; o[i] = BIN_EXPR(op, x, y); }               \
    } else if (mode == MODE_TILE_B) { /* b: m values repeating along a's leading dims */      \
      const i64 rows = n / m;                                                                  \
      _Pragma("omp parallel for schedule(static) if(n > PAR_MIN)")                             \
      for (i64 r = 0; r < rows; r++) {                                                         \
        const float *ar = a + r * m; float *orow = o + r * m;                                  \
        _Pragma("omp simd")                                                                    \
        for (i64 j = 0; j < m; j++) { float x = ar[j], y = b[j]; orow[j] = BIN_EXPR(op, x, y); } \
      }                                                                                        \
    } else { /* MODE_TILE_A */                                                                 \
      const i64 rows = n / m;                                                                  \
      _Pragma("omp parallel for schedule(static) if(n > PAR_MIN)")                             \
      for (i64 r = 0; r < rows; r++) {                                                         \
        const float *br = b + r * m; float *orow = o + r * m;                                  \
        _Pragma("omp simd")                                                                    \
        for (i64 j = 0; j < m; j++) { float x = a[j], y = br[j]; orow[j] = BIN_EXPR(op, x, y); } \
      }                                                                                        \
    }                                                                                          \
  }

BIN_LOOPS(OP_ADD)
BIN_LOOPS(OP_SUB)
BIN_LOOPS(OP_MUL)
BIN_LOOPS(OP_DIV)
BIN_LOOPS(OP_MAX)
BIN_LOOPS(OP_MIN)
BIN_LOOPS(OP_SQDIFF)

/* o = a (op) b; mode: same shape, scalar b, scalar a, b tiled (m values), a tiled. Returns 0 for an unknown op. */
EXPORT int zk_binary(int op, int mode, const float *a, const float *b, float *o, i64 n, i64 m) {
  if (mode < MODE_SAME || mode > MODE_TILE_A || ((mode == MODE_TILE_A || mode == MODE_TILE_B) && m <= 0)) return 0;
  switch (op) {
    case OP_ADD: bin_OP_ADD(mode, a, b, o, n, m); return 1;
    case OP_SUB: bin_OP_SUB(mode, a, b, o, n, m); return 1;
    case OP_MUL: bin_OP_MUL(mode, a, b, o, n, m); return 1;
    case OP_DIV: bin_OP_DIV(mode, a, b, o, n, m); return 1;
    case OP_MAX: bin_OP_MAX(mode, a, b, o, n, m); return 1;
    case OP_MIN: bin_OP_MIN(mode, a, b, o, n, m); return 1;
    case OP_SQDIFF: bin_OP_SQDIFF(mode, a, b, o, n, m); return 1;
    default: return 0;
  }
}

enum { U_RELU, U_RELU6, U_STEP, U_NEG, U_SQUARE, U_ABS, U_SQRT, U_RSQRT, U_RECIPROCAL, U_FLOOR };

#define UN_EXPR(op, X, p)                                                                        \
  ((op) == U_RELU ? ((X) > 0 ? (X) : ((X) != (X) ? (X) : 0.0f))                                 \
   : (op) == U_RELU6 ? ((X) < 0 ? 0.0f : (X) > 6 ? 6.0f : (X))                                   \
   : (op) == U_STEP ? ((X) > 0 ? 1.0f : ((X) != (X) ? (X) : (p)))                                \
   : (op) == U_NEG ? -(X) : (op) == U_SQUARE ? (X) * (X) : (op) == U_ABS ? fabsf(X)              \
   : (op) == U_SQRT ? sqrtf(X) : (op) == U_RSQRT ? (float)(1.0 / sqrt((double)(X)))              \
   : (op) == U_RECIPROCAL ? 1.0f / (X) : floorf(X))

#define UN_LOOP(op)                                                          \
  static CLONES void un_##op(const float *x, float *o, i64 n, float p) {     \
    _Pragma("omp parallel for simd schedule(static) if(n > PAR_MIN)")        \
    for (i64 i = 0; i < n; i++) { float v = x[i]; o[i] = UN_EXPR(op, v, p); } \
  }

UN_LOOP(U_RELU)
UN_LOOP(U_RELU6)
UN_LOOP(U_STEP)
UN_LOOP(U_NEG)
UN_LOOP(U_SQUARE)
UN_LOOP(U_ABS)
UN_LOOP(U_SQRT)
UN_LOOP(U_RSQRT)
UN_LOOP(U_RECIPROCAL)
UN_LOOP(U_FLOOR)

/* o = f(x) (p: step's alpha). Returns 0 for an unknown op. */
EXPORT int zk_unary(int op, const float *x, float *o, i64 n, float p) {
  switch (op) {
    case U_RELU: un_U_RELU(x, o, n, p); return 1;
    case U_RELU6: un_U_RELU6(x, o, n, p); return 1;
    case U_STEP: un_U_STEP(x, o, n, p); return 1;
    case U_NEG: un_U_NEG(x, o, n, p); return 1;
    case U_SQUARE: un_U_SQUARE(x, o, n, p); return 1;
    case U_ABS: un_U_ABS(x, o, n, p); return 1;
    case U_SQRT: un_U_SQRT(x, o, n, p); return 1;
    case U_RSQRT: un_U_RSQRT(x, o, n, p); return 1;
    case U_RECIPROCAL: un_U_RECIPROCAL(x, o, n, p); return 1;
    case U_FLOOR: un_U_FLOOR(x, o, n, p); return 1;
    default: return 0;
  }
}

/* ∂x = ∂y where y > 0, else +0: the ReLU gradient from its output, a select (as PyTorch's threshold_backward) */
static inline float relu_mask(float g, float y);
EXPORT CLONES void zk_relu_grad(const float *dy, const float *y, float *dx, i64 n) {
#pragma omp parallel for simd schedule(static) if (n > PAR_MIN)
  for (i64 i = 0; i < n; i++) dx[i] = relu_mask(dy[i], y[i]);
}

/* ---------- per-channel statistics (batch norm), x viewed as [R, C] ---------- */

/*
 * Per-channel Σ(x − k) and Σ(x − k)² in float64 with the shift k = x[0, c] (cancellation-safe one-pass
 * moments), then mean = k + s/R and the biased variance ss/R − (s/R)².
 */
EXPORT CLONES void zk_channel_moments(const float *x, i64 R, i64 C, double *mean, double *var) {
  double *s = calloc((size_t)(2 * C), sizeof(double));
  float *k = malloc((size_t)C * sizeof(float));
  if (!s || !k) { free(s); free(k); return; }
  memcpy(k, x, (size_t)C * sizeof(float));
#pragma omp parallel if (R * C > PAR_MIN)
  {
    double *ls = calloc((size_t)(2 * C), sizeof(double));
    double *lss = ls + C;
#pragma omp for schedule(static)
    for (i64 r = 0; r < R; r++) {
      const float *xr = x + r * C;
#pragma omp simd
      for (i64 c = 0; c < C; c++) {
        double d = (double)xr[c] - (double)k[c];
        ls[c] += d;
        lss[c] += d * d;
      }
    }
#pragma omp critical
    for (i64 c = 0; c < 2 * C; c++) s[c] += ls[c];
    free(ls);
  }
  for (i64 c = 0; c < C; c++) {
    double m = s[c] / (double)R;
    mean[c] = (double)k[c] + m;
    double v = s[C + c] / (double)R - m * m;
    var[c] = v > 0 ? v : 0;
  }
  free(s);
  free(k);
}

/* y = x·scale[c] + shift[c], then max(0, ·) when relu is set. */
EXPORT CLONES void zk_scale_shift(const float *x, const float *scale, const float *shift, float *y, i64 R, i64 C, int relu) {
#pragma omp parallel for schedule(static) if (R * C > PAR_MIN)
  for (i64 r = 0; r < R; r++) {
    const float *xr = x + r * C;
    float *yr = y + r * C;
    if (relu) {
#pragma omp simd
      for (i64 c = 0; c < C; c++) { float v = (float)((double)xr[c] * scale[c] + shift[c]); yr[c] = v > 0 ? v : (v != v ? v : 0.0f); }
    } else {
#pragma omp simd
      for (i64 c = 0; c < C; c++) yr[c] = (float)((double)xr[c] * scale[c] + shift[c]);
    }
  }
}

/* g where y > 0, else +0 (NaN/∞ in g included), as bits: GCC does not if-convert the select here */
static inline float relu_mask(float g, float y) {
  int32_t b;
  memcpy(&b, &g, sizeof b);
  b &= -(int32_t)(y > 0);
  memcpy(&g, &b, sizeof b);
  return g;
}

/*
 * Batch-norm backward sums: sdy[c] = Σ g, sdyx[c] = Σ g·(x − mean[c]), where g = dy, or dy masked by
 * y > 0 when y is given (a fused ReLU after the normalization); gOut (optional) receives that g.
 */
EXPORT CLONES void zk_bn_backward_sums(const float *dy, const float *x, const float *y, const float *mean, i64 R, i64 C, double *sdy, double *sdyx) {
  memset(sdy, 0, (size_t)C * sizeof(double));
  memset(sdyx, 0, (size_t)C * sizeof(double));
#pragma omp parallel if (R * C > PAR_MIN)
  {
    double *l = calloc((size_t)(2 * C), sizeof(double));
    double *l2 = l + C;
#pragma omp for schedule(static)
    for (i64 r = 0; r < R; r++) {
      const float *gr = dy + r * C, *xr = x + r * C;
      if (y) {
        const float *yr = y + r * C;
#pragma omp simd
        for (i64 c = 0; c < C; c++) {
          const float g = relu_mask(gr[c], yr[c]);
          l[c] += g;
          l2[c] += (double)g * ((double)xr[c] - (double)mean[c]);
        }
      } else {
#pragma omp simd
        for (i64 c = 0; c < C; c++) {
          l[c] += gr[c];
          l2[c] += (double)gr[c] * ((double)xr[c] - (double)mean[c]);
        }
      }
    }
#pragma omp critical
    for (i64 c = 0; c < C; c++) { sdy[c] += l[c]; sdyx[c] += l2[c]; }
    free(l);
  }
}

/* dx = k1[c]·g + k2[c]·x + k3[c], g = dy (masked by y > 0 when y is given). */
EXPORT CLONES void zk_bn_backward_apply(const float *dy, const float *x, const float *y, const float *k1, const float *k2, const float *k3, float *dx, i64 R, i64 C) {
#pragma omp parallel for schedule(static) if (R * C > PAR_MIN)
  for (i64 r = 0; r < R; r++) {
    const float *gr = dy + r * C, *xr = x + r * C;
    float *o = dx + r * C;
    if (y) {
      const float *yr = y + r * C;
#pragma omp simd
      for (i64 c = 0; c < C; c++) {
        const float g = relu_mask(gr[c], yr[c]);
        o[c] = (float)((double)k1[c] * g + (double)k2[c] * xr[c] + k3[c]);
      }
    } else {
#pragma omp simd
      for (i64 c = 0; c < C; c++) o[c] = (float)((double)k1[c] * gr[c] + (double)k2[c] * xr[c] + k3[c]);
    }
  }
}

/* ---------- convolution data movement (NHWC) ---------- */

/* geometry: H, W, C, OH, OW, FH, FW, strideH, strideW, dilationH, dilationW, padTop, padLeft */
typedef struct { i64 H, W, C, OH, OW, FH, FW, sh, sw, dh, dw, top, left; } Geo;

static Geo geo(const int32_t *g) {
  Geo o = {g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11], g[12]};
  return o;
}

/* cols[(b−b0, oy, ox), (fy, fx, c)] = x[b, oy·sh − top + fy·dh, ox·sw − left + fx·dw, c], 0 outside. */
EXPORT CLONES void zk_im2col(const float *x, const int32_t *g32, i64 b0, i64 b1, float *cols) {
  const Geo g = geo(g32);
  const i64 K = g.FH * g.FW * g.C, rowsPerImage = g.OH * g.OW;
  const i64 total = (b1 - b0) * g.OH;
#pragma omp parallel for schedule(static) if (total * g.OW * K > PAR_MIN)
  for (i64 t = 0; t < total; t++) {
    const i64 b = b0 + t / g.OH, oy = t % g.OH;
    const float *xb = x + b * g.H * g.W * g.C;
    for (i64 ox = 0; ox < g.OW; ox++) {
      float *row = cols + ((b - b0) * rowsPerImage + oy * g.OW + ox) * K;
      const i64 ix0 = ox * g.sw - g.left;
      for (i64 fy = 0; fy < g.FH; fy++) {
        const i64 iy = oy * g.sh - g.top + fy * g.dh;
        float *o = row + fy * g.FW * g.C;
        if (iy < 0 || iy >= g.H) { memset(o, 0, (size_t)(g.FW * g.C) * sizeof(float)); continue; }
        const float *src = xb + iy * g.W * g.C;
        if (g.dw == 1 && ix0 >= 0 && ix0 + g.FW <= g.W) { memcpy(o, src + ix0 * g.C, (size_t)(g.FW * g.C) * sizeof(float)); continue; }
        for (i64 fx = 0; fx < g.FW; fx++) {
          const i64 ix = ix0 + fx * g.dw;
          if (ix < 0 || ix >= g.W) memset(o + fx * g.C, 0, (size_t)g.C * sizeof(float));
          else memcpy(o + fx * g.C, src + ix * g.C, (size_t)g.C * sizeof(float));
        }
      }
    }
  }
}

/* dx[b, iy, ix, c] += cols[...] for images [b0, b1): the adjoint of zk_im2col (images in parallel). */
EXPORT CLONES void zk_col2im(const float *cols, const int32_t *g32, i64 b0, i64 b1, float *dx) {
  const Geo g = geo(g32);
  const i64 K = g.FH * g.FW * g.C, rowsPerImage = g.OH * g.OW;
#pragma omp parallel for schedule(static) if ((b1 - b0) * rowsPerImage * K > PAR_MIN)
  for (i64 b = b0; b < b1; b++) {
    float *xb = dx + b * g.H * g.W * g.C;
    for (i64 oy = 0; oy < g.OH; oy++)
      for (i64 ox = 0; ox < g.OW; ox++) {
        const float *row = cols + ((b - b0) * rowsPerImage + oy * g.OW + ox) * K;
        for (i64 fy = 0; fy < g.FH; fy++) {
          const i64 iy = oy * g.sh - g.top + fy * g.dh;
          if (iy < 0 || iy >= g.H) continue;
          for (i64 fx = 0; fx < g.FW; fx++) {
            const i64 ix = ox * g.sw - g.left + fx * g.dw;
            if (ix < 0 || ix >= g.W) continue;
            float *d = xb + (iy * g.W + ix) * g.C;
            const float *s = row + (fy * g.FW + fx) * g.C;
#pragma omp simd
            for (i64 c = 0; c < g.C; c++) d[c] += s[c];
          }
        }
      }
  }
}

/*
 * The row path's im2col (stride 1, dilation 1): for images [b0, b1), rows (b, py, ox) for the
 * PH = OH + FH − 1 padded input rows py, columns (fx, c) = x[b, py − top, ox + fx − left, c], 0 outside.
 */
EXPORT CLONES void zk_row_im2col(const float *x, const int32_t *g32, i64 b0, i64 b1, float *cols) {
  const Geo g = geo(g32);
  const i64 PH = g.OH + g.FH - 1, Kr = g.FW * g.C;
  const i64 total = (b1 - b0) * PH;
#pragma omp parallel for schedule(static) if (total * g.OW * Kr > PAR_MIN)
  for (i64 t = 0; t < total; t++) {
    const i64 b = b0 + t / PH, py = t % PH, iy = py - g.top;
    float *o = cols + t * g.OW * Kr;
    if (iy < 0 || iy >= g.H) { memset(o, 0, (size_t)(g.OW * Kr) * sizeof(float)); continue; }
    const float *src = x + (b * g.H + iy) * g.W * g.C;
    for (i64 ox = 0; ox < g.OW; ox++, o += Kr) {
      const i64 ix0 = ox - g.left;
      if (ix0 >= 0 && ix0 + g.FW <= g.W) { memcpy(o, src + ix0 * g.C, (size_t)Kr * sizeof(float)); continue; }
      for (i64 fx = 0; fx < g.FW; fx++) {
        const i64 ix = ix0 + fx;
        if (ix < 0 || ix >= g.W) memset(o + fx * g.C, 0, (size_t)g.C * sizeof(float));
        else memcpy(o + fx * g.C, src + ix * g.C, (size_t)g.C * sizeof(float));
      }
    }
  }
}

/*
 * The filter of the stride-1 input gradient: r[fy, fx, co, ci] = w[FH−1−fy, FW−1−fx, ci, co]
 * (rotated 180°, channels swapped), one blocked transpose per tap.
 */
EXPORT CLONES void zk_rotate_filter(const float *w, float *r, i64 FH, i64 FW, i64 CI, i64 CO) {
  const i64 taps = FH * FW, B = 32;
#pragma omp parallel for schedule(static) if (taps * CI * CO > PAR_MIN)
  for (i64 t = 0; t < taps; t++) {
    const float *src = w + (taps - 1 - t) * CI * CO;
    float *dst = r + t * CO * CI;
    for (i64 i0 = 0; i0 < CI; i0 += B)
      for (i64 j0 = 0; j0 < CO; j0 += B) {
        const i64 i1 = i0 + B < CI ? i0 + B : CI, j1 = j0 + B < CO ? j0 + B : CO;
        for (i64 j = j0; j < j1; j++)
          for (i64 i = i0; i < i1; i++) dst[j * CI + i] = src[i * CO + j];
      }
  }
}

/* ---------- sparse × dense ---------- */

/*
 * y = A·x for CSR A (rows × ·) and row-major x with k columns, in blocks of 32 columns: each output row's
 * block is summed in registers over the row's nonzeros and stored once, and the gathered rows of x are
 * 128-byte pieces of a column block that stays in the core's L2 cache (20k×128 x, 220k nonzeros:
 * ~4.5 ms instead of 9.2 ms for whole rows, which stream the 10 MB x from memory for every block of
 * rows). Rows are split over the cores within each block.
 */
#define SPMM_BLOCK 32

/* one full 32-wide column block of output row i (acc is only touched by fixed-length loops, so it stays in registers) */
static inline void spmm_row_block(const int32_t *indptr, const int32_t *indices, const float *values, const float *x, i64 k, i64 i, i64 j0, float *yi) {
  float acc[SPMM_BLOCK] = {0};
  for (i64 p = indptr[i]; p < indptr[i + 1]; p++) {
    const float v = values[p];
    const float *xr = x + (i64)indices[p] * k + j0;
#pragma omp simd
    for (int j = 0; j < SPMM_BLOCK; j++) acc[j] += v * xr[j];
  }
  memcpy(yi, acc, sizeof acc);
}

EXPORT CLONES void zk_csr_spmm(i64 rows, const int32_t *indptr, const int32_t *indices, const float *values, const float *x, i64 k, float *y) {
  const int par = rows * k > PAR_MIN;
  const i64 full = k - k % SPMM_BLOCK;
#pragma omp parallel if (par)
  {
    for (i64 j0 = 0; j0 < full; j0 += SPMM_BLOCK) {
#pragma omp for schedule(static) nowait
      for (i64 i = 0; i < rows; i++) spmm_row_block(indptr, indices, values, x, k, i, j0, y + i * k + j0);
    }
    if (full < k) { /* the last k mod 32 columns */
      const i64 w = k - full;
#pragma omp for schedule(static) nowait
      for (i64 i = 0; i < rows; i++) {
        float *yi = y + i * k + full;
        for (i64 j = 0; j < w; j++) yi[j] = 0;
        for (i64 p = indptr[i]; p < indptr[i + 1]; p++) {
          const float v = values[p];
          const float *xr = x + (i64)indices[p] * k + full;
          for (i64 j = 0; j < w; j++) yi[j] += v * xr[j];
        }
      }
    }
  }
}

/* ---------- softmax cross-entropy ---------- */

/*
 * e^x for x ≤ 0 in float, vectorizable (glibc's expf is not without -ffast-math): x = n·ln2 + r with
 * |r| ≤ ln2/2, e^r by its degree-6 Taylor polynomial (relative error < 2e-7 there), 2^n by the exponent
 * bits; below −87 it returns 0 (e^−87 ≈ 1.6e−38, the smallest normal float).
 */
static inline float exp_neg(float x) {
  const float xc = x < -87.0f ? -87.0f : x;
  /* round to nearest by the 1.5·2^23 trick (vectorizes; roundf does not without -fno-trapping-math) */
  const float n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
  const float r = (xc - n * 0.693145751953125f) - n * 1.42860682030941723212e-6f;
  float p = 1.0f / 720;
  p = p * r + 1.0f / 120;
  p = p * r + 1.0f / 24;
  p = p * r + 1.0f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  union { float f; int32_t i; } s;
  s.i = ((int32_t)n + 127) << 23;
  return x < -87.0f ? 0.0f : p * s.f;
}

/*
 * Per row of z [B, C]: m = max z, p = softmax(z) (written to p), lse[i] = m + log Σ e^(z − m). Rows in
 * parallel. Returns nothing; the loss and its gradient are O(B) or one pass on top (zk_xent_grad).
 */
EXPORT CLONES void zk_softmax_rows(const float *z, i64 B, i64 C, float *p, double *lse) {
#pragma omp parallel for schedule(static) if (B * C > PAR_MIN)
  for (i64 i = 0; i < B; i++) {
    const float *zr = z + i * C;
    float *pr = p + i * C;
    float m = -INFINITY;
#pragma omp simd reduction(max : m)
    for (i64 c = 0; c < C; c++) m = zr[c] > m ? zr[c] : m;
    float s = 0;
#pragma omp simd reduction(+ : s)
    for (i64 c = 0; c < C; c++) {
      const float e = exp_neg(zr[c] - m);
      pr[c] = e;
      s += e;
    }
    const float inv = 1.0f / s;
#pragma omp simd
    for (i64 c = 0; c < C; c++) pr[c] *= inv;
    lse[i] = (double)m + log((double)s);
  }
}

/*
 * Dense labels y [B, C] (float32, or int32 one-hot rows when yInt is set): total = Σ_i Σ_c y_ic·(lse_i − z_ic)
 * (returned), mass[i] = Σ_c y_ic.
 */
EXPORT CLONES double zk_xent_dense(const float *z, const void *y, int yInt, const double *lse, i64 B, i64 C, float *mass) {
  double total = 0;
#pragma omp parallel for schedule(static) reduction(+ : total) if (B * C > PAR_MIN)
  for (i64 i = 0; i < B; i++) {
    const float *zr = z + i * C;
    double t = 0, w = 0;
    /* zero labels contribute 0 even where lse − z is infinite (a select, so the loops vectorize) */
    if (yInt) {
      const int32_t *yr = (const int32_t *)y + i * C;
#pragma omp simd reduction(+ : t, w)
      for (i64 c = 0; c < C; c++) {
        const double yc = (double)yr[c], term = yc * (lse[i] - (double)zr[c]);
        t += yc != 0 ? term : 0.0;
        w += yc;
      }
    } else {
      const float *yr = (const float *)y + i * C;
#pragma omp simd reduction(+ : t, w)
      for (i64 c = 0; c < C; c++) {
        const double yc = (double)yr[c], term = yc * (lse[i] - (double)zr[c]);
        t += yc != 0 ? term : 0.0;
        w += yc;
      }
    }
    total += t;
    mass[i] = (float)w;
  }
  return total;
}

/*
 * ∂z = p·g·mass[i] − g·y for dense labels y (float32, or int32 when yInt is set), or p·g·mass[i] − g at
 * the label column for int32 class ids (y null), g = ∂L/B.
 */
EXPORT CLONES void zk_xent_grad(const float *p, const void *y, int yInt, const int32_t *labels, const float *mass, float g, i64 B, i64 C, float *d) {
#pragma omp parallel for schedule(static) if (B * C > PAR_MIN)
  for (i64 i = 0; i < B; i++) {
    const float *pr = p + i * C;
    float *dr = d + i * C;
    const float gm = g * mass[i];
    if (y && yInt) {
      const int32_t *yr = (const int32_t *)y + i * C;
#pragma omp simd
      for (i64 c = 0; c < C; c++) dr[c] = pr[c] * gm - g * (float)yr[c];
    } else if (y) {
      const float *yr = (const float *)y + i * C;
#pragma omp simd
      for (i64 c = 0; c < C; c++) dr[c] = pr[c] * gm - g * yr[c];
    } else {
#pragma omp simd
      for (i64 c = 0; c < C; c++) dr[c] = pr[c] * gm;
      dr[labels[i]] -= g;
    }
  }
}

/* ---------- Winograd F(m×m, 3×3) (Lavin & Gray 2016) for 3×3 stride-1 convolutions, NHWC ---------- */
/*
 *   Y = Aᵀ·[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]·A   per α×α input tile d (α = m + 2, stride m) and m×m output tile.
 * With channels the ⊙ becomes α² matrix products over channels, M[k] = V[k]·U[k] (k = α·ξ + ν), done
 * by sgemm between these transforms:
 *   U[k][ci][co] = (G·g·Gᵀ)[ξ][ν]      filter, [α²][CI][CO]
 *   V[k][t][ci]  = (Bᵀ·d·B)[ξ][ν]      input tiles t = (b, ty, tx), [α²][T][CI]
 *   Y = Aᵀ·M·A                          output tiles (only in-bounds outputs written)
 * The filter gradient is the adjoint chain: ∂M = A·∂Y·Aᵀ per tile, ∂U[k] = V[k]ᵀ·∂M[k], ∂g = Gᵀ·∂U·G.
 * m = 2 (α = 4) and m = 4 (α = 6, the interpolation points 0, ±1, ±2, ∞ of Lavin & Gray's F(4×4, 3×3)):
 * 2.25× and 4× fewer multiplications than im2col, and a (α/m)² instead of 9× expansion of the input.
 */

#include "winograd-transforms.h"

/* geometry (int32): H, W, C_in, OH, OW, C_out, padTop, padLeft */
typedef struct { i64 H, W, CI, OH, OW, CO, top, left; } WGeo;

static WGeo wgeo(const int32_t *g) {
  WGeo o = {g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]};
  return o;
}

/* One instantiation per tile size MT (α = MT + 2) around the generated straight-line transforms. */
#define WINO_DEFINE(MT, AL)                                                                         \
  static CLONES void wino_filter_##MT(const float *w, i64 CI, i64 CO, float *U) {                    \
    const i64 S = CI * CO;                                                                          \
    const int par = S * AL * AL > PAR_MIN;                                                          \
    _Pragma("omp parallel for schedule(static) if (par)")                                           \
    for (i64 ci = 0; ci < CI; ci++) {                                                               \
      const float *wc = w + ci * CO;                                                                \
      float *uc = U + ci * CO;                                                                      \
      _Pragma("omp simd")                                                                           \
      for (i64 co = 0; co < CO; co++) {                                                             \
        WINO##MT##_FILTER(WINO_LG, WINO_SU);                                                        \
      }                                                                                             \
    }                                                                                               \
  }                                                                                                 \
  static CLONES void wino_filter_grad_##MT(const float *dU, i64 CI, i64 CO, float *dw) {            \
    const i64 S = CI * CO;                                                                          \
    const int par = S * AL * AL > PAR_MIN;                                                          \
    _Pragma("omp parallel for schedule(static) if (par)")                                           \
    for (i64 ci = 0; ci < CI; ci++) {                                                               \
      const float *uc = dU + ci * CO;                                                               \
      float *wc = dw + ci * CO;                                                                     \
      _Pragma("omp simd")                                                                           \
      for (i64 co = 0; co < CO; co++) WINO##MT##_FILTER_GRAD(WINO_LU, WINO_SG);                     \
    }                                                                                               \
  }                                                                                                 \
  static CLONES void wino_input_##MT(const float *x, WGeo g, i64 b0, i64 b1, float *V) {            \
    const i64 TH = (g.OH + MT - 1) / MT, TW = (g.OW + MT - 1) / MT, tiles = TH * TW;                \
    const i64 T = (b1 - b0) * tiles, C = g.CI;                                                      \
    const int par = T * AL * AL * C > PAR_MIN;                                                      \
    _Pragma("omp parallel if (par)")                                                                \
    {                                                                                               \
      float *zero = calloc((size_t)C, sizeof(float));                                               \
      _Pragma("omp for schedule(static)")                                                           \
      for (i64 t = 0; t < T; t++) {                                                                 \
        const i64 b = b0 + t / tiles, r = t % tiles, ty = r / TW, tx = r % TW;                      \
        const float *row[AL][AL];                                                                   \
        for (int i = 0; i < AL; i++) {                                                              \
          const i64 iy = MT * ty - g.top + i;                                                       \
          for (int j = 0; j < AL; j++) {                                                            \
            const i64 ix = MT * tx - g.left + j;                                                    \
            row[i][j] = (iy >= 0 && iy < g.H && ix >= 0 && ix < g.W) ? x + ((b * g.H + iy) * g.W + ix) * C : zero; \
          }                                                                                         \
        }                                                                                           \
        float *out = V + t * C;                                                                     \
        const i64 step = T * C;                                                                     \
        _Pragma("omp simd")                                                                         \
        for (i64 c = 0; c < C; c++) WINO##MT##_INPUT(WINO_LD, WINO_SV);                             \
      }                                                                                             \
      free(zero);                                                                                   \
    }                                                                                               \
  }                                                                                                 \
  static CLONES void wino_output_##MT(const float *M, WGeo g, i64 b0, i64 b1, float *y) {           \
    const i64 TH = (g.OH + MT - 1) / MT, TW = (g.OW + MT - 1) / MT, tiles = TH * TW;                \
    const i64 T = (b1 - b0) * tiles, C = g.CO;                                                      \
    const int par = T * AL * AL * C > PAR_MIN;                                                      \
    _Pragma("omp parallel for schedule(static) if (par)")                                           \
    for (i64 t = 0; t < T; t++) {                                                                   \
      const i64 b = b0 + t / tiles, r = t % tiles, oy = MT * (r / TW), ox = MT * (r % TW);          \
      const float *in = M + t * C;                                                                  \
      const i64 step = T * C, rowStride = g.OW * C;                                                 \
      const i64 ny = g.OH - oy < MT ? g.OH - oy : MT, nx = g.OW - ox < MT ? g.OW - ox : MT;         \
      float *base = y + ((b * g.OH + oy) * g.OW + ox) * C;                                          \
      if (ny == MT && nx == MT) {                                                                   \
        _Pragma("omp simd")                                                                         \
        for (i64 c = 0; c < C; c++) WINO##MT##_OUTPUT(WINO_LM, WINO_SY);                            \
      } else {                                                                                      \
        for (i64 c = 0; c < C; c++) WINO##MT##_OUTPUT(WINO_LM, WINO_SY_EDGE);                       \
      }                                                                                             \
    }                                                                                               \
  }                                                                                                 \
  static CLONES void wino_output_grad_##MT(const float *dy, WGeo g, i64 b0, i64 b1, float *dM) {    \
    const i64 TH = (g.OH + MT - 1) / MT, TW = (g.OW + MT - 1) / MT, tiles = TH * TW;                \
    const i64 T = (b1 - b0) * tiles, C = g.CO;                                                      \
    const int par = T * AL * AL * C > PAR_MIN;                                                      \
    _Pragma("omp parallel if (par)")                                                                \
    {                                                                                               \
      float *zero = calloc((size_t)C, sizeof(float));                                               \
      _Pragma("omp for schedule(static)")                                                           \
      for (i64 t = 0; t < T; t++) {                                                                 \
        const i64 b = b0 + t / tiles, r = t % tiles, oy = MT * (r / TW), ox = MT * (r % TW);        \
        const float *row[MT][MT];                                                                   \
        for (int i = 0; i < MT; i++) for (int j = 0; j < MT; j++)                                   \
          row[i][j] = (oy + i < g.OH && ox + j < g.OW) ? dy + ((b * g.OH + oy + i) * g.OW + ox + j) * C : zero; \
        float *out = dM + t * C;                                                                    \
        const i64 step = T * C;                                                                     \
        _Pragma("omp simd")                                                                         \
        for (i64 c = 0; c < C; c++) WINO##MT##_OUTPUT_GRAD(WINO_LE, WINO_SM);                       \
      }                                                                                             \
      free(zero);                                                                                   \
    }                                                                                               \
  }

/* the loads and stores the generated transforms are given (c / co: the channel) */
#define WINO_LG(i, j) wc[((i) * 3 + (j)) * S + co]
#define WINO_SU(k, v) (uc[(k) * S + co] = (v))
#define WINO_LU(k) uc[(k) * S + co]
#define WINO_SG(i, j, v) (wc[((i) * 3 + (j)) * S + co] = (v))
#define WINO_LD(i, j) row[i][j][c]
#define WINO_SV(k, v) (out[(k) * step + c] = (v))
#define WINO_LM(k) in[(k) * step + c]
#define WINO_SY(i, j, v) (base[(i) * rowStride + (j) * C + c] = (v))
#define WINO_SY_EDGE(i, j, v) ((i) < ny && (j) < nx ? (void)(base[(i) * rowStride + (j) * C + c] = (v)) : (void)0)
#define WINO_LE(i, j) row[i][j][c]
#define WINO_SM(k, v) (out[(k) * step + c] = (v))

WINO_DEFINE(2, 4)
WINO_DEFINE(4, 6)

/* m: output tile size, 2 or 4 (others: returns 0). */
EXPORT int zk_wino_filter(int m, const float *w, i64 CI, i64 CO, float *U) {
  if (m == 2) wino_filter_2(w, CI, CO, U);
  else if (m == 4) wino_filter_4(w, CI, CO, U);
  else return 0;
  return 1;
}

EXPORT int zk_wino_filter_grad(int m, const float *dU, i64 CI, i64 CO, float *dw) {
  if (m == 2) wino_filter_grad_2(dU, CI, CO, dw);
  else if (m == 4) wino_filter_grad_4(dU, CI, CO, dw);
  else return 0;
  return 1;
}

EXPORT int zk_wino_input(int m, const float *x, const int32_t *g, i64 b0, i64 b1, float *V) {
  if (m == 2) wino_input_2(x, wgeo(g), b0, b1, V);
  else if (m == 4) wino_input_4(x, wgeo(g), b0, b1, V);
  else return 0;
  return 1;
}

EXPORT int zk_wino_output(int m, const float *M, const int32_t *g, i64 b0, i64 b1, float *y) {
  if (m == 2) wino_output_2(M, wgeo(g), b0, b1, y);
  else if (m == 4) wino_output_4(M, wgeo(g), b0, b1, y);
  else return 0;
  return 1;
}

EXPORT int zk_wino_output_grad(int m, const float *dy, const int32_t *g, i64 b0, i64 b1, float *dM) {
  if (m == 2) wino_output_grad_2(dy, wgeo(g), b0, b1, dM);
  else if (m == 4) wino_output_grad_4(dy, wgeo(g), b0, b1, dM);
  else return 0;
  return 1;
}
