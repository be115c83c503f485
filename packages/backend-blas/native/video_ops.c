#include "zk.h"

/* ---------- hard swish and the temporal shift (TSM) ---------- */

/* y = x·(min(max(x + 3, 0), 6)/6), each step in float32 (the bits of tfjs's add → relu6 → div → mul). */
EXPORT CLONES void zk_hard_swish(const float *x, float *y, i64 n) {
#pragma omp parallel for simd schedule(static) if (n > PAR_MIN)
  for (i64 i = 0; i < n; i++) {
    const float v = x[i];
    float r = v + 3.0f;
    r = r < 0 ? 0.0f : (r > 6 ? 6.0f : r);
    y[i] = v * (r / 6.0f);
  }
}

/* dx = 0 (x ≤ −3), dy·((2x + 3)/6) (−3 < x ≤ 3, float32 steps as the JS loop), dy (x > 3); NaN x gives NaN. Selects, no branches. */
EXPORT CLONES void zk_hard_swish_grad(const float *dy, const float *x, float *dx, i64 n) {
#pragma omp parallel for simd schedule(static) if (n > PAR_MIN)
  for (i64 i = 0; i < n; i++) {
    const float v = x[i], g = dy[i];
    const float mid = g * ((2.0f * v + 3.0f) / 6.0f);
    const float r = v > 3 ? g : mid;
    dx[i] = v <= -3 ? 0.0f : r;
  }
}

/*
 * Frames x [frames, P, C] (P pixels; clips of T frames): per pixel, channels [0, fold) from frame t + 1 and
 * [fold, 2·fold) from t − 1 (reverse: the other way round), zeros past the clip's ends, the rest from t.
 * Three memcpy per pixel; pixels split over the cores.
 */
EXPORT void zk_temporal_shift(const float *x, float *y, i64 frames, i64 T, i64 P, i64 C, i64 fold, int reverse) {
  const i64 rows = frames * P;
  const i64 first = reverse ? -1 : 1, second = -first;
  const size_t fb = (size_t)fold * sizeof(float), rb = (size_t)(C - 2 * fold) * sizeof(float);
#pragma omp parallel for schedule(static) if (rows * C > PAR_MIN)
  for (i64 r = 0; r < rows; r++) {
    const i64 f = r / P, t = f % T;
    float *dst = y + r * C;
    const float *src = x + r * C;
    if (t + first >= 0 && t + first < T) memcpy(dst, src + first * P * C, fb);
    else memset(dst, 0, fb);
    if (t + second >= 0 && t + second < T) memcpy(dst + fold, src + second * P * C + fold, fb);
    else memset(dst + fold, 0, fb);
    memcpy(dst + 2 * fold, src + 2 * fold, rb);
  }
}
