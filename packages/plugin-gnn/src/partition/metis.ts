import koffi from 'koffi';
import type { WeightedGraph } from './graph';

/**
 * METIS's `METIS_PartGraphKway` from the system library (Debian/Ubuntu: `apt-get install libmetis5`),
 * loaded at runtime through koffi like OpenBLAS, so nothing is compiled at install time. The index
 * width of the build (32- or 64-bit idx_t) is detected once from METIS_SetDefaultOptions.
 */
export const METIS_CANDIDATES = ['libmetis.so.5', 'libmetis.so', 'libmetis.dylib'];
export const METIS_INSTALL_HINT = 'apt-get install libmetis5 (Debian/Ubuntu) or set ZOO_METIS_LIB=/path/to/libmetis.so';

const METIS_NOPTIONS = 40;
const METIS_OK = 1;
const METIS_OPTION_SEED = 8;

export interface Metis {
  library: string;
  /** Part id per vertex and the edge cut METIS reports. */
  partKway(g: WeightedGraph, k: number, seed: number): { part: Int32Array; cut: number };
}

let cached: Metis | null | undefined;
let loadError = '';

/** The METIS library, or null (with `metisUnavailableReason()`) when none loads. */
export function loadMetis(): Metis | null {
  if (cached !== undefined) return cached;
  const names = process.env.ZOO_METIS_LIB ? [process.env.ZOO_METIS_LIB, ...METIS_CANDIDATES] : METIS_CANDIDATES;
  const errors: string[] = [];
  for (const name of names) {
    try {
      const lib = koffi.load(name);
      const setDefaults = lib.func('int METIS_SetDefaultOptions(_Inout_ void *options)');
      const probe = new Int32Array(2 * METIS_NOPTIONS).fill(12345);
      setDefaults(probe);
      const wide = probe[METIS_NOPTIONS] !== 12345; // a 64-bit idx_t build wrote 80 int32 words
      const partGraph = lib.func(
        'int METIS_PartGraphKway(void *nvtxs, void *ncon, void *xadj, void *adjncy, void *vwgt, void *vsize, void *adjwgt, void *nparts, void *tpwgts, void *ubvec, void *options, _Inout_ void *objval, _Inout_ void *part)',
      );
      const idx = (a: ArrayLike<number>) => (wide ? BigInt64Array.from(Array.from(a, (v) => BigInt(v))) : Int32Array.from(a));
      cached = {
        library: name,
        partKway(g, k, seed) {
          if (k === 1) return { part: new Int32Array(g.n), cut: 0 };
          const options = wide ? new BigInt64Array(METIS_NOPTIONS) : new Int32Array(METIS_NOPTIONS);
          setDefaults(options);
          if (wide) (options as BigInt64Array)[METIS_OPTION_SEED] = BigInt(seed);
          else (options as Int32Array)[METIS_OPTION_SEED] = seed;
          const objval = idx([0]);
          const part = wide ? new BigInt64Array(g.n) : new Int32Array(g.n);
          const rc = partGraph(idx([g.n]), idx([1]), idx(g.xadj), idx(g.adjncy), idx(g.vwgt), null, idx(g.adjwgt), idx([k]), null, null, options, objval, part);
          if (rc !== METIS_OK) throw new Error(`METIS_PartGraphKway returned ${rc} for ${g.n} vertices, ${k} parts`);
          return { part: Int32Array.from(part as ArrayLike<number | bigint>, Number), cut: Number(objval[0]) };
        },
      };
      return cached;
    } catch (err) {
      errors.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  loadError = `METIS is not available (${errors.join('; ')}); install it: ${METIS_INSTALL_HINT}`;
  cached = null;
  return null;
}

export function metisUnavailableReason(): string {
  loadMetis();
  return loadError;
}
