#include "zk.h"

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
