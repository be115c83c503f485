import { checkGroupFits, optimizerSlots, restoreOptimizer, resumeExtra, tf, z, type FitState, type ResumeState } from '@zoo/core';

/** One piece of a trainer's state beyond the model: plain JSON and/or tensors. */
export interface Kept {
  json?: unknown;
  tensors?: tf.NamedTensorMap;
}

interface Keeper {
  save(): Promise<Kept & { fresh?: tf.Tensor[] }>;
}

/**
 * What a debias trainer keeps in the checkpoint besides the model so that `--resume` continues
 * exactly: its optimizers' slots, a second network (LfF's f_B), the batch order, loss EMAs. Each piece
 * is registered by name; `put` writes them all into the fit state before the epoch's callbacks (the
 * checkpointer saves `state.extra.keep` and the `keep-<name>` weight groups), `clear` frees what `put`
 * made, and a piece registered in a resumed fit is loaded from the checkpoint at once.
 */
export class StageKeepers {
  private readonly keepers = new Map<string, Keeper>();
  private fresh: tf.Tensor[] = [];

  constructor(private readonly resume?: ResumeState) {}

  private saved(name: string): Kept | undefined {
    if (!this.resume) return undefined;
    const json = resumeExtra(this.resume, 'keep', z.record(z.string(), z.unknown()))?.[name];
    const tensors = this.resume.extraWeights[`keep-${name}`];
    return json === undefined && !tensors ? undefined : { json, tensors };
  }

  private add(name: string, keeper: Keeper): void {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`kept state '${name}': use letters, digits, '-' and '_' (it names a checkpoint group)`);
    if (this.keepers.has(name)) throw new Error(`kept state '${name}' is registered twice`);
    this.keepers.set(name, keeper);
  }

  /** JSON state: `get` when saving, `set` now if the checkpoint has it. */
  json<T>(name: string, get: () => T, set: (v: T) => void): void {
    this.add(name, { save: async () => ({ json: get() }) });
    const s = this.saved(name);
    if (s?.json !== undefined) set(s.json as T);
  }

  /** A set of weights (a second network): `get` returns live tensors, `set` copies them in. */
  weights(name: string, get: () => tf.NamedTensorMap, set: (w: tf.NamedTensorMap) => void): void {
    this.add(name, { save: async () => ({ tensors: get() }) });
    const s = this.saved(name);
    if (s?.tensors) {
      // the saved network must be this one: names, shapes and dtypes, before anything is copied in
      checkGroupFits(s.tensors, get(), `keep-${name}`, this.resume?.file ?? '(resume state)');
      set(s.tensors);
    }
  }

  /** An optimizer's slots (moments, iteration count). */
  async optimizer(name: string, opt: tf.Optimizer): Promise<void> {
    this.add(name, {
      save: () => optimizerSlots(opt),
    });
    const s = this.saved(name);
    if (s?.tensors) await restoreOptimizer(opt, s.tensors, { file: this.resume?.file });
  }

  /** Drops a piece whose owner is gone (a stage's optimizer after the stage). */
  drop(name: string): void {
    this.keepers.delete(name);
  }

  async put(state: FitState): Promise<void> {
    const json: Record<string, unknown> = {};
    for (const [name, k] of this.keepers) {
      const s = await k.save();
      if (s.json !== undefined) json[name] = s.json;
      if (s.tensors) state.extraWeights[`keep-${name}`] = s.tensors;
      this.fresh.push(...(s.fresh ?? []));
    }
    state.extra.keep = json;
  }

  clear(state: FitState): void {
    for (const name of Object.keys(state.extraWeights)) if (name.startsWith('keep-')) delete state.extraWeights[name];
    tf.dispose(this.fresh);
    this.fresh = [];
  }
}
