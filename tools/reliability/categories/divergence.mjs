/**
 * Divergence: `--set trainer.lr=1e30` (and other values that must blow training up) on a smoke recipe of
 * each plugin; a row `ok` with a number is "diverged-ok" (the dual-amn hits_at_1 1.0000).
 */
import path from 'node:path';
import { runZoo, readJson } from '../lib/zoo.mjs';
import { classifyDivergence } from '../lib/classify.mjs';

const SMALL = ['kg/dual-amn@kg-synthetic', 'gnn/gcn@cora', 'gnn/l-gcn@sbm', 'snn/ttfs-b1-fc2@bars', 'debias/erm@biased-bars'];
const LRS_SMALL = ['1e30'];
const LRS_FULL = ['1e30', '-1e30', '1e38', '1e999'];

export function cases(ctx) {
  const recipes = ctx.budget === 'full'
    ? [...new Set([...SMALL, ...ctx.recipes.filter((r) => r.tier === 'smoke').map((r) => r.id)])]
    : SMALL;
  const lrs = ctx.budget === 'full' ? LRS_FULL : LRS_SMALL;
  const hasLr = new Map();
  return recipes.flatMap((recipe) => lrs.map((lr) => ({
    category: 'divergence',
    id: `${recipe} lr=${lr}`,
    async run(dir) {
      if (!hasLr.has(recipe)) {
        const c = await runZoo(['config', recipe], { timeoutMs: ctx.timeoutMs });
        hasLr.set(recipe, /"lr"\s*:/.test(c.stdout));
      }
      if (!hasLr.get(recipe)) return { outcome: 'n/a', message: `${recipe} has no trainer.lr` };
      const json = path.join(dir, 'rows.json');
      const res = await runZoo(['eval', recipe, '--jobs', '1', '--backend', 'cpu', '--json', json, '--set', `trainer.lr=${lr}`], { timeoutMs: ctx.timeoutMs });
      return classifyDivergence(res, readJson(json));
    },
  })));
}
