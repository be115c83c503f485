/**
 * OpenBLAS (or any CBLAS) loaded at runtime through koffi, whose binary ships inside its npm package,
 * so nothing is compiled at install time. Only what the kernels need is bound.
 */
import koffi from 'koffi';

export const BLAS_CANDIDATES = ['libopenblas.so.0', 'libopenblas.so', 'libopenblas64_.so.0', 'libopenblas64.so.0', 'libblas.so.3'];
export const BLAS_INSTALL_HINT = 'apt-get install libopenblas0-pthread (Debian/Ubuntu) or set ZOO_BLAS_LIB=/path/to/libopenblas.so';

export interface Blas {
  /** The library file that loaded. */
  library: string;
  threads: number;
  /** Threads OpenBLAS uses from now on (process-wide; a no-op for a reference BLAS). */
  setThreads(n: number): void;
  /** Row-major C = alpha·op(A)·op(B) + beta·C. Views (subarrays) are passed by pointer, no copy. */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    beta: number,
    c: Float32Array,
    ldc: number,
  ): void;
}

const CblasRowMajor = 101;
const CblasNoTrans = 111;
const CblasTrans = 112;

let cached: Blas | undefined;

/** Loads the first CBLAS library that opens (`ZOO_BLAS_LIB` first). Throws one line with the install hint. */
export function loadBlas(candidates?: string[]): Blas {
  if (cached && !candidates) return cached;
  // OpenBLAS worker threads spin for 2^28 cycles after each call by default, taking the core our JS
  // loops (im2col, col2im, elementwise) need next: measured col2im 47 ms → 18 ms with a short timeout.
  // Read by OpenBLAS when it loads; the user's own setting wins.
  process.env.OPENBLAS_THREAD_TIMEOUT ??= '4';
  const explicit = candidates !== undefined;
  candidates ??= BLAS_CANDIDATES;
  const names = process.env.ZOO_BLAS_LIB ? [process.env.ZOO_BLAS_LIB, ...candidates] : candidates;
  const errors: string[] = [];
  for (const name of names) {
    try {
      const lib = koffi.load(name);
      const gemm = lib.func(
        'void cblas_sgemm(int order, int ta, int tb, int m, int n, int k, float alpha, const float *a, int lda, const float *b, int ldb, float beta, _Inout_ float *c, int ldc)',
      );
      let threads = 1;
      let setThreads = (_n: number) => {};
      try {
        threads = lib.func('int openblas_get_num_threads()')();
        const set = lib.func('void openblas_set_num_threads(int)');
        setThreads = (n: number) => {
          set(n);
          blas.threads = n;
        };
      } catch {
        /* not OpenBLAS: a reference BLAS is single-threaded */
      }
      const blas: Blas = {
        library: name,
        threads,
        setThreads: (n) => setThreads(n),
        sgemm: (tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) =>
          gemm(CblasRowMajor, tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc),
      };
      if (!explicit) cached = blas;
      return blas;
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no BLAS library loads (tried ${names.join(', ')}); install one: ${BLAS_INSTALL_HINT}`);
}
