/**
 * The texts `zoo --help` ends with: the environment variables the zoo reads (each read somewhere in the
 * packages' sources; `help.test.ts` checks both ways) and the exit codes. The root README's "CLI" section
 * lists the same. Plain data: `--help` must not load tfjs.
 */
import { paint } from './color';

export interface EnvVar {
  name: string;
  what: string;
  /** `run`: changes what `zoo` does; `build`: install and test time only. */
  when: 'run' | 'build';
}

export const ENVIRONMENT: readonly EnvVar[] = [
  { name: 'ZOO_BACKEND', what: 'tfjs backend to run on, as --backend (tfjs-node-gpu, tfjs-node, blas, wasm, cpu)', when: 'run' },
  { name: 'ZOO_PLUGINS', what: 'plugin modules to load besides the installed ones (paths, separated by : or ; on Windows)', when: 'run' },
  { name: 'ZOO_CACHE_DIR', what: 'where shell completion keeps the recipe ids (default $XDG_CACHE_HOME/zoo or ~/.cache/zoo)', when: 'run' },
  { name: 'ZOO_BLAS_LIB', what: 'blas: the CBLAS library to load first (path or soname)', when: 'run' },
  { name: 'ZOO_BLAS_NATIVE', what: 'blas: 0 = never build or load the C kernels (JavaScript loops)', when: 'run' },
  { name: 'ZOO_BLAS_NATIVE_LIB', what: 'blas: load this build of the C kernels instead', when: 'run' },
  { name: 'ZOO_BLAS_POOL', what: 'blas: 0 = no output-array pool', when: 'run' },
  { name: 'ZOO_BLAS_POOL_MB', what: 'blas: most megabytes the pool keeps (default 1024)', when: 'run' },
  { name: 'ZOO_BLAS_WINOGRAD', what: 'blas: 0 = im2col instead of Winograd for 3x3 convolutions', when: 'run' },
  { name: 'ZOO_BLAS_KEEP_MEMORY', what: "blas: 0 = glibc's malloc defaults (else freed memory stays in the heap)", when: 'run' },
  { name: 'ZOO_BLAS_PROFILE', what: 'blas: 1 = print the wall time per kernel at exit', when: 'run' },
  { name: 'ZOO_NO_SIMD', what: "1 = do not use @zoo/ops's WebAssembly SIMD loops", when: 'run' },
  { name: 'ZOO_METIS_LIB', what: 'Cluster-GCN: the METIS library to load first (else the built-in partitioner if none loads)', when: 'run' },
  { name: 'ZOO_MAX_INFLATED_BYTES', what: 'data readers: most bytes one compressed file may inflate to (default 1 GiB)', when: 'run' },
  { name: 'ZOO_MAX_IMAGE_PIXELS', what: 'data readers: most pixels one image may declare (default 64 Mpx)', when: 'run' },
  { name: 'ZOO_MAX_FILE_BYTES', what: 'data readers: most bytes of a file read whole (default 4 GiB)', when: 'run' },
  { name: 'ZOO_FFMPEG', what: 'plugin-video: the ffmpeg binary that decodes video lists (default: ffmpeg on PATH)', when: 'run' },
  { name: 'ZOO_FFPROBE', what: 'plugin-video: the ffprobe binary that counts a video\'s frames (default: ffprobe on PATH)', when: 'run' },
  { name: 'ZOO_FASHION_MNIST_SYSTEM_DIR', what: 'plugin-video: the fallback Fashion-MNIST folder (default /usr/share/datasets/fashion-mnist)', when: 'run' },
  { name: 'NO_COLOR', what: 'any value: no colour (FORCE_COLOR=1 forces it; colour only on a terminal otherwise)', when: 'run' },
  { name: 'ZOO_REQUIRE_NATIVE', what: "1 = installing @zoo/backend-blas fails when its C kernels don't build (CC picks the compiler)", when: 'build' },
  { name: 'ZOO_REQUIRE_BLAS', what: 'tests: 1 = a missing OpenBLAS fails the blas tests instead of skipping them', when: 'build' },
  { name: 'ZOO_CONTRACT_LEARNS', what: "tests: 0 = the plugin contract skips its uncapped 'learns on its smoke setting' runs", when: 'build' },
  { name: 'ZOO_TEST_BACKEND', what: 'tests: the backend the test suites run on (default cpu; wasm)', when: 'build' },
];

export interface ExitCode {
  code: string;
  what: string;
}

export const EXIT_CODES: readonly ExitCode[] = [
  { code: '0', what: 'done (eval: no recipe failed; skipped recipes count as done unless --strict)' },
  { code: '1', what: 'a run failed, or an error you can fix (one "zoo: ..." line: unknown recipe, bad --set, missing data)' },
  { code: '2', what: 'usage: unknown command or flag, a missing argument' },
  { code: '130', what: 'interrupted (Ctrl-C, SIGINT); train saves a checkpoint at the end of the current epoch first' },
  { code: '143', what: 'terminated (SIGTERM); as 130' },
];

/**
 * A heading in bold, always: commander writes help text through its output, which strips escape codes
 * where colour is off (`getOutHasColors` in main.ts: not a terminal, or NO_COLOR).
 */
export function title(s: string): string {
  return paint('bold', s, { isTTY: true }, {});
}

function columns(rows: [string, string][], indent = '  '): string {
  const w = rows.reduce((m, [a]) => Math.max(m, a.length), 0);
  return rows.map(([a, b]) => `${indent}${a.padEnd(w)}  ${b}`).join('\n');
}

/** `Examples:` followed by the command lines, for a command's `addHelpText('after', ...)`. */
export function examples(...lines: string[]): string {
  return `\n${title('Examples:')}\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

/** What `zoo --help` prints after the commands: examples, environment, exit codes, completion. */
export function rootHelpAfter(): string {
  return [
    examples('zoo list "gnn/*@cora"', 'zoo eval "gnn/*" --tier smoke --seeds 3', 'zoo train gnn/gcn@cora --out runs/gcn', 'zoo <command> --help'),
    '',
    title('Environment:'),
    columns(ENVIRONMENT.filter((e) => e.when === 'run').map((e) => [e.name, e.what])),
    '',
    title('Environment at install and in tests:'),
    columns(ENVIRONMENT.filter((e) => e.when === 'build').map((e) => [e.name, e.what])),
    '',
    title('Exit codes:'),
    columns(EXIT_CODES.map((e) => [e.code, e.what])),
    '',
    `${title('Shell completion:')} source <(zoo completion bash)   (or zsh; fish: zoo completion fish | source)`,
  ].join('\n');
}
