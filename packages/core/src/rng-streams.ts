import { Rng } from './rng';

/** Saved stream states by key (`trainer/shuffle`, `model/dropout#1` for a path's second fork). */
export type RngStates = Record<string, number>;

/**
 * The book of a run's random streams: every `fork` of the run's root is listed under its fork path
 * (`data`, `model/dropout`, `trainer/shuffle`; a path forked again gets `#1`, `#2`, ... in creation
 * order), so a checkpoint stores every stream's state (`snapshot`) and `--resume` puts them back
 * (`restore`). Restoring touches only the streams that exist at that point: the runner restores when
 * the fit starts (the first `onFitStart`), after the dataset, the model and the trainer's own setup
 * drew what they draw in every run; a stream forked later starts fresh, which is what a straight run
 * sees as well for the streams a trainer forks per epoch (`augment-3`) or for a cache it rebuilds
 * (Cluster-GCN's partition). So: fork a stream that is drawn across epochs before `FitLoop.start()`.
 */
export class RngStreams {
  private readonly byKey = new Map<string, Rng>();
  private readonly seen = new Map<string, number>();

  /** A run's root stream of `seed`, listed in a fresh book. */
  static root(seed: number): Rng {
    return new Rng(seed, new RngStreams());
  }

  /** Called by `Rng.fork`: lists `rng` under its path (plus `#k` for the k-th repeat of that path). */
  track(rng: Rng): void {
    const k = this.seen.get(rng.path) ?? 0;
    this.seen.set(rng.path, k + 1);
    this.byKey.set(k === 0 ? rng.path : `${rng.path}#${k}`, rng);
  }

  /** Every listed stream's state, keys sorted. */
  snapshot(): RngStates {
    const out: RngStates = {};
    for (const key of [...this.byKey.keys()].sort()) out[key] = this.byKey.get(key)!.getState();
    return out;
  }

  /** The keys of the streams listed so far, sorted. */
  keys(): string[] {
    return [...this.byKey.keys()].sort();
  }

  /** Sets each listed stream saved in `states`; returns the saved keys that no stream has (yet). */
  restore(states: RngStates): string[] {
    const missing: string[] = [];
    for (const [key, state] of Object.entries(states)) {
      const rng = this.byKey.get(key);
      if (rng) rng.setState(state);
      else missing.push(key);
    }
    return missing;
  }
}
