/**
 * The package's own C kernels (`native/*.c`, one library): elementwise ops, batch-norm channel sums,
 * im2col/col2im and the filter rotation, vectorized and split over the cores with OpenMP. Built at
 * install time by `scripts/build-native.js` when a C compiler is present, loaded through koffi like
 * OpenBLAS; also the CSR × dense product, softmax cross-entropy's row passes, MVFNet's multi-view
 * convolution, hard swish and the temporal shift. Optional: without
 * the library every caller runs its typed-array loop instead (same
 * results; ~4–5× slower on the development machine).
 *
 *   ZOO_BLAS_NATIVE=0            never load it (the JS loops run)
 *   ZOO_BLAS_NATIVE_LIB=/path    load this file instead of native/build/libzoo_kernels.so
 */
import * as path from 'node:path';
import koffi from 'koffi';

export const NATIVE_LIBRARY = path.join(__dirname, '..', 'native', 'build', 'libzoo_kernels.so');
/**
 * How a user rebuilds the library: `npm rebuild` reruns the package's `install` script, in a user's project
 * and in the monorepo alike (npm ≥ 11.16 runs it only when the project's `allowScripts` approves
 * `@zoo/backend-blas`; see the README).
 */
export const NATIVE_BUILD_HINT = 'npm rebuild @zoo/backend-blas (needs a C compiler with OpenMP, e.g. apt-get install gcc, and `"allowScripts": { "@zoo/backend-blas": true }` in package.json)';

export const BINARY_OPS = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, Maximum: 4, Minimum: 5, SquaredDifference: 6 } as const;
export const BINARY_MODES = { same: 0, scalarB: 1, scalarA: 2, tileB: 3, tileA: 4 } as const;
export const UNARY_OPS = { Relu: 0, Relu6: 1, Step: 2, Neg: 3, Square: 4, Abs: 5, Sqrt: 6, Rsqrt: 7, Reciprocal: 8, Floor: 9 } as const;

/** Convolution geometry as the C side reads it (int32 × 13). */
export interface ConvGeometry {
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padInfo: { top: number; left: number };
}

export interface NativeKernels {
  library: string;
  /** OpenMP threads the kernels split over. */
  threads: number;
  /** o = a (op) b over n outputs; m: the tiled operand's length (tile modes). */
  binary(op: number, mode: number, a: Float32Array, b: Float32Array, o: Float32Array, n: number, m: number): void;
  /** o = f(x); p: Step's alpha. */
  unary(op: number, x: Float32Array, o: Float32Array, n: number, p: number): void;
  /** ∂x = ∂y where y > 0, else 0 (ReLU's gradient from its output). */
  reluGrad(dy: Float32Array, y: Float32Array, dx: Float32Array, n: number): void;
  /** Per-channel mean and biased variance of x viewed as [R, C] (float64 sums). */
  channelMoments(x: Float32Array, R: number, C: number, mean: Float64Array, variance: Float64Array): void;
  /** y = x·scale[c] + shift[c], then ReLU when relu is set. */
  scaleShift(x: Float32Array, scale: Float32Array, shift: Float32Array, y: Float32Array, R: number, C: number, relu: boolean): void;
  /** Σ g and Σ g·(x − mean) per channel; g = dy, masked by y > 0 when y is given. */
  bnBackwardSums(dy: Float32Array, x: Float32Array, y: Float32Array | null, mean: Float32Array, R: number, C: number, sdy: Float64Array, sdyx: Float64Array): void;
  /** dx = k1·g + k2·x + k3 per channel (g as in bnBackwardSums). */
  bnBackwardApply(dy: Float32Array, x: Float32Array, y: Float32Array | null, k1: Float32Array, k2: Float32Array, k3: Float32Array, dx: Float32Array, R: number, C: number): void;
  im2col(x: Float32Array, c: ConvGeometry, b0: number, b1: number, cols: Float32Array): void;
  col2im(cols: Float32Array, c: ConvGeometry, b0: number, b1: number, dx: Float32Array): void;
  rowIm2col(x: Float32Array, c: ConvGeometry, b0: number, b1: number, cols: Float32Array): void;
  /** r[fy, fx, co, ci] = w[FH−1−fy, FW−1−fx, ci, co]. */
  rotateFilter(w: Float32Array, r: Float32Array, FH: number, FW: number, CI: number, CO: number): void;
  /**
   * Winograd F(m×m, 3×3), m = 2 or 4 (α = m + 2): the filter transform U [α²][CI][CO] from w [3][3][CI][CO].
   */
  winoFilter(m: number, w: Float32Array, CI: number, CO: number, U: Float32Array): void;
  /** Its adjoint: ∂w [3][3][CI][CO] from ∂U [α²][CI][CO]. */
  winoFilterGrad(m: number, dU: Float32Array, CI: number, CO: number, dw: Float32Array): void;
  /** Input tiles of images [b0, b1): V [α²][T][CI], T = (b1 − b0)·⌈OH/m⌉·⌈OW/m⌉. */
  winoInput(m: number, x: Float32Array, c: WinogradGeometry, b0: number, b1: number, V: Float32Array): void;
  /** Output tiles M [α²][T][CO] → y (images [b0, b1)). */
  winoOutput(m: number, M: Float32Array, c: WinogradGeometry, b0: number, b1: number, y: Float32Array): void;
  /** The adjoint of winoOutput: ∂M [α²][T][CO] from ∂y. */
  winoOutputGrad(m: number, dy: Float32Array, c: WinogradGeometry, b0: number, b1: number, dM: Float32Array): void;
  /** y = A·x, A in CSR with `rows` rows, x row-major with k columns (y is overwritten). */
  csrSpmm(rows: number, indptr: Int32Array, indices: Int32Array, values: Float32Array, x: Float32Array, k: number, y: Float32Array): void;
  /** Per row of z [B, C]: p = softmax(z), lse[i] = log Σ_c e^z_ic. */
  softmaxRows(z: Float32Array, B: number, C: number, p: Float32Array, lse: Float64Array): void;
  /** Σ_i Σ_c y_ic·(lse_i − z_ic) for label distributions or one-hot rows y [B, C]; mass[i] = Σ_c y_ic. */
  xentDense(z: Float32Array, y: Float32Array | Int32Array, lse: Float64Array, B: number, C: number, mass: Float32Array): number;
  /** ∂z = g·mass[i]·p − g·y (y given) or − g at labels[i] (int32 class ids). */
  xentGrad(p: Float32Array, y: Float32Array | Int32Array | null, labels: Int32Array | null, mass: Float32Array, g: number, B: number, C: number, d: Float32Array): void;
  /** y = Σ_v Σ_j w_v[j]·x[· + (j − 1)·e_v] for x [N, T, H, W, C] and w_v [3, C] (wH / wW null: view absent). */
  mvfForward(x: Float32Array, N: number, T: number, H: number, W: number, C: number, wT: Float32Array, wH: Float32Array | null, wW: Float32Array | null, y: Float32Array): void;
  /** dx (taps reversed) and each present view's dw [3, C] in one sweep over dy. */
  mvfBackward(dy: Float32Array, x: Float32Array, N: number, T: number, H: number, W: number, C: number, wT: Float32Array, wH: Float32Array | null, wW: Float32Array | null, dx: Float32Array, dwT: Float32Array, dwH: Float32Array | null, dwW: Float32Array | null): void;
  /** y = x·ReLU6(x + 3)/6 (float32 steps). */
  hardSwish(x: Float32Array, y: Float32Array, n: number): void;
  /** dx = dy·hardSwish'(x). */
  hardSwishGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, n: number): void;
  /** TSM's shift of frames [frames, P, C] in clips of T frames (reverse: the opposite shift). */
  temporalShift(x: Float32Array, y: Float32Array, frames: number, T: number, P: number, C: number, fold: number, reverse: boolean): void;
  /** One SGD-with-momentum step (ZooSgdUpdate): v2, a2 from v, g, a; c = −lr as float32. */
  sgdUpdate(v: Float32Array, g: Float32Array, a: Float32Array, v2: Float32Array, a2: Float32Array, n: number, c: number, m: number, scale: number, wd: number, nesterov: boolean): void;
  /** Σ x² in float64 (fixed per-thread chunks added in order). */
  sumSquares(x: Float32Array, n: number): number;
  /** 2-D max pooling NHWC (tfjs's first strict maximum); geometry int32 × 12: N, H, W, C, OH, OW, FH, FW, sh, sw, pt, pl. */
  maxPool(x: Float32Array, g: Int32Array, y: Float32Array): void;
  /** Its gradient: dx (written whole) from dy and x. */
  maxPoolGrad(dy: Float32Array, x: Float32Array, g: Int32Array, dx: Float32Array): void;
}

export type WinogradGeometry = Pick<ConvGeometry, 'inHeight' | 'inWidth' | 'inChannels' | 'outHeight' | 'outWidth' | 'padInfo'> & { outChannels: number };

function winoGeometry(c: WinogradGeometry): Int32Array {
  return Int32Array.of(c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.outChannels, c.padInfo.top, c.padInfo.left);
}

function geometry(c: ConvGeometry): Int32Array {
  return Int32Array.of(
    c.inHeight, c.inWidth, c.inChannels, c.outHeight, c.outWidth, c.filterHeight, c.filterWidth,
    c.strideHeight, c.strideWidth, c.dilationHeight, c.dilationWidth, c.padInfo.top, c.padInfo.left,
  );
}

let loaded: NativeKernels | null | undefined;
let loadError = '';
let enabled = process.env.ZOO_BLAS_NATIVE !== '0';

function load(): NativeKernels | null {
  const file = process.env.ZOO_BLAS_NATIVE_LIB || NATIVE_LIBRARY;
  // libgomp reads these when it loads: idle threads spin briefly, then sleep, so they do not hold the
  // cores OpenBLAS's threads need for the sgemm that usually comes next. The user's settings win.
  process.env.GOMP_SPINCOUNT ??= '20000';
  try {
    const lib = koffi.load(file);
    const fn = (sig: string) => lib.func(sig);
    const version = fn('int zk_version()')();
    if (version !== 5) throw new Error(`version ${version}, expected 5: rebuild with ${NATIVE_BUILD_HINT}`);
    const binary = fn('int zk_binary(int op, int mode, const float *a, const float *b, float *o, int64_t n, int64_t m)');
    const unary = fn('int zk_unary(int op, const float *x, float *o, int64_t n, float p)');
    const reluGrad = fn('void zk_relu_grad(const float *dy, const float *y, float *dx, int64_t n)');
    const moments = fn('void zk_channel_moments(const float *x, int64_t R, int64_t C, double *mean, double *var)');
    const scaleShift = fn('void zk_scale_shift(const float *x, const float *scale, const float *shift, float *y, int64_t R, int64_t C, int relu)');
    const sums = fn('void zk_bn_backward_sums(const float *dy, const float *x, const float *y, const float *mean, int64_t R, int64_t C, double *sdy, double *sdyx)');
    const apply = fn('void zk_bn_backward_apply(const float *dy, const float *x, const float *y, const float *k1, const float *k2, const float *k3, float *dx, int64_t R, int64_t C)');
    const im2col = fn('void zk_im2col(const float *x, const int32_t *g, int64_t b0, int64_t b1, float *cols)');
    const col2im = fn('void zk_col2im(const float *cols, const int32_t *g, int64_t b0, int64_t b1, float *dx)');
    const rowIm2col = fn('void zk_row_im2col(const float *x, const int32_t *g, int64_t b0, int64_t b1, float *cols)');
    const rotate = fn('void zk_rotate_filter(const float *w, float *r, int64_t FH, int64_t FW, int64_t CI, int64_t CO)');
    const spmm = fn('void zk_csr_spmm(int64_t rows, const int32_t *indptr, const int32_t *indices, const float *values, const float *x, int64_t k, float *y)');
    const softmaxRows = fn('void zk_softmax_rows(const float *z, int64_t B, int64_t C, float *p, double *lse)');
    const xentDense = fn('double zk_xent_dense(const float *z, const void *y, int yInt, const double *lse, int64_t B, int64_t C, float *mass)');
    const xentGrad = fn('void zk_xent_grad(const float *p, const void *y, int yInt, const int32_t *labels, const float *mass, float g, int64_t B, int64_t C, float *d)');
    const winoFilter = fn('int zk_wino_filter(int m, const float *w, int64_t CI, int64_t CO, float *U)');
    const winoFilterGrad = fn('int zk_wino_filter_grad(int m, const float *dU, int64_t CI, int64_t CO, float *dw)');
    const winoInput = fn('int zk_wino_input(int m, const float *x, const int32_t *g, int64_t b0, int64_t b1, float *V)');
    const winoOutput = fn('int zk_wino_output(int m, const float *M, const int32_t *g, int64_t b0, int64_t b1, float *y)');
    const winoOutputGrad = fn('int zk_wino_output_grad(int m, const float *dy, const int32_t *g, int64_t b0, int64_t b1, float *dM)');
    const mvfForward = fn('void zk_mvf_forward(const float *x, int64_t N, int64_t T, int64_t H, int64_t W, int64_t C, const float *wT, const float *wH, const float *wW, float *y)');
    const mvfBackward = fn('void zk_mvf_backward(const float *dy, const float *x, int64_t N, int64_t T, int64_t H, int64_t W, int64_t C, const float *wT, const float *wH, const float *wW, float *dx, float *dwT, float *dwH, float *dwW)');
    const hardSwish = fn('void zk_hard_swish(const float *x, float *y, int64_t n)');
    const hardSwishGrad = fn('void zk_hard_swish_grad(const float *dy, const float *x, float *dx, int64_t n)');
    const temporalShift = fn('void zk_temporal_shift(const float *x, float *y, int64_t frames, int64_t T, int64_t P, int64_t C, int64_t fold, int reverse)');
    const sgdUpdate = fn('void zk_sgd_update(const float *v, const float *g, const float *a, float *v2, float *a2, int64_t n, float c, float m, float scale, float wd, int nesterov)');
    const sumSquares = fn('double zk_sum_squares(const float *x, int64_t n)');
    const maxPool = fn('void zk_max_pool(const float *x, const int32_t *g, float *y)');
    const maxPoolGrad = fn('int zk_max_pool_grad(const float *dy, const float *x, const int32_t *g, float *dx)');
    const check = (ok: number, what: string) => {
      if (!ok) throw new Error(`zoo_kernels: unknown ${what}`);
    };
    return {
      library: file,
      threads: fn('int zk_threads()')(),
      binary: (op, mode, a, b, o, n, m) => check(binary(op, mode, a, b, o, n, m), `binary op ${op} / mode ${mode}`),
      unary: (op, x, o, n, p) => check(unary(op, x, o, n, p), `unary op ${op}`),
      reluGrad: (dy, y, dx, n) => reluGrad(dy, y, dx, n),
      channelMoments: (x, R, C, mean, variance) => moments(x, R, C, mean, variance),
      scaleShift: (x, scale, shift, y, R, C, relu) => scaleShift(x, scale, shift, y, R, C, relu ? 1 : 0),
      bnBackwardSums: (dy, x, y, mean, R, C, sdy, sdyx) => sums(dy, x, y, mean, R, C, sdy, sdyx),
      bnBackwardApply: (dy, x, y, k1, k2, k3, dx, R, C) => apply(dy, x, y, k1, k2, k3, dx, R, C),
      im2col: (x, c, b0, b1, cols) => im2col(x, geometry(c), b0, b1, cols),
      col2im: (cols, c, b0, b1, dx) => col2im(cols, geometry(c), b0, b1, dx),
      rowIm2col: (x, c, b0, b1, cols) => rowIm2col(x, geometry(c), b0, b1, cols),
      rotateFilter: (w, r, FH, FW, CI, CO) => rotate(w, r, FH, FW, CI, CO),
      winoFilter: (m, w, CI, CO, U) => check(winoFilter(m, w, CI, CO, U), `Winograd tile ${m}`),
      winoFilterGrad: (m, dU, CI, CO, dw) => check(winoFilterGrad(m, dU, CI, CO, dw), `Winograd tile ${m}`),
      winoInput: (m, x, c, b0, b1, V) => check(winoInput(m, x, winoGeometry(c), b0, b1, V), `Winograd tile ${m}`),
      winoOutput: (m, M, c, b0, b1, y) => check(winoOutput(m, M, winoGeometry(c), b0, b1, y), `Winograd tile ${m}`),
      winoOutputGrad: (m, dy, c, b0, b1, dM) => check(winoOutputGrad(m, dy, winoGeometry(c), b0, b1, dM), `Winograd tile ${m}`),
      csrSpmm: (rows, indptr, indices, values, x, k, y) => spmm(rows, indptr, indices, values, x, k, y),
      softmaxRows: (z, B, C, p, lse) => softmaxRows(z, B, C, p, lse),
      xentDense: (z, y, lse, B, C, mass) => xentDense(z, y, y instanceof Int32Array ? 1 : 0, lse, B, C, mass),
      xentGrad: (p, y, labels, mass, g, B, C, d) => xentGrad(p, y, y instanceof Int32Array ? 1 : 0, labels, mass, g, B, C, d),
      mvfForward: (x, N, T, H, W, C, wT, wH, wW, y) => mvfForward(x, N, T, H, W, C, wT, wH, wW, y),
      mvfBackward: (dy, x, N, T, H, W, C, wT, wH, wW, dx, dwT, dwH, dwW) => mvfBackward(dy, x, N, T, H, W, C, wT, wH, wW, dx, dwT, dwH, dwW),
      hardSwish: (x, y, n) => hardSwish(x, y, n),
      hardSwishGrad: (dy, x, dx, n) => hardSwishGrad(dy, x, dx, n),
      temporalShift: (x, y, frames, T, P, C, fold, reverse) => temporalShift(x, y, frames, T, P, C, fold, reverse ? 1 : 0),
      sgdUpdate: (v, g, a, v2, a2, n, c, m, scale, wd, nesterov) => sgdUpdate(v, g, a, v2, a2, n, c, m, scale, wd, nesterov ? 1 : 0),
      sumSquares: (x, n) => sumSquares(x, n),
      maxPool: (x, g, y) => maxPool(x, g, y),
      maxPoolGrad: (dy, x, g, dx) => check(maxPoolGrad(dy, x, g, dx), 'allocation (max-pool gradient scratch)'),
    };
  } catch (err) {
    loadError = `${file}: ${(err as Error).message.split('\n')[0]}`;
    return null;
  }
}

/** The C kernels, or undefined when they are not built, fail to load, or are switched off. */
export function nativeKernels(): NativeKernels | undefined {
  if (!enabled) return undefined;
  if (loaded === undefined) loaded = load();
  return loaded ?? undefined;
}

/** Why nativeKernels() is undefined ('' when it loaded or was never tried). */
export function nativeStatus(): string {
  if (!enabled) return 'off (ZOO_BLAS_NATIVE=0 or setNativeKernels(false))';
  const k = nativeKernels();
  return k ? `${k.library} (${k.threads} OpenMP threads)` : `not loaded: ${loadError}; build it with ${NATIVE_BUILD_HINT}`;
}

/** Switches the C kernels off or back on (tests run both paths); returns the previous setting. */
export function setNativeKernels(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}
