import { SPMM_WASM_BASE64 } from './spmm-wasm';
import { MAX_WASM_BYTES, reserve, simdModule, type WasmMemory } from './wasm-module';

describe('simdModule', () => {
  it('instantiates a module once and grows its memory on demand (never past 2 GiB)', () => {
    const m = simdModule<{ memory: WasmMemory; spmm: unknown }>(SPMM_WASM_BASE64);
    expect(m).not.toBeNull();
    expect(simdModule(SPMM_WASM_BASE64)).toBe(m);
    expect(typeof m!.spmm).toBe('function');
    const have = m!.memory.buffer.byteLength;
    expect(reserve(m!, have + 70_000)).toBe(true);
    expect(m!.memory.buffer.byteLength).toBeGreaterThanOrEqual(have + 70_000);
    expect(reserve(m!, MAX_WASM_BYTES + 1)).toBe(false);
  });

  it('is null for bytes that are not a module (callers then run their JS loops)', () => {
    expect(simdModule(Buffer.from('not wasm').toString('base64'))).toBeNull();
  });
});
