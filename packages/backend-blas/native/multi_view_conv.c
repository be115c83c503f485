#include "zk.h"

/* ---------- multi-view depthwise convolution (MVFNet's MVF module), x [N, T, H, W, C] ---------- */

/*
 * One output row (n, t, h) of y = Σ_v Σ_j w_v[j]·x[(t, h, w) + (j − 1)·e_v] for the views T (always), H and
 * W (hasH, hasW: constants where this is inlined, so each mode gets its own loop). Neighbours outside the
 * clip read a row of zeros. Each view's three taps are summed in order, then the views (T + H + W), in
 * float32 as the composition's per-view depthwise convolutions and adds.
 */
static inline __attribute__((always_inline)) void mvf_row(const float *x, float *y, i64 t, i64 h, i64 T, i64 H, i64 W, i64 C,
                                                          const float *wT, const float *wH, const float *wW, const float *zero,
                                                          const int hasH, const int hasW) {
  const i64 WC = W * C, HWC = H * WC;
  for (i64 w = 0; w < W; w++) {
    const float *xc = x + w * C;
    const float *tp = t > 0 ? xc - HWC : zero, *tn = t < T - 1 ? xc + HWC : zero;
    const float *hp = h > 0 ? xc - WC : zero, *hn = h < H - 1 ? xc + WC : zero;
    const float *wp = w > 0 ? xc - C : zero, *wn = w < W - 1 ? xc + C : zero;
    float *yc = y + w * C;
#pragma omp simd
    for (i64 c = 0; c < C; c++) {
      float a = wT[c] * tp[c] + wT[C + c] * xc[c] + wT[2 * C + c] * tn[c];
      if (hasH) a += wH[c] * hp[c] + wH[C + c] * xc[c] + wH[2 * C + c] * hn[c];
      if (hasW) a += wW[c] * wp[c] + wW[C + c] * xc[c] + wW[2 * C + c] * wn[c];
      yc[c] = a;
    }
  }
}

/* y for rows [r0, r1) of the N·T·H rows (x and y point at the tensors' starts). */
static inline __attribute__((always_inline)) void mvf_rows(const float *x, float *y, i64 r, i64 T, i64 H, i64 W, i64 C,
                                                           const float *wT, const float *wH, const float *wW, const float *zero) {
  const i64 t = (r / H) % T, h = r % H, o = r * W * C;
  if (wH && wW) mvf_row(x + o, y + o, t, h, T, H, W, C, wT, wH, wW, zero, 1, 1);
  else if (wH) mvf_row(x + o, y + o, t, h, T, H, W, C, wT, wH, wW, zero, 1, 0);
  else if (wW) mvf_row(x + o, y + o, t, h, T, H, W, C, wT, wH, wW, zero, 0, 1);
  else mvf_row(x + o, y + o, t, h, T, H, W, C, wT, wH, wW, zero, 0, 0);
}

/* y = the multi-view convolution of x; wH / wW NULL: that view is absent. Rows split over the cores. */
EXPORT CLONES void zk_mvf_forward(const float *x, i64 N, i64 T, i64 H, i64 W, i64 C, const float *wT, const float *wH, const float *wW, float *y) {
  float *zero = calloc((size_t)C, sizeof(float));
  if (!zero) return;
  const i64 R = N * T * H;
#pragma omp parallel for schedule(static) if (R * W * C > PAR_MIN)
  for (i64 r = 0; r < R; r++) mvf_rows(x, y, r, T, H, W, C, wT, wH, wW, zero);
  free(zero);
}

/* ∂w of one view for one row: acc[j][c] += dy·x[neighbour j] (float32 within the row). */
static inline __attribute__((always_inline)) void mvf_dw_tap(const float *g, const float *p, const float *xc, const float *n, float *acc, i64 C) {
#pragma omp simd
  for (i64 c = 0; c < C; c++) {
    acc[c] += g[c] * p[c];
    acc[C + c] += g[c] * xc[c];
    acc[2 * C + c] += g[c] * n[c];
  }
}

/*
 * The backward pass in one sweep over the rows: dx = the convolution of dy with each kernel's taps reversed,
 * and dw_v[j][c] = Σ dy·x[neighbour j along v] for each present view (dwH / dwW NULL when absent). Each
 * thread sums its rows in float32 per row, then in float64; the threads' sums are added in thread order
 * after the loop (deterministic for a given thread count).
 */
EXPORT CLONES void zk_mvf_backward(const float *dy, const float *x, i64 N, i64 T, i64 H, i64 W, i64 C, const float *wT, const float *wH, const float *wW,
                                   float *dx, float *dwT, float *dwH, float *dwW) {
  const i64 R = N * T * H, WC = W * C, HWC = H * WC, K = 9 * C;
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  float *zero = calloc((size_t)C, sizeof(float));
  float *flip = malloc((size_t)K * sizeof(float)); /* [view][3][C], taps reversed */
  double *partial = calloc((size_t)threads * (size_t)K, sizeof(double));
  float *rows = calloc((size_t)threads * (size_t)K, sizeof(float)); /* each thread's per-row float sums */
  if (!zero || !flip || !partial || !rows) { free(zero); free(flip); free(partial); free(rows); return; }
  const float *ws[3] = { wT, wH, wW };
  for (int v = 0; v < 3; v++)
    if (ws[v])
      for (int j = 0; j < 3; j++) memcpy(flip + (v * 3 + j) * C, ws[v] + (2 - j) * C, (size_t)C * sizeof(float));
  const float *fT = flip, *fH = wH ? flip + 3 * C : NULL, *fW = wW ? flip + 6 * C : NULL;
#pragma omp parallel if (R * WC > PAR_MIN)
  {
    int tid = 0;
#ifdef _OPENMP
    tid = omp_get_thread_num();
#endif
    double *acc = partial + (size_t)tid * (size_t)K;
    float *row = rows + (size_t)tid * (size_t)K;
#pragma omp for schedule(static)
    for (i64 r = 0; r < R; r++) {
      mvf_rows(dy, dx, r, T, H, W, C, fT, fH, fW, zero);
      const i64 t = (r / H) % T, h = r % H, o = r * WC;
      for (i64 w = 0; w < W; w++) {
        const float *g = dy + o + w * C, *xc = x + o + w * C;
        mvf_dw_tap(g, t > 0 ? xc - HWC : zero, xc, t < T - 1 ? xc + HWC : zero, row, C);
        if (wH) mvf_dw_tap(g, h > 0 ? xc - WC : zero, xc, h < H - 1 ? xc + WC : zero, row + 3 * C, C);
        if (wW) mvf_dw_tap(g, w > 0 ? xc - C : zero, xc, w < W - 1 ? xc + C : zero, row + 6 * C, C);
      }
      for (i64 k = 0; k < K; k++) { acc[k] += row[k]; row[k] = 0; }
    }
  }
  float *dws[3] = { dwT, dwH, dwW };
  for (int v = 0; v < 3; v++) {
    if (!ws[v] || !dws[v]) continue;
    for (i64 k = 0; k < 3 * C; k++) {
      double s = 0;
      for (int p = 0; p < threads; p++) s += partial[(size_t)p * (size_t)K + (size_t)(v * 3 * C + k)];
      dws[v][k] = (float)s;
    }
  }
  free(zero);
  free(flip);
  free(partial);
  free(rows);
}
