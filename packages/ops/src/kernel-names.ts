/**
 * The `Zoo*` kernels: the contract between the ops of `@zoo/ops` and the backends that implement them
 * (tfjs's kernel-registry pattern, as tfjs-core's `kernel_names.ts`). An op calls
 * `engine().runKernel(name, inputs, attrs)` when the active backend registers `name`, else it runs the
 * plain tfjs composition. Each kernel below gives its inputs (tensors), attrs (plain values) and outputs
 * (in order), with shapes and the equation. All float tensors are float32; M = values per channel.
 *
 * Reference kernels: `cpu` and `wasm` (src/kernels/); `blas` registers its own in @zoo/backend-blas.
 * A backend implementing a kernel must give the same outputs (up to float rounding where noted).
 */
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { CsrMatrix } from './csr/csr-matrix';

/* ───────────────────────── softmax cross-entropy ───────────────────────── */

/**
 * Mean softmax cross-entropy over B rows of C logits, one pass per row:
 *   m_i = max_c z_ic, lse_i = m_i + log Σ_c exp(z_ic − m_i), p_ic = exp(z_ic − m_i)/Σ_c' exp(z_ic' − m_i)
 *   sparse labels (int32 class ids k_i):   L = (1/B)·Σ_i (lse_i − z_{i,k_i}),  mass_i = 1
 *   dense labels (one-hot / distributions): L = (1/B)·Σ_i Σ_c y_ic·(lse_i − z_ic), mass_i = Σ_c y_ic
 * Inputs: logits [B, C] float32; labels [B] int32 (sparse) or [B, C] float32 | int32 (dense).
 * Outputs: [loss [] (L), probs [B, C] (p), rowMass [B] (mass)]. Throws on a class id outside [0, C).
 */
export const ZooSoftmaxCrossEntropy = 'ZooSoftmaxCrossEntropy';
export type ZooSoftmaxCrossEntropyInputs = { logits: TensorInfo; labels: TensorInfo };
export type ZooSoftmaxCrossEntropyAttrs = Record<string, never>;

/**
 * ∂L/∂z of ZooSoftmaxCrossEntropy for an upstream scalar gradient dy, with g = dy/B:
 *   dz_ic = g·(p_ic·mass_i − y_ic)   (sparse: y_ic = [c = k_i])
 * Inputs: dy [] float32, probs [B, C], labels (as the forward), rowMass [B]. Output: [dLogits [B, C]].
 */
export const ZooSoftmaxCrossEntropyGrad = 'ZooSoftmaxCrossEntropyGrad';
export type ZooSoftmaxCrossEntropyGradInputs = { dy: TensorInfo; probs: TensorInfo; labels: TensorInfo; rowMass: TensorInfo };
export type ZooSoftmaxCrossEntropyGradAttrs = Record<string, never>;

/* ───────────────────────── batch norm (training) ───────────────────────── */

/**
 * Batch normalization in training mode over every axis but the last (x viewed as [M, C]):
 *   moments pass:      μ_c = mean_m x_mc, σ²_c = mean_m (x_mc − μ_c)²   (float64 sums, shifted by row 0)
 *   per channel:       inv_c = 1/√(σ²_c + ε), scale_c = γ_c·inv_c, shift_c = β_c − μ_c·scale_c
 *   scale-shift pass:  y_mc = x_mc·scale_c + shift_c, then max(0, ·) when `relu` (NaN kept)
 * Inputs: x [..., C], gamma [C], beta [C]. Attrs: epsilon, relu.
 * Outputs: [y (x's shape), mean [C] (μ), variance [C] (σ², biased), invStd [C] (inv)].
 */
export const ZooBatchNormTraining = 'ZooBatchNormTraining';
export type ZooBatchNormTrainingInputs = { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
export interface ZooBatchNormTrainingAttrs {
  epsilon: number;
  relu: boolean;
}

/**
 * The closed-form backward of ZooBatchNormTraining (Ioffe & Szegedy 2015, Sec. 3), with g = dy (masked
 * by y > 0 under the fused ReLU):
 *   sums pass:   ∂β_c = Σ_m g_mc,  S_c = Σ_m g_mc·(x_mc − μ_c)   (float64),  ∂γ_c = S_c·inv_c
 *   per channel: a = γ_c·inv_c, k1 = a, k2 = −(a/M)·∂γ_c·inv_c, k3 = −(a/M)·∂β_c − k2·μ_c
 *   apply pass:  ∂x_mc = k1·g_mc + k2·x_mc + k3
 * Inputs: dy (x's shape), x, gamma [C], mean [C], invStd [C], and y (the forward output) only when relu.
 * Attrs: relu. Outputs: [dx (x's shape), dGamma [C], dBeta [C]].
 */
export const ZooBatchNormTrainingGrad = 'ZooBatchNormTrainingGrad';
export type ZooBatchNormTrainingGradInputs = { dy: TensorInfo; x: TensorInfo; gamma: TensorInfo; mean: TensorInfo; invStd: TensorInfo; y?: TensorInfo };
export interface ZooBatchNormTrainingGradAttrs {
  relu: boolean;
}

/* ───────────────────────── pointwise ───────────────────────── */

/** y = max(0, x), exactly the backend's Relu (its own kernel name so that its gradient is ZooReluGrad). Inputs: x. Outputs: [y]. */
export const ZooRelu = 'ZooRelu';
export type ZooReluInputs = { x: TensorInfo };

/** ∂x = ∂y where y > 0, else 0 (a select, as PyTorch's threshold_backward). Inputs: dy, y (same shape). Outputs: [dx]. */
export const ZooReluGrad = 'ZooReluGrad';
export type ZooReluGradInputs = { dy: TensorInfo; y: TensorInfo };

/**
 * y = tanh(x) computed as 1 − 2/(e^{2x} + 1) (x itself where |x| < 1e-4 or x is NaN). Inputs: x float32. Outputs: [y].
 */
export const ZooTanh = 'ZooTanh';
export type ZooTanhInputs = { x: TensorInfo };

/** ∂x = ∂y·(1 − y²). Inputs: dy, y. Outputs: [dx]. */
export const ZooTanhGrad = 'ZooTanhGrad';
export type ZooTanhGradInputs = { dy: TensorInfo; y: TensorInfo };

/**
 * The mask streams of ZooDropout (both keep each value with probability 1 − rate):
 *  - 'mulberry32': u_i = mulberry32(seed) draw i / 2³², keep_i = u_i ≥ rate (core's `dropout`)
 *  - 'xorshift32-16': one xorshift32 (13, 17, 5) step per two values, its low then high 16 bits as
 *    uniforms, keep_i = u16 ≥ round(rate·65536) (plugin-gnn's former `fastDropout`)
 * `dropoutMask` (ops/dropout-mask.ts) generates either; every backend must use it or the same draws.
 */
export type DropoutStream = 'mulberry32' | 'xorshift32-16';

/**
 * Inverted dropout with a seeded mask: y_i = x_i·(keep_i·scale) (the product in float64, rounded once).
 * Inputs: x float32. Attrs: rate ∈ (0, 1), seed (an int32 from the caller's generator), stream, scale
 * (= 1/(1 − rate), given so forward and backward use one number).
 * Outputs: [y (x's shape), keep (x's shape, bool: 1 kept, 0 dropped)].
 */
export const ZooDropout = 'ZooDropout';
export type ZooDropoutInputs = { x: TensorInfo };
export interface ZooDropoutAttrs {
  rate: number;
  seed: number;
  stream: DropoutStream;
  scale: number;
}

/**
 * ∂x_i = ∂y_i·(keep_i·s) with s = `scale` (mulberry32: 1/(1 − rate); xorshift32-16: that number rounded
 * to float32, as the former fastDropout stored its mask). Inputs: dy, keep. Attrs: scale. Outputs: [dx].
 */
export const ZooDropoutGrad = 'ZooDropoutGrad';
export type ZooDropoutGradInputs = { dy: TensorInfo; keep: TensorInfo };
export interface ZooDropoutGradAttrs {
  scale: number;
}

/* ───────────────────────── rows and columns ───────────────────────── */

/** Y_i = X_{index_i} for X [n, k] and index [m] int32 (each in [0, n)). Inputs: x, indices. Outputs: [y [m, k]]. */
export const ZooGatherRows = 'ZooGatherRows';
export type ZooGatherRowsInputs = { x: TensorInfo; indices: TensorInfo };

/** ∂X = Σ_i e_{index_i}·∂Y_i (scatter-add in i order), O(m·k). Inputs: dy [m, k], indices [m]. Attrs: rows (n). Outputs: [dx [n, k]]. */
export const ZooScatterAddRows = 'ZooScatterAddRows';
export type ZooScatterAddRowsInputs = { dy: TensorInfo; indices: TensorInfo };
export interface ZooScatterAddRowsAttrs {
  rows: number;
}

/** [X₀ ‖ X₁ ‖ …] for Xₚ [n, kₚ] (two or more). Inputs: the tensors as an array (keys '0', '1', …, as tfjs's Concat). Outputs: [y [n, Σkₚ]]. */
export const ZooConcatColumns = 'ZooConcatColumns';
export type ZooConcatColumnsInputs = TensorInfo[];

/** The inverse of ZooConcatColumns: dy [n, Σkₚ] split into [n, kₚ] column blocks. Inputs: dy. Attrs: widths (kₚ). Outputs: one per width. */
export const ZooSplitColumns = 'ZooSplitColumns';
export type ZooSplitColumnsInputs = { dy: TensorInfo };
export interface ZooSplitColumnsAttrs {
  widths: number[];
}

/* ───────────────────────── sparse × dense ───────────────────────── */

/**
 * Y = A·X for a constant CSR matrix A (rows × cols) and dense X [cols, k], O(nnz·k):
 *   Y_ij = Σ_{p ∈ row i} values_p · X_{indices_p, j}   (nonzeros in storage order)
 * Inputs: x float32 [cols, k]. Attrs: a (the CsrMatrix object; validated by its constructor and
 * `checkCsr`). Outputs: [y [rows, k]]. The gradient ∂X = Aᵀ·∂Y is this kernel with `a.transpose()`.
 */
export const ZooCsrMatMul = 'ZooCsrMatMul';
export type ZooCsrMatMulInputs = { x: TensorInfo };
export interface ZooCsrMatMulAttrs {
  a: CsrMatrix;
}

/* ───────────────────────── video (MVFNet, TSM) ───────────────────────── */

/**
 * Which views a ZooMultiViewConv has: 'T' always, then 'H' and/or 'W' (in that order): 'T', 'TH', 'TW', 'THW'.
 * The kernels' weight inputs follow this order.
 */
export type MultiViewConvViews = 'T' | 'TH' | 'TW' | 'THW';

/**
 * Multi-view depthwise convolution (MVFNet's MVF module) of x [N, T, H, W, C] with per-channel 3-tap kernels
 * w_v [3, C] for each view v ∈ `views`, zero padding 1, cross-correlation, out-of-range neighbours 0:
 *   y[n,t,h,w,c] = Σ_{v ∈ views} Σ_{j=0..2} w_v[j,c]·x[(n,t,h,w) + (j − 1)·e_v, c]
 * (e_T, e_H, e_W: one step along T, H, W). Inputs: an array [x, w_T, (w_H), (w_W)] (keys '0', '1', …, as tfjs's
 * Concat; only the views in `views`). Attrs: views. Outputs: [y (x's shape)].
 */
export const ZooMultiViewConv = 'ZooMultiViewConv';
export type ZooMultiViewConvInputs = TensorInfo[];
export interface ZooMultiViewConvAttrs {
  views: MultiViewConvViews;
}

/**
 * Both gradients of ZooMultiViewConv in one pass over dy:
 *   ∂x = the same convolution of dy with each kernel's taps reversed (w_v[2 − j, c])
 *   ∂w_v[j, c] = Σ_{n,t,h,w} dy[n,t,h,w,c]·x[(n,t,h,w) + (j − 1)·e_v, c]   (sums in float64)
 * Inputs: an array [dy, x, w_T, (w_H), (w_W)]. Attrs: views. Outputs: [dx, ∂w_T, (∂w_H), (∂w_W)]. When one tensor
 * is passed for several views (MVFNet's `share`), the tape adds its gradients.
 */
export const ZooMultiViewConvGrad = 'ZooMultiViewConvGrad';
export type ZooMultiViewConvGradInputs = TensorInfo[];
export type ZooMultiViewConvGradAttrs = ZooMultiViewConvAttrs;

/**
 * Hard swish, y = x·(min(max(x + 3, 0), 6)/6), each step rounded to float32 as tfjs's composition
 * mul(x, div(relu6(add(x, 3)), 6)) does (the same bits). Inputs: x float32. Outputs: [y].
 */
export const ZooHardSwish = 'ZooHardSwish';
export type ZooHardSwishInputs = { x: TensorInfo };

/**
 * ∂x = 0 for x ≤ −3, ∂y·(2x + 3)/6 for −3 < x ≤ 3, ∂y for x > 3 (the composition's gradient, kinks
 * included: relu6's mask is 0 < x + 3 ≤ 6). Inputs: dy, x. Outputs: [dx].
 */
export const ZooHardSwishGrad = 'ZooHardSwishGrad';
export type ZooHardSwishGradInputs = { dy: TensorInfo; x: TensorInfo };

/**
 * Temporal shift (TSM) of frames x [N·T, H, W, C], T = `segments`, fold = `fold` (2·fold ≤ C):
 *   reverse = false:  y[t, …, 0:fold] = x[t + 1, …] (0 at t = T − 1), y[t, …, fold:2·fold] = x[t − 1, …] (0 at t = 0)
 *   reverse = true:   the opposite shift (y[t, …, 0:fold] = x[t − 1, …], y[t, …, fold:2·fold] = x[t + 1, …])
 *   and y[t, …, 2·fold:] = x[t, …]. Each is the other's gradient, so the kernel is its own gradient
 * kernel with `reverse` flipped. Inputs: x. Attrs: segments, fold, reverse. Outputs: [y (x's shape)].
 */
export const ZooTemporalShift = 'ZooTemporalShift';
export type ZooTemporalShiftInputs = { x: TensorInfo };
export interface ZooTemporalShiftAttrs {
  segments: number;
  fold: number;
  reverse: boolean;
}

/**
 * One SGD-with-momentum step of one variable (PyTorch's `SGD(momentum, nesterov, weight_decay)` after
 * `clip_grad_norm_`; tfjs's MomentumOptimizer when gradScale = 1 and weightDecay = 0), every step rounded to
 * float32 in the order of the tfjs composition, so the bits are the composition's:
 *   g' = (g·gradScale) + (v·weightDecay)  (no decay term when weightDecay = 0)      a' = (a·momentum) + g'
 *   v' = ((g' + a'·momentum)·(−lr)) + v   (nesterov)      v' = (a'·(−lr)) + v   (otherwise)
 * with −lr and momentum as float32 scalars. Not differentiable (an optimizer's update).
 * Inputs: value, grad, accum (one shape). Attrs: lr, momentum, gradScale, weightDecay, nesterov, and reuseInputs:
 * the caller replaces value and accum by the outputs (an optimizer's variables), so a backend may write the outputs
 * into their arrays when no other tensor holds them (blas does; the values are the same either way).
 * Outputs: [value', accum'].
 */
export const ZooSgdUpdate = 'ZooSgdUpdate';
export type ZooSgdUpdateInputs = { value: TensorInfo; grad: TensorInfo; accum: TensorInfo };
export interface ZooSgdUpdateAttrs {
  lr: number;
  momentum: number;
  gradScale: number;
  weightDecay: number;
  nesterov: boolean;
  reuseInputs?: boolean;
}

/**
 * s = Σ_p Σ_j X_p[j]² over one or more float32 tensors of any shapes, accumulated in float64 and rounded to
 * float32 once (a global gradient norm's square, an L2 penalty): one read pass per tensor, no squared temporaries.
 * Inputs: the tensors as an array (keys '0', '1', …). Outputs: [s (a scalar)]. ∂X_p = 2·X_p·∂s.
 */
export const ZooSumOfSquares = 'ZooSumOfSquares';
export type ZooSumOfSquaresInputs = TensorInfo[];

/** Every Zoo* kernel name, for backends that register them all and for the testing helper. */
export const ZOO_KERNEL_NAMES = [
  ZooSoftmaxCrossEntropy,
  ZooSoftmaxCrossEntropyGrad,
  ZooBatchNormTraining,
  ZooBatchNormTrainingGrad,
  ZooRelu,
  ZooReluGrad,
  ZooTanh,
  ZooTanhGrad,
  ZooDropout,
  ZooDropoutGrad,
  ZooGatherRows,
  ZooScatterAddRows,
  ZooConcatColumns,
  ZooSplitColumns,
  ZooCsrMatMul,
  ZooMultiViewConv,
  ZooMultiViewConvGrad,
  ZooHardSwish,
  ZooHardSwishGrad,
  ZooTemporalShift,
  ZooSgdUpdate,
  ZooSumOfSquares,
] as const;
export type ZooKernelName = (typeof ZOO_KERNEL_NAMES)[number];

/** Attrs as tfjs's runKernel takes them (its NamedAttrMap has no object-valued attrs). */
export const asAttrs = <T extends object>(attrs: T): NamedAttrMap => attrs as unknown as NamedAttrMap;
