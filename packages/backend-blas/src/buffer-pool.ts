/**
 * Recycled output arrays. tfjs allocates a fresh Float32Array for every kernel output; for large ones
 * that is a zero-fill of the whole array (calloc) plus V8 garbage-collection pressure: a ResNet-18
 * training step allocates gigabytes and ran ~50 scavenges and ~25 mark-compacts per step ("external
 * memory pressure"), 10–20% of the step. This pool hands the backend's kernels arrays of disposed
 * tensors instead.
 *
 * An array is recycled only when it is provably dead:
 * - it was allocated here (`allocOutput`), so no user code created it;
 * - its tensor's data was disposed by tfjs (refCount 0, `BlasBackend.disposeData`);
 * - its buffer never escaped: `readSync`/`read`/`dataSync`/`array` mark it (the caller may keep the
 *   array), as do views or shared arrays that tfjs's own cpu kernels make of it (a contiguous `slice`
 *   returns a subarray; `markSharedOutputs` checks every fallback kernel's outputs, and
 *   `markOutputsSharingInputs` the outputs of the kernels that allocate here).
 * Recycled arrays are not zeroed: kernels that take them write every element.
 * ZOO_BLAS_POOL=0 turns the pool off; ZOO_BLAS_POOL_MB caps what it keeps.
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';

/** Below this many values a fresh array is cheap (no calloc of pages, little GC pressure). */
const MIN_VALUES = 16 * 1024;
/**
 * The most bytes kept for reuse (ZOO_BLAS_POOL_MB, default 1024), and arrays per length: a ResNet-18
 * step at batch 32 keeps ~30 activations of its largest size alive at once; with 16 per length and
 * 512 MB the pool missed ~180 MB of allocations per step.
 */
const MAX_POOLED_BYTES = Number(process.env.ZOO_BLAS_POOL_MB ?? 1024) * 1024 * 1024;
const MAX_PER_LENGTH = 64;

const owned = new WeakSet<ArrayBufferLike>();
const escaped = new WeakSet<ArrayBufferLike>();
const free = new Map<number, Float32Array[]>();
let pooledBytes = 0;
/** When each length was last asked for (a counter of allocOutput calls): the pool evicts the stalest lengths first. */
const lastAsked = new Map<number, number>();
let asks = 0;
let enabled = process.env.ZOO_BLAS_POOL !== '0';
export const poolCounters = { allocated: 0, reused: 0, released: 0 };

/** An array of n values for a kernel output; its contents are arbitrary (a kernel must write them all). */
export function allocOutput(n: number): Float32Array {
  if (enabled && n >= MIN_VALUES) {
    lastAsked.set(n, ++asks);
    const list = free.get(n);
    const a = list?.pop();
    if (a) {
      pooledBytes -= a.byteLength;
      poolCounters.reused++;
      return a;
    }
    const fresh = new Float32Array(n);
    owned.add(fresh.buffer);
    poolCounters.allocated++;
    return fresh;
  }
  return new Float32Array(n);
}

/** An array of n zeros (a recycled one is cleared). */
export function allocZeroed(n: number): Float32Array {
  const a = allocOutput(n);
  if (owned.has(a.buffer)) a.fill(0);
  return a;
}

/** The array's buffer may be referenced outside the backend: never recycle it. */
export function markEscaped(values: unknown): void {
  const buffer = (values as { buffer?: ArrayBufferLike } | null)?.buffer;
  if (buffer && owned.has(buffer)) escaped.add(buffer);
}

/**
 * A dead, whole, pool-allocated array goes back to the pool: called when tfjs frees a tensor's data,
 * and by kernels for their own temporaries (allocOutput'ed, never handed out).
 */
export function release(values: unknown): void {
  if (!enabled || !(values instanceof Float32Array)) return;
  const buffer = values.buffer;
  if (!owned.has(buffer) || escaped.has(buffer) || values.byteOffset !== 0 || values.byteLength !== buffer.byteLength) return;
  const list = free.get(values.length) ?? [];
  if (list.length >= MAX_PER_LENGTH || list.includes(values)) return;
  if (pooledBytes + values.byteLength > MAX_POOLED_BYTES && !evictStalerThan(values.length, values.byteLength)) return;
  list.push(values);
  free.set(values.length, list);
  pooledBytes += values.byteLength;
  poolCounters.released++;
}

/**
 * Frees pooled arrays of lengths asked for less recently than `length` (stalest first) until `bytes` more fit
 * under the cap; false (nothing evicted) when they would not. Without it, arrays of a workload that is over (a
 * ResNet-50 step's, then a small model's in the same process) filled the cap for good and every array of the new
 * shapes was a fresh, page-faulted allocation: the small model's step ran 2–3× slower than in a fresh process.
 */
function evictStalerThan(length: number, bytes: number): boolean {
  const mine = lastAsked.get(length) ?? 0;
  const stale = [...free.keys()].filter((n) => (lastAsked.get(n) ?? 0) < mine).sort((a, b) => (lastAsked.get(a) ?? 0) - (lastAsked.get(b) ?? 0));
  let room = MAX_POOLED_BYTES - pooledBytes;
  for (const n of stale) {
    if (room >= bytes) break;
    room += free.get(n)!.reduce((t, a) => t + a.byteLength, 0);
  }
  if (room < bytes) return false;
  for (const n of stale) {
    if (MAX_POOLED_BYTES - pooledBytes >= bytes) break;
    for (const a of free.get(n)!) pooledBytes -= a.byteLength;
    free.delete(n);
  }
  return true;
}

/**
 * After a kernel that does not allocate from the pool (tfjs's own cpu kernels): any output whose
 * values live in a pool buffer without being an input's own data (a view, or an input's array under a
 * new id) shares memory the pool does not track, so that buffer is never recycled.
 */
export function markSharedOutputs(inputs: Record<string, TensorInfo | undefined>, outputs: TensorInfo | TensorInfo[], valuesOf: (t: TensorInfo) => unknown): void {
  // (runs after every tfjs kernel on blas: no allocation here)
  for (const o of Array.isArray(outputs) ? outputs : [outputs]) {
    if (!o) continue;
    let input = false;
    for (const k in inputs) if (inputs[k]?.dataId === o.dataId) input = true;
    if (!input) markEscaped(valuesOf(o));
  }
}

/**
 * After a kernel that allocates its outputs from the pool (the Zoo kernels, through `allocOutput`):
 * those arrays are the kernel's own and go back to the pool when disposed; only an output whose values
 * live in an input's buffer (the input's array under a new id, or a view of it) is kept out of it.
 * (markSharedOutputs would mark every output, and so no Zoo kernel's output would ever be recycled.)
 */
export function markOutputsSharingInputs(inputs: Record<string, TensorInfo | undefined>, outputs: TensorInfo | TensorInfo[], valuesOf: (t: TensorInfo) => unknown): void {
  for (const o of Array.isArray(outputs) ? outputs : [outputs]) {
    if (!o) continue;
    const buffer = (valuesOf(o) as { buffer?: ArrayBufferLike } | null)?.buffer;
    if (!buffer || !owned.has(buffer)) continue;
    for (const k in inputs) {
      const t = inputs[k];
      if (t && t.dataId !== o.dataId && (valuesOf(t) as { buffer?: ArrayBufferLike } | null)?.buffer === buffer) escaped.add(buffer);
    }
  }
}

/** Turns the pool off or on (tests); returns the previous setting. Turning it off empties it. */
export function setBufferPool(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  if (!on) {
    free.clear();
    lastAsked.clear();
    pooledBytes = 0;
  }
  return was;
}

/** Whether the pool is on and the most megabytes it keeps (ZOO_BLAS_POOL, ZOO_BLAS_POOL_MB). */
export function poolSettings(): { on: boolean; capMegabytes: number } {
  return { on: enabled, capMegabytes: MAX_POOLED_BYTES / (1024 * 1024) };
}

export function pooledMegabytes(): number {
  return pooledBytes / 1e6;
}
