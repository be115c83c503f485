import type { RngStreams } from './rng-streams';

/**
 * Seeded randomness. One seed per run drives everything: `fork(name)` derives an independent,
 * reproducible stream per consumer (data split, weight init, dropout), so adding a consumer does not
 * shift the numbers another one sees. The whole state is one 32-bit integer (`getState`/`setState`),
 * so a checkpoint can store where every stream is and `--resume` continues it exactly; a run's
 * streams are forked from one root whose `RngStreams` book lists them all by fork path.
 */
export class Rng {
  private state: number;

  constructor(
    readonly seed: number,
    /** The book this stream and its forks are listed in (a run's root has one; `new Rng(seed)` none). */
    readonly streams?: RngStreams,
    /** Fork path from the root (`trainer/shuffle`); '' for a root. */
    readonly path = '',
  ) {
    this.state = hash32(seed >>> 0, 0x9e3779b9);
  }

  /** An independent generator whose stream depends only on this seed and `name` (not on draws so far). */
  fork(name: string): Rng {
    let h = this.seed >>> 0;
    for (let i = 0; i < name.length; i++) h = hash32(h, name.charCodeAt(i));
    const child = new Rng(h, this.streams, this.path ? `${this.path}/${name}` : name);
    this.streams?.track(child);
    return child;
  }

  /** Where the stream is: restoring it with `setState` continues the same draws. */
  getState(): number {
    return this.state >>> 0;
  }

  setState(state: number): void {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff) throw new RangeError(`Rng state must be a 32-bit unsigned integer, got ${state}`);
    this.state = state | 0;
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A fresh integer seed for a tfjs op that takes one (`tf.dropout(x, rate, undefined, seed)`). */
  nextSeed(): number {
    return Math.floor(this.next() * 2147483647);
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: any }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** `n` values uniform in [lo, hi). */
  uniformArray(n: number, lo: number, hi: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * this.next();
    return out;
  }
}

function hash32(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
