/**
 * Concurrent writers: two `zoo eval --json same.json` at once (each must end up in the file, or one is
 * refused with a message naming the holder: a silently lost result set is "lost"); two and three
 * `zoo train --out same` at once, also with --overwrite (a rerun: each passes the folder check), where
 * exactly one may write the folder and the others are refused naming the holder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startZoo, readJson } from '../lib/zoo.mjs';
import { crashOf, firstMessage } from '../lib/classify.mjs';

// a refusal must say why: the lock's holder, or (the folder check) that --out already holds a run
const HOLDER = /lock|held|holder|pid|in use|another|busy|already holds/i;
const EVAL_SET = ['--set', 'trainer.maxEpochs=60', '--set', 'trainer.patience=1000'];

/** Common verdict over the racers' results: hang, crash, or null to go on. */
function broken(results) {
  const hung = results.find((r) => r.timedOut);
  if (hung) return { outcome: 'hang', message: `${hung.args.slice(0, 2).join(' ')}: no answer after ${hung.ms} ms` };
  for (const r of results) {
    const c = crashOf(r);
    if (c) return { outcome: 'crash', message: c };
  }
  return null;
}

/** Refused racers must name the holder (clear); any other failure is vague. */
function refusals(results) {
  const refused = results.filter((r) => r.code !== 0);
  const vague = refused.find((r) => !HOLDER.test(firstMessage(r.stderr)));
  return { refused, vague: vague && firstMessage(vague.stderr) };
}

function evalRace(ctx, trial) {
  return {
    category: 'concurrency',
    id: `2 evals, one --json${trial ? ` #${trial + 1}` : ''}`,
    async run(dir) {
      const json = path.join(dir, 'same.json');
      const recipes = ['gnn/gcn@cora', 'gnn/sgc@cora'];
      const racers = recipes.map((r) => startZoo(['eval', r, '--jobs', '1', '--backend', 'cpu', '--json', json, ...EVAL_SET], { timeoutMs: ctx.timeoutMs }));
      const results = await Promise.all(racers.map((x) => x.done));
      const b = broken(results);
      if (b) return b;
      const rows = readJson(json) ?? [];
      const { refused, vague } = refusals(results);
      const expected = recipes.filter((_, i) => results[i].code === 0);
      const lost = expected.filter((r) => !rows.some((row) => row.recipe === r));
      if (lost.length) return { outcome: 'lost', message: `${lost.join(', ')} exited 0 but is not in same.json (${refused.length} refused)` };
      if (vague) return { outcome: 'vague', message: vague };
      if (!expected.length) return { outcome: 'vague', message: 'both refused: nothing written' };
      return { outcome: refused.length ? 'clear' : 'ok', message: refused.length ? firstMessage(refused[0].stderr) : 'both results in the file' };
    },
  };
}

function trainRace(ctx, n, trial, overwrite = false) {
  return {
    category: 'concurrency',
    id: `${n} trains, one --out${overwrite ? ' --overwrite' : ''}${trial ? ` #${trial + 1}` : ''}`,
    async run(dir) {
      const out = path.join(dir, 'run');
      const racers = Array.from({ length: n }, (_, i) => startZoo(
        ['train', 'gnn/gcn@cora', '--out', out, ...(overwrite ? ['--overwrite'] : []), '--backend', 'cpu', '--json', path.join(dir, `r${i}.json`), '--set', `seed=${i + 1}`, '--set', 'trainer.maxEpochs=60', '--set', 'trainer.checkpointEvery=2', '--set', 'trainer.patience=1000'],
        { timeoutMs: ctx.timeoutMs },
      ));
      const results = await Promise.all(racers.map((x) => x.done));
      const b = broken(results);
      if (b) return b;
      const winners = results.map((r, i) => (r.code === 0 ? i : -1)).filter((i) => i >= 0);
      const { vague } = refusals(results);
      if (winners.length > 1) return { outcome: 'lost', message: `${winners.length} of ${n} runs exited 0 into one --out: one folder holds at most one of them` };
      if (vague) return { outcome: 'vague', message: vague };
      if (!winners.length) return { outcome: 'vague', message: `all ${n} refused` };
      const stored = readJson(path.join(out, 'config.json'));
      const seed = stored?.seed ?? stored?.config?.seed; // config.json: { recipe, seed, model, data, trainer }
      if (seed !== winners[0] + 1) return { outcome: 'lost', message: `config.json has seed ${seed}, the run that finished had seed ${winners[0] + 1}` };
      const refused = results.find((r) => r.code !== 0);
      return { outcome: 'clear', message: firstMessage(refused.stderr) };
    },
  };
}

export function cases(ctx) {
  const trials = ctx.budget === 'full' ? 5 : 1;
  const out = [];
  for (let t = 0; t < trials; t++) {
    out.push(evalRace(ctx, t), trainRace(ctx, 2, t), trainRace(ctx, 3, t, true));
    if (ctx.budget === 'full') out.push(trainRace(ctx, 3, t), trainRace(ctx, 2, t, true));
  }
  return out;
}
