#!/usr/bin/env node
/**
 * Builds native/build/libzoo_kernels.so from native/*.c with the system C compiler ($CC, cc
 * or gcc) and OpenMP; skipped when the library is newer than its source. Run at install time (package
 * `install` script) and by the monorepo's build.
 *   --optional   a missing compiler or a failed build prints one line and exits 0: the backend then
 *                runs its JavaScript loops (unless ZOO_REQUIRE_NATIVE=1, as CI sets)
 *   --force      rebuild even when up to date
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const dir = path.join(root, 'native');
const sources = fs.readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(dir, f));
const headers = fs.readdirSync(dir).filter((f) => f.endsWith('.h')).map((f) => path.join(dir, f));
const lib = path.join(root, 'native', 'build', 'libzoo_kernels.so');
const optional = process.argv.includes('--optional') && process.env.ZOO_REQUIRE_NATIVE !== '1';
const force = process.argv.includes('--force');

function fail(msg) {
  process.stderr.write(`@zoo/backend-blas: native kernels not built (${msg}); the backend runs its JavaScript loops\n`);
  process.exit(optional ? 0 : 1);
}

if (process.env.ZOO_BLAS_NATIVE === '0') process.exit(0);
if (process.platform === 'win32') fail('Windows: no build recipe');
const newestSource = Math.max(...[...sources, ...headers].map((f) => fs.statSync(f).mtimeMs));
if (!force && fs.existsSync(lib) && fs.statSync(lib).mtimeMs >= newestSource) process.exit(0);
fs.mkdirSync(path.dirname(lib), { recursive: true });
const flags = ['-O3', '-fPIC', '-shared', '-fno-math-errno', '-ffp-contract=off', '-fvisibility=hidden', ...sources, '-o', `${lib}.tmp`];
const compilers = process.env.CC ? [process.env.CC] : ['cc', 'gcc', 'clang'];
let last = 'no C compiler found (tried ' + compilers.join(', ') + ')';
for (const cc of compilers) {
  // OpenMP first; a compiler without it still builds the vectorized single-threaded kernels
  for (const extra of [['-fopenmp'], []]) {
    const r = spawnSync(cc, [...extra, ...flags], { encoding: 'utf8' });
    if (r.error) break; // this compiler is not installed
    if (r.status === 0) {
      fs.renameSync(`${lib}.tmp`, lib);
      if (!extra.length) process.stderr.write(`@zoo/backend-blas: ${cc} has no OpenMP; native kernels built single-threaded\n`);
      process.exit(0);
    }
    last = `${cc} ${[...extra, ...flags].join(' ')}: ${(r.stderr || '').trim().split('\n').slice(-1)[0]}`;
  }
}
fail(last);
