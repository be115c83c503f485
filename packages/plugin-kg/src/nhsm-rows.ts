import { DUAL_AMN_WASM_BASE64 } from './simd/dual-amn-wasm';
import { reserve, simdModule, type WasmMemory } from '@zoo/core';

/**
 * The per-row passes of the NHSM loss over its rows×N score matrix, in WebAssembly SIMD when available
 * (simd/dual-amn.wat: ~5× the JS loops, which took 1.6 s of a 7 s DBP15K step) and as JS loops otherwise
 * (no wasm SIMD, ZOO_NO_SIMD=1, or `simd: false`). Rows are copied through the module's memory one at a
 * time, so it stays ~3·N floats; the last N mod 4 columns run in JS.
 *
 * forward: x_aj ← c_a − norms_j + 2·x_aj; the masked columns (mA_a, mB_a) ← 0; μ, σ (population, the masked
 * zeros included); then x_aj ← e^{k(x_aj − max_j x_aj)} with k = λ/σ, 0 below e^floor. Returns σ, Σ_j e and
 * the logsumexp shift k·(max − μ), per row.
 * backward: G_aj ← w_a·G_aj with the masked columns 0; returns the row sums and the column sums.
 */
export interface NhsmRowsForward {
  sigma: Float64Array;
  sumE: Float64Array;
  shift: Float64Array;
}

export interface RowMasks {
  a: Int32Array;
  b: Int32Array;
}

interface RowsModule {
  memory: WasmMemory;
  scores(x: number, norms: number, n: number, c: number, out: number): void;
  rowMax(x: number, n: number): number;
  expRow(x: number, n: number, k: number, xmax: number, floor: number): number;
  scaleRow(g: number, colSum: number, n: number, w: number): number;
}

const instance = () => simdModule<RowsModule>(DUAL_AMN_WASM_BASE64);

/** Module memory for three length-n float buffers and 16 bytes of results: their byte offsets, or null. */
function layout(m: RowsModule, n: number): [number, number, number, number] | null {
  const bytes = (n * 4 + 15) & ~15;
  if (!reserve(m, 3 * bytes + 16)) return null;
  return [0, bytes, 2 * bytes, 3 * bytes];
}

function stats(s: number, q: number, N: number, lambda: number) {
  const m = s / N;
  const sd = Math.sqrt(Math.max(q / N - m * m, 0));
  const sigma = sd > 0 ? sd : 1;
  return { m, sigma, k: lambda / sigma };
}

export function nhsmForwardRows(x: Float32Array, rows: number, N: number, c: Float64Array, norms: Float32Array, masks: RowMasks, lambda: number, floor: number, simd = true): NhsmRowsForward {
  const out = { sigma: new Float64Array(rows), sumE: new Float64Array(rows), shift: new Float64Array(rows) };
  const m = simd ? instance() : null;
  const at = m ? layout(m, N) : null;
  const n4 = m && at ? N - (N % 4) : 0; // columns the module handles; the rest in JS
  let wrow: Float32Array | undefined;
  if (m && at) new Float32Array(m.memory.buffer, at[1], N).set(norms);
  for (let a = 0; a < rows; a++) {
    const row = x.subarray(a * N, (a + 1) * N);
    let s = 0;
    let q = 0;
    if (m && at) {
      wrow = new Float32Array(m.memory.buffer, at[0], N);
      wrow.set(row.subarray(0, n4));
      m.scores(at[0], at[1], n4, c[a], at[3]);
      const res = new Float64Array(m.memory.buffer, at[3], 2);
      s = res[0];
      q = res[1];
    }
    for (let j = n4; j < N; j++) {
      const v = c[a] - norms[j] + 2 * row[j];
      row[j] = v;
      s += v;
      q += v * v;
    }
    // the masked columns: out of the sums, then 0 (they stay in the row, as the code's one-hot mask)
    for (const j of masks.a[a] === masks.b[a] ? [masks.a[a]] : [masks.a[a], masks.b[a]]) {
      const buf = j < n4 ? wrow! : row;
      s -= buf[j];
      q -= buf[j] * buf[j];
      buf[j] = 0;
    }
    let xmax = -Infinity;
    if (m && at && n4 > 0) xmax = m.rowMax(at[0], n4);
    for (let j = n4; j < N; j++) if (row[j] > xmax) xmax = row[j];
    const st = stats(s, q, N, lambda);
    let sum = 0;
    if (m && at && n4 > 0) sum = m.expRow(at[0], n4, st.k, xmax, floor);
    for (let j = n4; j < N; j++) {
      const t = st.k * (row[j] - xmax);
      const e = t < floor ? 0 : Math.exp(t);
      row[j] = e;
      sum += e;
    }
    if (m && at) row.set(new Float32Array(m.memory.buffer, at[0], n4));
    out.sigma[a] = st.sigma;
    out.sumE[a] = sum;
    out.shift[a] = st.k * (xmax - st.m);
  }
  return out;
}

export function nhsmBackwardRows(G: Float32Array, rows: number, N: number, w: Float64Array, masks: RowMasks, simd = true): { rowSum: Float32Array; colSum: Float32Array } {
  const rowSum = new Float32Array(rows);
  const m = simd ? instance() : null;
  const at = m ? layout(m, N) : null;
  const n4 = m && at ? N - (N % 4) : 0;
  let colSum = new Float32Array(N);
  if (m && at) new Float32Array(m.memory.buffer, at[2], N).fill(0);
  for (let a = 0; a < rows; a++) {
    const row = G.subarray(a * N, (a + 1) * N);
    row[masks.a[a]] = 0;
    row[masks.b[a]] = 0;
    let rs = 0;
    if (m && at && n4 > 0) {
      new Float32Array(m.memory.buffer, at[0], n4).set(row.subarray(0, n4));
      rs = m.scaleRow(at[0], at[2], n4, w[a]);
      row.set(new Float32Array(m.memory.buffer, at[0], n4));
    }
    for (let j = n4; j < N; j++) {
      const v = w[a] * row[j];
      row[j] = v;
      rs += v;
      colSum[j] += v;
    }
    rowSum[a] = rs;
  }
  if (m && at && n4 > 0) {
    const head = new Float32Array(m.memory.buffer, at[2], n4);
    const tail = colSum.subarray(n4);
    colSum = new Float32Array(N);
    colSum.set(head);
    colSum.set(tail, n4);
  }
  return { rowSum, colSum };
}
