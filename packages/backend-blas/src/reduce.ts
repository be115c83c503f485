import { backend_util, util, type KernelConfig } from '@tensorflow/tfjs-core';
import { f32, out, withFallback, type KernelArgs } from './kernel-utils';
import { allocOutput } from './buffer-pool';

/**
 * Sum and Mean over a contiguous block of axes without transposing: the input is viewed as
 * [A, R, B] (A = leading kept dims, R = reduced, B = trailing kept dims) and reduced in one pass with
 * float64 accumulators. Batch-norm statistics over [N, H, W] of NHWC (B = C), global average pooling
 * over [H, W] and row sums are all this shape; tfjs's cpu kernel transposes first (a full copy with
 * index arithmetic per element). Non-contiguous axes fall back to cpu.
 */
function reduceKernel(name: 'Sum' | 'Mean', cpu: Map<string, KernelConfig>): KernelConfig {
  return withFallback(name, cpu, ({ inputs, backend, attrs }: KernelArgs) => {
    const { x } = inputs;
    if (x.dtype !== 'float32') return null;
    const rank = x.shape.length;
    const axes = util.parseAxisParam(attrs!.axis as number | number[], x.shape).sort((a, b) => a - b);
    for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1] + 1) return null;
    const size = (s: number[]) => s.reduce((p, q) => p * q, 1);
    const A = axes.length ? size(x.shape.slice(0, axes[0])) : size(x.shape);
    const R = axes.length ? size(x.shape.slice(axes[0], axes[axes.length - 1] + 1)) : 1;
    const B = axes.length ? size(x.shape.slice(axes[axes.length - 1] + 1)) : 1;
    const xv = f32(backend, x);
    const res = allocOutput(A * B);
    const acc = new Float64Array(B);
    const scale = name === 'Mean' ? 1 / Math.max(R, 1) : 1;
    for (let a = 0; a < A; a++) {
      const base = a * R * B;
      if (B === 1) {
        let s = 0;
        for (let r = 0; r < R; r++) s += xv[base + r];
        res[a] = s * scale;
        continue;
      }
      acc.fill(0);
      for (let r = 0; r < R; r++) {
        const o = base + r * B;
        for (let b = 0; b < B; b++) acc[b] += xv[o + b];
      }
      for (let b = 0; b < B; b++) res[a * B + b] = acc[b] * scale;
    }
    let shape = backend_util.computeOutAndReduceShapes(x.shape, axes)[0];
    if (attrs!.keepDims) shape = backend_util.expandShapeToKeepDim(shape, axes);
    void rank;
    return out(backend, shape, res);
  });
}

/** Tile: each output row (all dims but the last) copies its source row reps[last] times with set(). */
function tileKernel(cpu: Map<string, KernelConfig>): KernelConfig {
  return withFallback('Tile', cpu, ({ inputs, backend, attrs }: KernelArgs) => {
    const { x } = inputs;
    if (x.dtype !== 'float32' || x.shape.length === 0) return null;
    const reps = attrs!.reps as number[];
    const inShape = x.shape;
    const rank = inShape.length;
    const outShape = inShape.map((d, i) => d * reps[i]);
    const xv = f32(backend, x);
    const res = allocOutput(outShape.reduce((a, b) => a * b, 1));
    const inner = inShape[rank - 1];
    const outInner = outShape[rank - 1];
    const rows = res.length / Math.max(outInner, 1);
    const idx = new Array(rank - 1).fill(0); // odometer over the output's leading dims
    const inStrides = new Array(rank).fill(1);
    for (let d = rank - 2; d >= 0; d--) inStrides[d] = inStrides[d + 1] * inShape[d + 1];
    for (let row = 0; row < rows; row++) {
      let src = 0;
      for (let d = 0; d < rank - 1; d++) src += (idx[d] % inShape[d]) * inStrides[d];
      const line = xv.subarray(src, src + inner);
      for (let r = 0; r < reps[rank - 1]; r++) res.set(line, row * outInner + r * inner);
      for (let d = rank - 2; d >= 0; d--) {
        if (++idx[d] < outShape[d]) break;
        idx[d] = 0;
      }
    }
    return out(backend, outShape, res);
  });
}

export function reduceKernels(cpu: Map<string, KernelConfig>): KernelConfig[] {
  return [reduceKernel('Sum', cpu), reduceKernel('Mean', cpu), tileKernel(cpu)];
}
