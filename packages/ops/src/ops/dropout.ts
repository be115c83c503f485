import { dispose, dropout as tfDropout, mul, tensor, tidy, type Tensor } from '@tensorflow/tfjs-core';
import { ZooDropout, type DropoutStream } from '../kernel-names';
import { backendHasKernel, runKernel } from '../run-kernel';
import { dropoutMask } from './dropout-mask';

/** The generator a dropout draws its seed from (core's `Rng` is one). */
export interface SeedSource {
  /** A uniform draw in [0, 1). */
  next(): number;
  /** An int32 seed. */
  nextSeed(): number;
}

export interface DropoutOptions {
  /**
   * The mask stream (kernel-names.ts): 'mulberry32' (default; one `nextSeed()` draw) or 'xorshift32-16'
   * (one `next()` draw; graph models' former fastDropout, rate resolved to 1/65536).
   */
  stream?: DropoutStream;
}

/**
 * Inverted dropout: y = x·m/(1 − rate) with m_i ~ Bernoulli(1 − rate) from a stream seeded by one draw of
 * `rng`; ∂x = ∂y·m/(1 − rate). Deterministic for a given rng state. rate 0 returns a copy.
 * With ZooDropout (blas, cpu, wasm) the mask is one loop and the gradient one pass; elsewhere the
 * mulberry32 stream is tf.dropout seeded by the same draw, the xorshift32-16 stream its mask as a tensor.
 */
export function dropout<T extends Tensor>(x: T, rate: number, rng: SeedSource, opts: DropoutOptions = {}): T {
  const stream = opts.stream ?? 'mulberry32';
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be in [0, 1), got ${rate}`);
  if (rate === 0) return x.clone();
  const scale = 1 / (1 - rate);
  const draw = stream === 'xorshift32-16' ? (Math.floor(rng.next() * 4294967295) | 1) >>> 0 : rng.nextSeed();
  const seed = stream === 'xorshift32-16' ? draw : draw | 0;
  if (x.dtype === 'float32' && backendHasKernel(ZooDropout)) {
    const [y, keep] = runKernel(ZooDropout, { x }, { rate, seed, stream, scale });
    dispose(keep);
    return y as T;
  }
  if (stream === 'mulberry32') return tfDropout(x, rate, undefined, draw) as T;
  return tidy(() => {
    const keep = dropoutMask(stream, seed, rate, x.size);
    const m = new Float32Array(keep.length);
    for (let i = 0; i < m.length; i++) m[i] = keep[i] * scale;
    return mul(x, tensor(m, x.shape)) as T;
  });
}
