import { SPMM_WASM_BASE64 } from './spmm-wasm';

/**
 * The WebAssembly SIMD CSR × dense kernel (spmm.wat): 5–9× the plain typed-array loop, because V8
 * does not vectorize JS loops (20k×128 X, 220k nonzeros: 7 ms in the kernel, 13 ms with the copies
 * into and out of wasm memory, 50–70 ms as a JS loop). One module instance per thread; its memory
 * grows to the largest product seen and is kept for reuse.
 */
// (lib ES2022 has no WebAssembly types; the few used here)
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

interface SpmmModule {
  memory: WasmMemory;
  spmm: (indptr: number, indices: number, values: number, x: number, y: number, r0: number, r1: number, k: number) => void;
}

let mod: SpmmModule | null | undefined;

function instance(): SpmmModule | null {
  if (mod !== undefined) return mod;
  try {
    if (process.env.ZOO_NO_SIMD === '1') throw new Error('disabled');
    const bytes = Buffer.from(SPMM_WASM_BASE64, 'base64');
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    mod = inst.exports as unknown as SpmmModule;
  } catch {
    mod = null; // no wasm SIMD (or ZOO_NO_SIMD=1): callers use their JS loop
  }
  return mod;
}

/** True when the SIMD kernel is usable in this process. */
export function simdAvailable(): boolean {
  return instance() !== null;
}

const MAX_BYTES = 2 ** 31; // stay well inside wasm32's 4 GiB

/**
 * out = A·X with the SIMD kernel, or false when it cannot run here (no wasm SIMD, k not a multiple
 * of 4, or more than 2 GiB of operands); the caller then runs its own loop.
 */
export function spmmSimd(
  rows: number,
  indptr: Int32Array,
  indices: Int32Array,
  values: Float32Array,
  x: Float32Array,
  k: number,
  out: Float32Array,
): boolean {
  const m = instance();
  if (!m || k % 4 !== 0 || k === 0) return false;
  const nnz = values.length;
  const align = (n: number) => (n + 15) & ~15;
  const offIndptr = 0;
  const offIndices = align(offIndptr + 4 * (rows + 1));
  const offValues = align(offIndices + 4 * nnz);
  const offX = align(offValues + 4 * nnz);
  const offY = align(offX + 4 * x.length);
  const need = offY + 4 * rows * k;
  if (need > MAX_BYTES) return false;
  const have = m.memory.buffer.byteLength;
  if (need > have) {
    try {
      m.memory.grow(Math.ceil((need - have) / 65536));
    } catch {
      return false;
    }
  }
  const buf = m.memory.buffer;
  new Int32Array(buf, offIndptr, rows + 1).set(indptr.subarray(0, rows + 1));
  new Int32Array(buf, offIndices, nnz).set(indices);
  new Float32Array(buf, offValues, nnz).set(values);
  new Float32Array(buf, offX, x.length).set(x);
  const y = new Float32Array(buf, offY, rows * k);
  y.fill(0);
  m.spmm(offIndptr, offIndices, offValues, offX, offY, 0, rows, k);
  out.set(y);
  return true;
}
