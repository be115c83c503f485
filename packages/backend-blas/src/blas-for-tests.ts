import { loadBlas } from './openblas';

/**
 * For this package's tests: registers the blas backend when a BLAS library loads and says whether it
 * did. Without one the caller skips its blas tests with a warning, except under ZOO_REQUIRE_BLAS=1
 * (CI), where that is an error.
 */
export function registerBlasForTests(what: string): boolean {
  try {
    loadBlas();
  } catch (err) {
    if (process.env.ZOO_REQUIRE_BLAS === '1') throw err;
    console.warn(`${what} skipped: ${(err as Error).message}`);
    return false;
  }
  require('./index');
  return true;
}
