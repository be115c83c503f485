import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { ZooSoftmaxCrossEntropy, ZooSoftmaxCrossEntropyGrad } from '@zoo/ops';
import { out, type KernelArgs } from '../kernel-utils';
import { withReference } from './reference';
import { nativeKernels, type NativeKernels } from '../native';
import { allocOutput } from '../buffer-pool';

/**
 * ZooSoftmaxCrossEntropy and its gradient on blas with the C row passes (native/softmax.c), rows split
 * over the cores with a vectorized exp, for B rows of C logits (kernel-names.ts has the equations):
 *   forward   softmaxRows: p_ic = softmax(z_i)_c, lse_i = log Σ_c e^z_ic   (float64 lse)
 *             sparse: L = (1/B)·Σ_i (lse_i − z_{i,k_i}) (float64 sum here); dense: xentDense's Σ_i Σ_c y_ic·(lse_i − z_ic)
 *   backward  xentGrad: dz_ic = g·mass_i·p_ic − g·y_ic,  g = dy/B
 * Labels are read as the backend stores them (tfjs keeps oneHot's int32 output as floats). Below 4096
 * logits, or without the C library, or with sparse labels not stored as Int32Array, the @zoo/ops
 * reference kernel runs (the same row passes in JS). Probabilities and ∂z come from the output-array pool.
 */
const NATIVE_MIN = 4096;

type Labels = Float32Array | Int32Array;

/** The C kernels when they take these labels (the same test the forward and backward passes make). */
function cKernelsFor(n: number, labels: unknown, sparse: boolean): NativeKernels | undefined {
  if (n < NATIVE_MIN) return undefined;
  const ok = sparse ? labels instanceof Int32Array : labels instanceof Float32Array || labels instanceof Int32Array;
  return ok ? nativeKernels() : undefined;
}

function values(backend: KernelArgs['backend'], t: TensorInfo): unknown {
  return backend.data.get(t.dataId).values;
}

export function softmaxCrossEntropyKernels(): KernelConfig[] {
  const forward = withReference(ZooSoftmaxCrossEntropy, ({ inputs, backend }: KernelArgs) => {
    const { logits, labels } = inputs;
    if (logits.dtype !== 'float32' || logits.shape.length !== 2) return null;
    const [B, C] = logits.shape;
    const z = values(backend, logits);
    const y = values(backend, labels);
    const sparse = labels.shape.length === 1;
    if (!(z instanceof Float32Array)) return null;
    const native = cKernelsFor(z.length, y, sparse);
    if (!native) return null;
    const zv = z;
    const p = allocOutput(zv.length); // every value written by softmaxRows
    const rowMass = new Float32Array(B);
    const lse = new Float64Array(B);
    native.softmaxRows(zv, B, C, p, lse);
    let total = 0;
    if (sparse) {
      const k = y as Int32Array;
      for (let i = 0; i < B; i++) {
        if (!(k[i] >= 0 && k[i] < C)) throw new Error(`softmaxCrossEntropy: label ${k[i]} at row ${i} is outside [0, ${C})`);
        total += lse[i] - zv[i * C + k[i]];
        rowMass[i] = 1;
      }
    } else total = native.xentDense(zv, y as Labels, lse, B, C, rowMass);
    return [out(backend, [], Float32Array.of(total / B)), out(backend, [B, C], p), out(backend, [B], rowMass)];
  });

  const backward = withReference(ZooSoftmaxCrossEntropyGrad, ({ inputs, backend }: KernelArgs) => {
    const { dy, probs, labels, rowMass } = inputs;
    if (probs.dtype !== 'float32' || probs.shape.length !== 2) return null;
    const [B, C] = probs.shape;
    const p = values(backend, probs);
    const y = values(backend, labels);
    const mass = values(backend, rowMass);
    const sparse = labels.shape.length === 1;
    if (!(p instanceof Float32Array) || !(mass instanceof Float32Array)) return null;
    const native = cKernelsFor(p.length, y, sparse);
    if (!native) return null;
    const g = (values(backend, dy) as ArrayLike<number>)[0] / B;
    const d = allocOutput(p.length); // every value written by xentGrad
    native.xentGrad(p, sparse ? null : (y as Labels), sparse ? (y as Int32Array) : null, mass, g, B, C, d);
    return out(backend, [B, C], d);
  });
  return [forward, backward];
}
