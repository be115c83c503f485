#include "zk.h"

/* ---------- 2-D max pooling, NHWC (the blas MaxPool / MaxPoolGrad kernels; src/pool.ts has the same loops in JS) ---------- */

/*
 * Geometry of a pooling window sweep (int32 × 12 from JS, in this order): input [N, H, W, C], output [N, OH, OW, C],
 * window FH × FW, strides (sh, sw), top/left padding (pt, pl); no dilation.
 */
typedef struct {
  i64 N, H, W, C, OH, OW, FH, FW, sh, sw, pt, pl;
} zk_pool_geom;

/* The channel range [c0, c1) of thread t of T (contiguous chunks; every channel is one thread's alone). */
static inline void channel_chunk(i64 C, int t, int T, i64 *c0, i64 *c1) {
  const i64 q = C / T, r = C % T;
  *c0 = t * q + (t < r ? t : r);
  *c1 = *c0 + q + (t < r ? 1 : 0);
}

static inline zk_pool_geom pool_geom(const int32_t *v) {
  zk_pool_geom g = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]};
  return g;
}

/* The in-bounds rows (or columns) [lo, hi) of output row o's window: corner o·stride − pad, extent F, input size L. */
static inline void window_span(i64 o, i64 stride, i64 pad, i64 F, i64 L, i64 *lo, i64 *hi) {
  const i64 c = o * stride - pad;
  *lo = c < 0 ? 0 : c;
  *hi = c + F < L ? c + F : L;
}

static inline int this_thread(void) {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

static inline int pool_threads(const zk_pool_geom *g) {
#ifdef _OPENMP
  const i64 work = g->N * g->OH * g->OW * g->C * g->FH * g->FW;
  int T = work > PAR_MIN ? omp_get_max_threads() : 1;
  if (T > g->C) T = (int)g->C;
  return T < 1 ? 1 : T;
#else
  (void)g;
  return 1;
#endif
}

/* y = the window's first strict maximum per channel (−∞ for a window with no pixel; NaN never wins): tfjs's rule. */
EXPORT CLONES void zk_max_pool(const float *x, const int32_t *g32, float *y) {
  const zk_pool_geom geom = pool_geom(g32), *g = &geom;
  const int T = pool_threads(g);
#pragma omp parallel num_threads(T) if (T > 1)
  {
    const int t = this_thread();
    i64 c0, c1, y0, y1, x0, x1;
    channel_chunk(g->C, t, T, &c0, &c1);
    const i64 C = g->C;
    for (i64 b = 0; b < g->N; b++)
      for (i64 oy = 0; oy < g->OH; oy++) {
        window_span(oy, g->sh, g->pt, g->FH, g->H, &y0, &y1);
        for (i64 ox = 0; ox < g->OW; ox++) {
          window_span(ox, g->sw, g->pl, g->FW, g->W, &x0, &x1);
          float *yo = y + ((b * g->OH + oy) * g->OW + ox) * C;
          for (i64 ch = c0; ch < c1; ch++) yo[ch] = -INFINITY;
          for (i64 iy = y0; iy < y1; iy++)
            for (i64 ix = x0; ix < x1; ix++) {
              const float *xp = x + ((b * g->H + iy) * g->W + ix) * C;
#pragma omp simd
              for (i64 ch = c0; ch < c1; ch++) yo[ch] = xp[ch] > yo[ch] ? xp[ch] : yo[ch];
            }
        }
      }
  }
}

/*
 * dx (zeroed here) += dy at each window's first strict maximum per channel, windows in output order: per channel
 * the JS loop's order of additions, so its bits. Returns 0 when its scratch cannot be allocated.
 */
EXPORT CLONES int zk_max_pool_grad(const float *dy, const float *x, const int32_t *g32, float *dx) {
  const zk_pool_geom geom = pool_geom(g32), *g = &geom;
  const int T = pool_threads(g);
  const i64 C = g->C;
  float *best = malloc((size_t)(T * C) * sizeof(float));
  i64 *pos = malloc((size_t)(T * C) * sizeof(i64));
  if (!best || !pos) {
    free(best);
    free(pos);
    return 0;
  }
#pragma omp parallel num_threads(T) if (T > 1)
  {
    const int t = this_thread();
    i64 c0, c1, y0, y1, x0, x1;
    channel_chunk(C, t, T, &c0, &c1);
    for (i64 p = 0; p < g->N * g->H * g->W; p++) memset(dx + p * C + c0, 0, (size_t)(c1 - c0) * sizeof(float));
    float *bt = best + (i64)t * C;
    i64 *at = pos + (i64)t * C;
    for (i64 b = 0; b < g->N; b++)
      for (i64 oy = 0; oy < g->OH; oy++) {
        window_span(oy, g->sh, g->pt, g->FH, g->H, &y0, &y1);
        for (i64 ox = 0; ox < g->OW; ox++) {
          window_span(ox, g->sw, g->pl, g->FW, g->W, &x0, &x1);
          for (i64 ch = c0; ch < c1; ch++) {
            bt[ch] = -INFINITY;
            at[ch] = -1;
          }
          for (i64 iy = y0; iy < y1; iy++)
            for (i64 ix = x0; ix < x1; ix++) {
              const i64 base = ((b * g->H + iy) * g->W + ix) * C;
              const float *xp = x + base;
#pragma omp simd
              for (i64 ch = c0; ch < c1; ch++) {
                const int win = xp[ch] > bt[ch];
                bt[ch] = win ? xp[ch] : bt[ch];
                at[ch] = win ? base + ch : at[ch];
              }
            }
          const float *dyo = dy + ((b * g->OH + oy) * g->OW + ox) * C;
          for (i64 ch = c0; ch < c1; ch++)
            if (at[ch] >= 0) dx[at[ch]] += dyo[ch];
        }
      }
  }
  free(best);
  free(pos);
  return 1;
}
