#include "zk.h"

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
