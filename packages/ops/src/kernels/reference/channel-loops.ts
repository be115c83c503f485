/**
 * Batch norm's per-channel passes over an [R, C] view of a channels-last tensor (moments, scale-shift,
 * backward sums and apply): the typed-array loops of the reference ZooBatchNormTraining kernels. A
 * backend with faster passes (blas's C kernels) gives them to `batchNormTrainingWith` / `batchNormGradWith`.
 */
export interface ChannelPasses {
  channelMoments(x: Float32Array, R: number, C: number, mean: Float64Array, variance: Float64Array): void;
  scaleShift(x: Float32Array, scale: Float32Array, shift: Float32Array, y: Float32Array, R: number, C: number, relu: boolean): void;
  bnBackwardSums(dy: Float32Array, x: Float32Array, y: Float32Array | null, mean: Float32Array, R: number, C: number, sdy: Float64Array, sdyx: Float64Array): void;
  bnBackwardApply(dy: Float32Array, x: Float32Array, y: Float32Array | null, k1: Float32Array, k2: Float32Array, k3: Float32Array, dx: Float32Array, R: number, C: number): void;
}

/** Σ(x − k) and Σ(x − k)² in float64 with k = the first row (one pass, no cancellation for |mean| ≫ σ). */
export function channelMoments(x: Float32Array, R: number, C: number, mean: Float64Array, variance: Float64Array): void {
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

/** y = x·scale + shift per channel, then max(0, ·) when relu (NaN kept). */
export function scaleShift(x: Float32Array, scale: Float32Array, shift: Float32Array, y: Float32Array, R: number, C: number, relu: boolean): void {
  if (relu) {
    for (let i = 0; i < R * C; i += C) {
      for (let c = 0; c < C; c++) {
        const v = x[i + c] * scale[c] + shift[c];
        y[i + c] = v > 0 || v !== v ? v : 0;
      }
    }
  } else for (let i = 0; i < R * C; i += C) for (let c = 0; c < C; c++) y[i + c] = x[i + c] * scale[c] + shift[c];
}

/** Σ g and Σ g·(x − μ) per channel (float64), g = dy masked by y > 0 when y is given. */
export function bnBackwardSums(dy: Float32Array, x: Float32Array, y: Float32Array | null, mean: Float32Array, R: number, C: number, sdy: Float64Array, sdyx: Float64Array): void {
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

/** dx = k1·g + k2·x + k3 per channel, g as in bnBackwardSums. */
export function bnBackwardApply(dy: Float32Array, x: Float32Array, y: Float32Array | null, k1: Float32Array, k2: Float32Array, k3: Float32Array, dx: Float32Array, R: number, C: number): void {
  for (let i = 0; i < R * C; i += C) {
    for (let c = 0; c < C; c++) {
      const g = y === null || y[i + c] > 0 ? dy[i + c] : 0;
      dx[i + c] = k1[c] * g + k2[c] * x[i + c] + k3[c];
    }
  }
}

/** The JS loops as one ChannelPasses. */
export const jsChannelPasses: ChannelPasses = { channelMoments, scaleShift, bnBackwardSums, bnBackwardApply };
