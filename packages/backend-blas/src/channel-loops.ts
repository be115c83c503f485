import { nativeKernels, type NativeKernels } from './native';

/**
 * Per-channel passes over an [R, C] view of a channels-last tensor (batch norm's statistics, scaling
 * and gradient): the C kernels when they are loaded, else these typed-array loops (same results up to
 * float rounding). Used by this backend's FusedBatchNorm and by @zoo/core's batchNormTraining.
 */
export type ChannelKernels = Pick<NativeKernels, 'channelMoments' | 'scaleShift' | 'bnBackwardSums' | 'bnBackwardApply'>;

/** Σ(x − k) and Σ(x − k)² in float64 with k = the first row (one pass, no cancellation for |mean| ≫ σ). */
function channelMoments(x: Float32Array, R: number, C: number, mean: Float64Array, variance: Float64Array): void {
  const s = new Float64Array(C);
  const ss = new Float64Array(C);
  const k = x.slice(0, C);
  for (let i = 0; i < R * C; i += C) {
    for (let c = 0; c < C; c++) {
      const d = x[i + c] - k[c];
      s[c] += d;
      ss[c] += d * d;
    }
  }
  for (let c = 0; c < C; c++) {
    const m = s[c] / R;
    mean[c] = k[c] + m;
    variance[c] = Math.max(0, ss[c] / R - m * m);
  }
}

function scaleShift(x: Float32Array, scale: Float32Array, shift: Float32Array, y: Float32Array, R: number, C: number, relu: boolean): void {
  if (relu) {
    for (let i = 0; i < R * C; i += C) {
      for (let c = 0; c < C; c++) {
        const v = x[i + c] * scale[c] + shift[c];
        y[i + c] = v > 0 || v !== v ? v : 0;
      }
    }
  } else for (let i = 0; i < R * C; i += C) for (let c = 0; c < C; c++) y[i + c] = x[i + c] * scale[c] + shift[c];
}

function bnBackwardSums(dy: Float32Array, x: Float32Array, y: Float32Array | null, mean: Float32Array, R: number, C: number, sdy: Float64Array, sdyx: Float64Array): void {
  sdy.fill(0);
  sdyx.fill(0);
  for (let i = 0; i < R * C; i += C) {
    for (let c = 0; c < C; c++) {
      const g = y === null || y[i + c] > 0 ? dy[i + c] : 0;
      sdy[c] += g;
      sdyx[c] += g * (x[i + c] - mean[c]);
    }
  }
}

function bnBackwardApply(dy: Float32Array, x: Float32Array, y: Float32Array | null, k1: Float32Array, k2: Float32Array, k3: Float32Array, dx: Float32Array, R: number, C: number): void {
  for (let i = 0; i < R * C; i += C) {
    for (let c = 0; c < C; c++) {
      const g = y === null || y[i + c] > 0 ? dy[i + c] : 0;
      dx[i + c] = k1[c] * g + k2[c] * x[i + c] + k3[c];
    }
  }
}

const jsChannelKernels: ChannelKernels = { channelMoments, scaleShift, bnBackwardSums, bnBackwardApply };

/** The C kernels when loaded (and the tensor is not tiny), else the JS loops. */
export function channelKernels(values = Infinity): ChannelKernels {
  return (values >= 4096 && nativeKernels()) || jsChannelKernels;
}
