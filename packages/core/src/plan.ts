import type { Recipe, Tier } from './contracts/recipe';
import { ZooError } from './errors';

/** One training run of an evaluation: a recipe at one seed. */
export interface PlannedRun {
  recipe: Recipe;
  seed: number;
}

/**
 * What `zoo eval` will run: the (recipe, seed) pairs, recipe by recipe (sorted by id), seeds
 * 0..n-1 within a recipe. Made once from one listing (`Runner.plan`); a slice or a shard is again a
 * Plan, so `--shard i/n` runs a part of the same list and the parts' runs add up to the whole.
 */
export class Plan {
  constructor(
    readonly globs: readonly string[],
    readonly tiers: readonly Tier[] | undefined,
    readonly runs: readonly PlannedRun[],
  ) {}

  /** Every recipe of `recipes` at seeds 0..seeds-1. */
  static of(recipes: readonly Recipe[], seeds: number, globs: readonly string[] = [], tiers?: readonly Tier[]): Plan {
    if (!Number.isInteger(seeds) || seeds < 1) throw new ZooError(`seeds ${seeds}: expected a positive integer`);
    return new Plan(globs, tiers, recipes.flatMap((recipe) => Array.from({ length: seeds }, (_, seed) => ({ recipe, seed }))));
  }

  get size(): number {
    return this.runs.length;
  }

  /** The recipes with at least one run, in plan order, each once. */
  get recipes(): Recipe[] {
    const seen = new Set<string>();
    const out: Recipe[] = [];
    for (const { recipe } of this.runs) {
      if (!seen.has(recipe.id)) {
        seen.add(recipe.id);
        out.push(recipe);
      }
    }
    return out;
  }

  /** How many runs of recipe `id` this plan holds. */
  runsOf(id: string): number {
    return this.runs.filter((r) => r.recipe.id === id).length;
  }

  /** Runs [start, end), as `Array.prototype.slice`. */
  slice(start?: number, end?: number): Plan {
    return new Plan(this.globs, this.tiers, this.runs.slice(start, end));
  }

  /**
   * Shard `index` of `count` (0-based): contiguous, sizes differing by at most one, the first
   * shards the larger; shards 0..count-1 concatenated are this plan.
   */
  shard(index: number, count: number): Plan {
    if (!Number.isInteger(count) || count < 1) throw new ZooError(`shard count ${count}: expected a positive integer`);
    if (!Number.isInteger(index) || index < 0 || index >= count) throw new ZooError(`shard ${index}: expected 0..${count - 1}`);
    const base = Math.floor(this.size / count);
    const extra = this.size % count;
    const start = index * base + Math.min(index, extra);
    return this.slice(start, start + base + (index < extra ? 1 : 0));
  }
}
