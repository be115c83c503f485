#include "zk.h"

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
EXPORT CLONES void zk_relu_grad(const float *dy, const float *y, float *dx, i64 n) {
#pragma omp parallel for simd schedule(static) if (n > PAR_MIN)
  for (i64 i = 0; i < n; i++) dx[i] = relu_mask(dy[i], y[i]);
}

/*
 * One SGD-with-momentum step (ZooSgdUpdate of @zoo/ops): g' = g·scale (skipped at scale 1) + v·wd (skipped
 * at wd 0), a' = a·m + g', v' = (nesterov ? g' + a'·m : a')·c + v with c = −lr; each step a float32 rounding
 * (no contraction: -ffp-contract=off), the composition's bits. One pass over three arrays, split over the cores.
 */
EXPORT CLONES void zk_sgd_update(const float *v, const float *g, const float *a, float *v2, float *a2, i64 n, float c, float m, float scale, float wd, int nesterov) {
  const int unscaled = scale == 1.0f, decayed = wd != 0.0f;
#pragma omp parallel for simd schedule(static) if (n > PAR_MIN)
  for (i64 i = 0; i < n; i++) {
    float gi = unscaled ? g[i] : g[i] * scale;
    gi = decayed ? gi + v[i] * wd : gi;
    const float ai = a[i] * m + gi;
    a2[i] = ai;
    const float step = nesterov ? gi + ai * m : ai;
    v2[i] = step * c + v[i];
  }
}

/*
 * Σ x[i]² in double (ZooSumOfSquares of @zoo/ops): the range split into one fixed chunk per thread, each summed
 * with a vectorized double accumulator, the chunks' sums added in thread order: deterministic for a given thread
 * count and machine (an OpenMP reduction clause leaves the combining order open).
 */
EXPORT CLONES double zk_sum_squares(const float *x, i64 n) {
  enum { MAX_PARTS = 256 };
  double part[MAX_PARTS];
  int parts = 1;
#ifdef _OPENMP
  if (n > PAR_MIN) parts = omp_get_max_threads();
  if (parts > MAX_PARTS) parts = MAX_PARTS;
#endif
  const i64 chunk = (n + parts - 1) / parts;
#pragma omp parallel for schedule(static, 1) num_threads(parts) if (parts > 1)
  for (int p = 0; p < parts; p++) {
    const i64 lo = p * chunk, hi = lo + chunk < n ? lo + chunk : n;
    double s = 0;
#pragma omp simd reduction(+ : s)
    for (i64 i = lo; i < hi; i++) s += (double)x[i] * (double)x[i];
    part[p] = s;
  }
  double total = 0;
  for (int p = 0; p < parts; p++) total += part[p];
  return total;
}
