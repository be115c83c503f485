import { SPMM_WASM_BASE64 } from './spmm-wasm';
import { reserve, simdModule, type WasmMemory } from './wasm-module';

/**
 * The WebAssembly SIMD CSR × dense kernel (spmm.wat): 5–9× the plain typed-array loop, because V8
 * does not vectorize JS loops (20k×128 X, 220k nonzeros: 7 ms in the kernel, 13 ms with the copies
 * into and out of wasm memory, 50–70 ms as a JS loop). Float32 products and sums in nonzero order.
 */
interface SpmmModule {
  memory: WasmMemory;
  spmm: (indptr: number, indices: number, values: number, x: number, y: number, r0: number, r1: number, k: number) => void;
}

const instance = () => simdModule<SpmmModule>(SPMM_WASM_BASE64);

/** True when the SIMD kernel is usable in this process. */
export function simdAvailable(): boolean {
  return instance() !== null;
}

/**
 * out = A·X with the SIMD kernel, or false when it cannot run here (no wasm SIMD, k not a multiple
 * of 4, or more than 2 GiB of operands); the caller then runs its own loop.
 */
export function spmmSimd(rows: number, indptr: Int32Array, indices: Int32Array, values: Float32Array, x: Float32Array, k: number, out: Float32Array): boolean {
  const m = instance();
  if (!m || k % 4 !== 0 || k === 0) return false;
  const nnz = indptr[rows];
  const align = (n: number) => (n + 15) & ~15;
  const offIndptr = 0;
  const offIndices = align(offIndptr + 4 * (rows + 1));
  const offValues = align(offIndices + 4 * nnz);
  const offX = align(offValues + 4 * nnz);
  const offY = align(offX + 4 * x.length);
  if (!reserve(m, offY + 4 * rows * k)) return false;
  const buf = m.memory.buffer;
  new Int32Array(buf, offIndptr, rows + 1).set(indptr.subarray(0, rows + 1));
  new Int32Array(buf, offIndices, nnz).set(indices.subarray(0, nnz));
  new Float32Array(buf, offValues, nnz).set(values.subarray(0, nnz));
  new Float32Array(buf, offX, x.length).set(x);
  const y = new Float32Array(buf, offY, rows * k);
  y.fill(0);
  m.spmm(offIndptr, offIndices, offValues, offX, offY, 0, rows, k);
  out.set(y);
  return true;
}
