import { DUAL_AMN_WASM_BASE64 } from './dual-amn-wasm';
import { reserve, simdModule, type WasmMemory } from '@zoo/core';

/**
 * The WebAssembly SIMD passes of the relational attention layer (dual-amn.wat). V8 does not
 * vectorize JS loops; on DBP15K (E = 260k edges, d = 128) the forward pass takes ~250 ms as a JS loop.
 * Unusable (no wasm SIMD, ZOO_NO_SIMD=1, d not a multiple of 4, over 2 GiB): the functions return null
 * and the caller runs its JS loop.
 */
interface AttentionModule {
  memory: WasmMemory;
  forward: (...args: number[]) => void;
  backward: (...args: number[]) => void;
  tanhInPlace: (x: number, n: number) => void;
  tanhGrad: (g: number, y: number, n: number) => void;
}

const instance = () => simdModule<AttentionModule>(DUAL_AMN_WASM_BASE64);

type Arr = Int32Array | Float32Array;

/**
 * Lays `arrays` (copied in; a number reserves that many zeroed floats) out in the module's memory,
 * 16-byte aligned; returns their byte offsets, or null when it does not fit.
 */
function place(m: AttentionModule, arrays: (Arr | number)[]): number[] | null {
  const offsets: number[] = [];
  let at = 0;
  for (const a of arrays) {
    offsets.push(at);
    at += (((typeof a === 'number' ? a : a.length) * 4 + 15) & ~15);
  }
  if (!reserve(m, at)) return null;
  const buf = m.memory.buffer;
  arrays.forEach((a, i) => {
    if (typeof a === 'number') new Float32Array(buf, offsets[i], a).fill(0);
    else if (a instanceof Int32Array) new Int32Array(buf, offsets[i], a.length).set(a);
    else new Float32Array(buf, offsets[i], a.length).set(a);
  });
  return offsets;
}

const read = (m: AttentionModule, offset: number, n: number) => new Float32Array(m.memory.buffer, offset, n).slice();

export interface AttentionGraph {
  edgePtr: Int32Array;
  dst: Int32Array;
  kind: Int32Array;
}

/** out [N·d] (tanh applied with `tanh`) and dots [E] (h_j·u_k per edge), or null (see above). */
export function attentionForwardSimd(g: AttentionGraph, alpha: Float32Array, h: Float32Array, u: Float32Array, N: number, d: number, tanh = false): { out: Float32Array; dots: Float32Array } | null {
  const m = instance();
  if (!m || d % 4 !== 0 || d === 0) return null;
  const E = g.dst.length;
  const at = place(m, [g.edgePtr, g.dst, g.kind, alpha, E, h, u, N * d]);
  if (!at) return null;
  m.forward(at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7], N, d);
  if (tanh) m.tanhInPlace(at[7], N * d);
  return { out: read(m, at[7], N * d), dots: read(m, at[4], E) };
}

/**
 * dh [N·d], du [K·d] and ∂α [E] from the output gradient gOut [N·d], or null (see above). With `tanhOut`
 * (the forward output after tanh), gOut is first taken through the tanh: gOut·(1 − y²).
 */
export function attentionBackwardSimd(
  g: AttentionGraph,
  alpha: Float32Array,
  dots: Float32Array,
  h: Float32Array,
  u: Float32Array,
  gOut: Float32Array,
  N: number,
  d: number,
  tanhOut: Float32Array | null = null,
): { dh: Float32Array; du: Float32Array; dAlpha: Float32Array } | null {
  const m = instance();
  if (!m || d % 4 !== 0 || d === 0) return null;
  const E = g.dst.length;
  const K = u.length / d;
  const at = place(m, [g.edgePtr, g.dst, g.kind, alpha, dots, h, u, gOut, N * d, K * d, E, tanhOut ?? 0]);
  if (!at) return null;
  if (tanhOut) m.tanhGrad(at[7], at[11], N * d);
  m.backward(at[0], at[1], at[2], at[3], at[4], at[5], at[6], at[7], at[8], at[9], at[10], N, d);
  return { dh: read(m, at[8], N * d), du: read(m, at[9], K * d), dAlpha: read(m, at[10], E) };
}

/** tanh of every value through the module's SIMD tanh (what the attention's `activation: 'tanh'` uses), or null. */
export function tanhSimd(x: Float32Array): Float32Array | null {
  const m = instance();
  if (!m) return null;
  const n = (x.length + 3) & ~3;
  const at = place(m, [n]);
  if (!at) return null;
  new Float32Array(m.memory.buffer, at[0], x.length).set(x);
  m.tanhInPlace(at[0], n);
  return read(m, at[0], x.length);
}
