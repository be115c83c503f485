#include "zk.h"

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
