import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import type { Blas } from './openblas';
import { allFloat32, f32, out, withFallback, type KernelArgs } from './kernel-utils';
import { allocOutput, allocZeroed } from './buffer-pool';

/** Batch shape broadcasting of two [..., r, c] shapes, and each output batch's source batch indices. */
function batchPlan(aShape: number[], bShape: number[]): { batchShape: number[]; aIdx: Int32Array; bIdx: Int32Array } | null {
  const ab = aShape.slice(0, -2);
  const bb = bShape.slice(0, -2);
  const rank = Math.max(ab.length, bb.length);
  const pa = [...new Array(rank - ab.length).fill(1), ...ab];
  const pb = [...new Array(rank - bb.length).fill(1), ...bb];
  const batchShape: number[] = [];
  for (let i = 0; i < rank; i++) {
    if (pa[i] !== pb[i] && pa[i] !== 1 && pb[i] !== 1) return null;
    batchShape.push(Math.max(pa[i], pb[i]));
  }
  const total = batchShape.reduce((x, y) => x * y, 1);
  const aIdx = new Int32Array(total);
  const bIdx = new Int32Array(total);
  for (let o = 0; o < total; o++) {
    let rem = o;
    let ia = 0;
    let ib = 0;
    let sa = 1;
    let sb = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const c = rem % batchShape[d];
      rem = Math.floor(rem / batchShape[d]);
      ia += (pa[d] === 1 ? 0 : c) * sa;
      ib += (pb[d] === 1 ? 0 : c) * sb;
      sa *= pa[d];
      sb *= pb[d];
    }
    aIdx[o] = ia;
    bIdx[o] = ib;
  }
  return { batchShape, aIdx, bIdx };
}

/** C[batch] = op(A)·op(B) by sgemm per batch, on the tensors' own Float32Arrays. */
export function blasMatMul(blas: Blas, backend: KernelArgs['backend'], a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): TensorInfo | null {
  if (!allFloat32(a, b) || a.shape.length < 2 || b.shape.length < 2) return null;
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const m = transposeA ? ac : ar;
  const k = transposeA ? ar : ac;
  const k2 = transposeB ? bc : br;
  const n = transposeB ? br : bc;
  if (k !== k2) return null; // let tfjs raise its own shape error
  const plan = batchPlan(a.shape, b.shape);
  if (!plan) return null;
  const av = f32(backend, a);
  const bv = f32(backend, b);
  const res = k === 0 ? allocZeroed(plan.aIdx.length * m * n) : allocOutput(plan.aIdx.length * m * n);
  for (let i = 0; i < plan.aIdx.length; i++) {
    const A = av.subarray(plan.aIdx[i] * ar * ac, (plan.aIdx[i] + 1) * ar * ac);
    const B = bv.subarray(plan.bIdx[i] * br * bc, (plan.bIdx[i] + 1) * br * bc);
    const C = res.subarray(i * m * n, (i + 1) * m * n);
    if (m * n * k === 0) continue;
    blas.sgemm(transposeA, transposeB, m, n, k, 1, A, ac, B, bc, 0, C, n);
  }
  return out(backend, [...plan.batchShape, m, n], res);
}

/** In place: y += bias (broadcast over the last dimension), then the activation. False if unsupported. */
export function biasAndActivation(
  y: Float32Array,
  cols: number,
  bias: Float32Array | undefined,
  activation: string | undefined,
  extra: { alpha?: number; prelu?: Float32Array },
): boolean {
  if (bias && bias.length !== cols && bias.length !== 1) return false;
  if (bias) {
    if (bias.length === 1) for (let i = 0; i < y.length; i++) y[i] += bias[0];
    else for (let i = 0; i < y.length; i += cols) for (let j = 0; j < cols; j++) y[i + j] += bias[j];
  }
  switch (activation ?? 'linear') {
    case 'linear':
      return true;
    case 'relu':
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = 0;
      return true;
    case 'relu6':
      for (let i = 0; i < y.length; i++) y[i] = Math.min(6, Math.max(0, y[i]));
      return true;
    case 'elu':
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] = Math.exp(y[i]) - 1;
      return true;
    case 'sigmoid':
      for (let i = 0; i < y.length; i++) y[i] = 1 / (1 + Math.exp(-y[i]));
      return true;
    case 'leakyrelu': {
      const a = extra.alpha ?? 0.2;
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] *= a;
      return true;
    }
    case 'prelu': {
      const p = extra.prelu;
      if (!p || (p.length !== cols && p.length !== 1)) return false;
      for (let i = 0; i < y.length; i++) if (y[i] < 0) y[i] *= p.length === 1 ? p[0] : p[i % cols];
      return true;
    }
    default:
      return false;
  }
}

export function matmulKernels(blas: Blas, cpu: Map<string, KernelConfig>): KernelConfig[] {
  return [
    withFallback('BatchMatMul', cpu, ({ inputs, backend, attrs }) =>
      blasMatMul(blas, backend, inputs.a, inputs.b, Boolean(attrs?.transposeA), Boolean(attrs?.transposeB)),
    ),
    withFallback('_FusedMatMul', cpu, ({ inputs, backend, attrs }) => {
      const { a, b } = inputs;
      const bias = inputs.bias as TensorInfo | undefined;
      const preluActivationWeights = inputs.preluActivationWeights as TensorInfo | undefined;
      if (!allFloat32(a, b, bias, preluActivationWeights)) return null;
      const y = blasMatMul(blas, backend, a, b, Boolean(attrs?.transposeA), Boolean(attrs?.transposeB));
      if (!y) return null;
      const yv = f32(backend, y);
      const n = y.shape[y.shape.length - 1];
      const ok = biasAndActivation(yv, n, bias && f32(backend, bias), attrs?.activation as string | undefined, {
        alpha: attrs?.leakyreluAlpha as number | undefined,
        prelu: preluActivationWeights && f32(backend, preluActivationWeights),
      });
      if (!ok) {
        backend.disposeIntermediateTensorInfo(y);
        return null;
      }
      return y;
    }),
  ];
}
