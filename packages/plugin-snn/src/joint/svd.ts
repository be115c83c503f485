/**
 * Thin SVD by one-sided Jacobi rotations (Hestenes 1958; Demmel & Veselić 1992): A (m×n, row-major) =
 * U·diag(σ)·Vᵀ with U m×r, V n×r, r = min(m, n), σ descending. Columns of a working copy are
 * orthogonalized pairwise until every pair's normalized inner product is below `tol`; float64 throughout.
 * tfjs has no SVD; Joint A-SNN needs one per convolution kernel position at initialization.
 */
export interface Svd {
  u: Float64Array;
  s: Float64Array;
  v: Float64Array;
  m: number;
  n: number;
  r: number;
}

export function svd(a: ArrayLike<number>, m: number, n: number, tol = 1e-12, maxSweeps = 60): Svd {
  if (a.length !== m * n) throw new Error(`svd: ${a.length} values for a ${m}×${n} matrix`);
  // work on the orientation with more rows than columns: A or Aᵀ
  const tall = m >= n;
  const rows = tall ? m : n;
  const cols = tall ? n : m;
  const w = new Float64Array(rows * cols); // column-major copy of (A or Aᵀ)
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) (tall ? (w[j * rows + i] = a[i * n + j]) : (w[i * rows + j] = a[i * n + j]));
  const vv = new Float64Array(cols * cols); // accumulated rotations, column-major
  for (let j = 0; j < cols; j++) vv[j * cols + j] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < rows; i++) {
          const x = w[p * rows + i];
          const y = w[q * rows + i];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (alpha === 0 || beta === 0) continue;
        const c0 = Math.abs(gamma) / Math.sqrt(alpha * beta);
        off = Math.max(off, c0);
        if (c0 < tol) continue;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < rows; i++) {
          const x = w[p * rows + i];
          const y = w[q * rows + i];
          w[p * rows + i] = c * x - s * y;
          w[q * rows + i] = s * x + c * y;
        }
        for (let i = 0; i < cols; i++) {
          const x = vv[p * cols + i];
          const y = vv[q * cols + i];
          vv[p * cols + i] = c * x - s * y;
          vv[q * cols + i] = s * x + c * y;
        }
      }
    }
    if (off < tol) break;
  }
  // singular values = column norms; left vectors = normalized columns; sort descending
  const r = cols;
  const norms = Array.from({ length: r }, (_, j) => {
    let s = 0;
    for (let i = 0; i < rows; i++) s += w[j * rows + i] ** 2;
    return Math.sqrt(s);
  });
  const order = norms.map((_, j) => j).sort((x, y) => norms[y] - norms[x]);
  const left = new Float64Array(rows * r); // row-major rows×r
  const right = new Float64Array(cols * r); // row-major cols×r
  const sv = new Float64Array(r);
  order.forEach((j, k) => {
    sv[k] = norms[j];
    for (let i = 0; i < rows; i++) left[i * r + k] = norms[j] > 0 ? w[j * rows + i] / norms[j] : 0;
    for (let i = 0; i < cols; i++) right[i * r + k] = vv[j * cols + i];
  });
  // A = L·diag(σ)·Rᵀ if tall; else Aᵀ = L·diag(σ)·Rᵀ, i.e. A = R·diag(σ)·Lᵀ
  return tall ? { u: left, s: sv, v: right, m, n, r } : { u: right, s: sv, v: left, m, n, r };
}
