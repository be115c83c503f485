#include "zk.h"

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
