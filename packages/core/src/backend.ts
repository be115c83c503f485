import { tf } from './tf';
import { ZooError } from './errors';
import { registerMissingWasmKernels } from '@zoo/ops';

/** A backend the resolver can choose, best first. */
export interface BackendCandidate {
  /** Name users pass to `--backend` / `ZOO_BACKEND`. */
  name: 'tfjs-node-gpu' | 'tfjs-node' | 'blas' | 'wasm' | 'cpu';
  /** npm package that registers it (none for cpu, which tfjs always has). */
  packageName?: string;
  /** Name under which the package registers its backend with tfjs. */
  tfName: string;
}

export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  { name: 'tfjs-node-gpu', packageName: '@tensorflow/tfjs-node-gpu', tfName: 'tensorflow' },
  { name: 'tfjs-node', packageName: '@tensorflow/tfjs-node', tfName: 'tensorflow' },
  { name: 'blas', packageName: '@zoo/backend-blas', tfName: 'blas' },
  { name: 'wasm', packageName: '@tensorflow/tfjs-backend-wasm', tfName: 'wasm' },
  { name: 'cpu', tfName: 'cpu' },
];

/** What a backend package says about itself (`backendDetails()`): C kernels loaded, threads, ... */
export type BackendDetails = Record<string, string | number | boolean>;

export interface BackendInfo {
  name: BackendCandidate['name'];
  tfName: string;
  /** Why the better candidates were not used (not installed, failed to start). */
  skipped: string[];
  /** The package's `backendDetails()` after it started, when it exports one. */
  details?: BackendDetails;
}

export interface ResolveOptions {
  /**
   * Threads the backend package may use (calls its `setThreads(n)` when it exports one): with several
   * runs at once (`zoo eval --jobs N`), the parallelism is across runs.
   */
  threads?: number;
}

/** The optional exports of a backend package the resolver uses (`@zoo/backend-blas` has both). */
interface BackendModule {
  backendDetails?: () => BackendDetails;
  setThreads?: (n: number) => void;
}

type Loader = (packageName: string) => unknown;

const defaultLoader: Loader = (pkg) => require(require.resolve(pkg, { paths: [process.cwd(), __dirname] }));

/**
 * Picks the best backend that starts: tfjs-node-gpu, tfjs-node, the zoo's BLAS backend, wasm, cpu.
 * `requested` (from `--backend` or `ZOO_BACKEND`) forces one and fails if it cannot start. After
 * setup it asserts `tf.getBackend()` is the one chosen, since tfjs silently falls back to cpu.
 */
export async function resolveBackend(
  requested: string | undefined = process.env.ZOO_BACKEND || undefined,
  load: Loader = defaultLoader,
  opts: ResolveOptions = {},
): Promise<BackendInfo> {
  tf.enableProdMode(); // silences tfjs's "install tfjs-node" banner; also skips debug-mode NaN checks
  const names = BACKEND_CANDIDATES.map((c) => c.name);
  if (requested !== undefined && !names.includes(requested as BackendCandidate['name'])) {
    throw new ZooError(`backend '${requested}': expected one of ${names.join(', ')}`);
  }
  const candidates = requested ? BACKEND_CANDIDATES.filter((c) => c.name === requested) : BACKEND_CANDIDATES;
  const skipped: string[] = [];
  for (const c of candidates) {
    try {
      let mod: BackendModule | undefined;
      if (c.packageName) {
        try {
          mod = load(c.packageName) as BackendModule | undefined;
        } catch (err) {
          const msg = (err as Error).message ?? String(err);
          throw new Error(msg.includes('Cannot find module') ? `${c.packageName} is not installed` : msg.split('\n')[0]);
        }
      }
      if (!tf.findBackendFactory(c.tfName)) throw new Error(`${c.packageName} did not register backend '${c.tfName}'`);
      if (c.name === 'wasm') registerMissingWasmKernels();
      const ok = await tf.setBackend(c.tfName);
      await tf.ready();
      if (!ok || tf.getBackend() !== c.tfName) {
        throw new Error(`tfjs fell back to '${tf.getBackend()}' when starting '${c.tfName}'`);
      }
      if (opts.threads !== undefined && typeof mod?.setThreads === 'function') mod.setThreads(opts.threads);
      const details = typeof mod?.backendDetails === 'function' ? mod.backendDetails() : undefined;
      return { name: c.name, tfName: c.tfName, skipped, ...(details ? { details } : {}) };
    } catch (err) {
      const why = `${c.name}: ${(err as Error).message}`;
      if (requested) throw new ZooError(`backend '${requested}' cannot start (${why})`);
      skipped.push(why);
    }
  }
  throw new ZooError(`no tfjs backend could start: ${skipped.join('; ')}`);
}

export interface BackendReport {
  name: BackendCandidate['name'];
  packageName?: string;
  ok: boolean;
  detail: string;
  /** The started backend's own report (`backendDetails()`), when its package exports one. */
  details?: BackendDetails;
}

/** Tries every candidate on its own (for `zoo doctor`): which load, and why the others do not. */
export async function probeBackends(load: Loader = defaultLoader): Promise<BackendReport[]> {
  const reports: BackendReport[] = [];
  for (const c of BACKEND_CANDIDATES) {
    try {
      const info = await resolveBackend(c.name, load);
      reports.push({ name: c.name, packageName: c.packageName, ok: true, detail: `starts (tfjs backend '${info.tfName}')`, ...(info.details ? { details: info.details } : {}) });
    } catch (err) {
      reports.push({ name: c.name, packageName: c.packageName, ok: false, detail: (err as Error).message.replace(/^backend '[^']+' cannot start \(/, '').replace(/\)$/, '') });
    }
  }
  return reports;
}
