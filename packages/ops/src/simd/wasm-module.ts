/**
 * The one loader of the zoo's WebAssembly SIMD modules (*.wat files compiled to base64 by
 * `scripts/build-wasm.js`): ops' CSR × dense kernel (spmm.wat) and plugin-kg's Dual-AMN kernels.
 * One instance per module and thread; its memory grows to the largest call seen and is kept for reuse.
 * Null when wasm SIMD is unavailable or ZOO_NO_SIMD=1: callers run their JS loops.
 */
// (lib ES2022 has no WebAssembly types; the few used here)
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

const cache = new Map<string, unknown>();

/** The module's exports (instantiated once per base64 text), or null when wasm SIMD cannot run here. */
export function simdModule<T extends { memory: WasmMemory }>(base64: string): T | null {
  if (cache.has(base64)) return cache.get(base64) as T | null;
  let mod: T | null;
  try {
    if (process.env.ZOO_NO_SIMD === '1') throw new Error('disabled');
    mod = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64')), {}).exports as unknown as T;
  } catch {
    mod = null;
  }
  cache.set(base64, mod);
  return mod;
}

/** wasm32 operands are kept well inside its 4 GiB. */
export const MAX_WASM_BYTES = 2 ** 31;

/** Grows the module's memory to at least `bytes` (at most 2 GiB); false when it cannot. */
export function reserve(m: { memory: WasmMemory }, bytes: number): boolean {
  if (bytes > MAX_WASM_BYTES) return false;
  const have = m.memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    m.memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}
