import { add, depthwiseConv2d, reshape, type Tensor, type Tensor2D, type Tensor4D } from '@tensorflow/tfjs-core';
import { ZooMultiViewConv, type MultiViewConvViews } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * Multi-view depthwise convolution (MVFNet, Wu et al. AAAI 2021, §3.2 and the code's `MVF.forward`): for a
 * clip tensor x [N, T, H, W, c] and per-channel 3-tap kernels w_T, w_H, w_W [3, c], zero padding 1, no bias,
 *   y[n,t,h,w,k] = Σ_{j=0..2} w_T[j,k]·x[n,t+j−1,h,w,k] + w_H[j,k]·x[n,t,h+j−1,w,k] + w_W[j,k]·x[n,t,h,w+j−1,k]
 * (cross-correlation, as PyTorch's Conv3d with kernels 3×1×1, 1×3×1, 1×1×3 and groups = c). `wH`/`wW` absent:
 * that view is left out (modes `T` and `TH`). y has x's shape. One tensor may be passed for several views
 * (the code's `share`): its gradient is the sum over them.
 * Where the backend registers ZooMultiViewConv (blas, cpu, wasm; float32) the forward is one pass and the
 * backward (∂x and every ∂w) one more, instead of three depthwise convolutions, their reshapes and adds.
 */
export function multiViewConv(x: Tensor, wT: Tensor2D, wH?: Tensor2D, wW?: Tensor2D): Tensor {
  checkMultiViewConv(x, wT, wH, wW);
  const ws = [wT, wH, wW].filter((w): w is Tensor2D => w !== undefined);
  if (![x, ...ws].every((t) => t.dtype === 'float32') || !backendHasKernel(ZooMultiViewConv)) return multiViewConvComposition(x, wT, wH, wW);
  const views = `T${wH ? 'H' : ''}${wW ? 'W' : ''}` as MultiViewConvViews;
  return runKernel(ZooMultiViewConv, [x, ...ws], { views })[0];
}

function checkMultiViewConv(x: Tensor, wT: Tensor2D, wH?: Tensor2D, wW?: Tensor2D): void {
  if (x.rank !== 5) throw new Error(`multiViewConv: expected x [N, T, H, W, c], got [${x.shape.join(', ')}]`);
  const c = x.shape[4];
  for (const [name, k] of [['wT', wT], ['wH', wH], ['wW', wW]] as const) {
    if (k && (k.rank !== 2 || k.shape[0] !== 3 || k.shape[1] !== c)) throw new Error(`multiViewConv: ${name} must be [3, ${c}], got [${k.shape.join(', ')}]`);
  }
}

/** The plain tfjs composition: one depthwise conv per view on a reshaped view of x. */
export function multiViewConvComposition(x: Tensor, wT: Tensor2D, wH?: Tensor2D, wW?: Tensor2D): Tensor {
  checkMultiViewConv(x, wT, wH, wW);
  const [n, t, h, w, c] = x.shape;
  const alongRows = (k: Tensor2D) => reshape(k, [3, 1, c, 1]) as Tensor4D;
  const alongCols = (k: Tensor2D) => reshape(k, [1, 3, c, 1]) as Tensor4D;
  // T: rows are frames, one column per pixel
  let y: Tensor = reshape(depthwiseConv2d(reshape(x, [n, t, h * w, c]) as Tensor4D, alongRows(wT), 1, 'same'), x.shape);
  const frames = reshape(x, [n * t, h, w, c]) as Tensor4D;
  if (wH) y = add(y, reshape(depthwiseConv2d(frames, alongRows(wH), 1, 'same'), x.shape));
  if (wW) y = add(y, reshape(depthwiseConv2d(frames, alongCols(wW), 1, 'same'), x.shape));
  return y;
}
