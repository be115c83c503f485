/**
 * Broken configs and flags: `--set` with bad types, unknown fields, prototype keys, huge sizes; bad
 * `--seeds`, `--jobs`, `--tier`, globs, `--backend`, `--data-dir`, `--out`, `--json`. Each case names what a
 * clear refusal must mention.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runZoo, readJson } from '../lib/zoo.mjs';
import { classifyBadInput } from '../lib/classify.mjs';

const R = 'gnn/gcn@sbm';
const TRAIN = (set) => ['train', R, '--backend', 'cpu', '--set', set];
const EVAL = (...a) => ['eval', R, '--backend', 'cpu', '--json', '{json}', ...a];

/** [id, argv (with {dir}/{json} placeholders), names, options]; `small` marks the CI handful. */
const CASES = [
  ['set lr=abc', TRAIN('trainer.lr=abc'), /trainer\.lr/, { small: true }],
  ['set lr=""', TRAIN('trainer.lr='), /trainer\.lr/],
  ['set lr=[1]', TRAIN('trainer.lr=[1]'), /trainer\.lr/],
  ['set lr={}', TRAIN('trainer.lr={}'), /trainer\.lr/],
  ['set maxEpochs=-5', TRAIN('trainer.maxEpochs=-5'), /trainer\.maxEpochs/],
  ['set maxEpochs=2.5', TRAIN('trainer.maxEpochs=2.5'), /trainer\.maxEpochs/],
  ['set maxEpochs=1e12', TRAIN('trainer.maxEpochs=1e12'), /trainer\.maxEpochs/, { small: true }],
  ['set maxEpochs=Infinity', TRAIN('trainer.maxEpochs=Infinity'), /trainer\.maxEpochs/],
  ['set patience=1e12', TRAIN('trainer.patience=1e12'), /trainer\.patience/],
  ['set checkpointEvery=0', TRAIN('trainer.checkpointEvery=0'), /trainer\.checkpointEvery/],
  ['set optimizer=nope', TRAIN('trainer.optimizer=nope'), /trainer\.optimizer/],
  ['set unknown trainer.nope', TRAIN('trainer.nope=1'), /trainer\.nope/, { small: true }],
  ['set unknown top-level', TRAIN('nope=1'), /nope/],
  ['set unknown section', TRAIN('nope.x=1'), /nope\.x/],
  ['set __proto__.x=1', TRAIN('__proto__.x=1'), /__proto__/, { small: true }],
  ['set trainer.__proto__.x=1', TRAIN('trainer.__proto__.x=1'), /__proto__/],
  ['set constructor.x=1', TRAIN('constructor.x=1'), /constructor/, { small: true }],
  ['set constructor.prototype.x=1', TRAIN('constructor.prototype.x=1'), /constructor|prototype/],
  ['set prototype.x=1', TRAIN('prototype.x=1'), /prototype/],
  ['set model.hidden=abc', TRAIN('model.hidden=abc'), /model\.hidden/],
  ['set model.hidden=0', TRAIN('model.hidden=0'), /model\.hidden/],
  ['set model.hidden=1e9', TRAIN('model.hidden=1e9'), /model\.hidden/, { small: true }],
  ['set model.dropout=2', TRAIN('model.dropout=2'), /model\.dropout/],
  ['set data.nodes=1e12', TRAIN('data.nodes=1e12'), /data\.nodes/],
  ['set data.nodes=-1', TRAIN('data.nodes=-1'), /data\.nodes/],
  ['set seed=abc', TRAIN('seed=abc'), /seed/],
  ['set seed=-1', TRAIN('seed=-1'), /seed/],
  ['set seed=1e300', TRAIN('seed=1e300'), /seed/],
  ['set no =', TRAIN('trainer.lr'), /--set|trainer\.lr/],
  ['set empty key', TRAIN('=1'), /--set|key|field/],
  ['seeds 1e9', EVAL('--seeds', '1e9'), /--seeds/, { small: true }],
  ['seeds 0', EVAL('--seeds', '0'), /--seeds/],
  ['seeds -1', EVAL('--seeds', '-1'), /--seeds/],
  ['seeds abc', EVAL('--seeds', 'abc'), /--seeds/],
  ['seeds 2.5', EVAL('--seeds', '2.5'), /--seeds/],
  ['jobs 1000', EVAL('--jobs', '1000'), /--jobs/, { small: true, warnOk: /--jobs/ }],
  ['jobs 0', EVAL('--jobs', '0'), /--jobs/],
  ['jobs -2', EVAL('--jobs', '-2'), /--jobs/],
  ['jobs abc', EVAL('--jobs', 'abc'), /--jobs/],
  ['tier nope', ['eval', '--tier', 'nope', '--backend', 'cpu'], /--tier|nope/, { small: true }],
  ['tier empty', ['eval', '--tier', '', '--backend', 'cpu'], /--tier/],
  ['glob gnn/[', ['eval', 'gnn/[', '--backend', 'cpu'], /gnn\/\[/, { small: true }],
  ['glob matches nothing', ['eval', 'nothing/*', '--backend', 'cpu'], /nothing\/\*/],
  ['glob empty', ['eval', '', '--backend', 'cpu'], /recipe|pattern|empty/i],
  ['unknown recipe', ['train', 'gnn/nope@cora'], /gnn\/nope@cora/],
  ['backend nope', ['train', R, '--backend', 'nope'], /nope/],
  ['data-dir missing', ['eval', R, '--data-dir', '{dir}/nonexistent'], /nonexistent/],
  ['data-dir is a file', ['eval', R, '--data-dir', '{dir}/file'], /file/, { setup: (d) => fs.writeFileSync(path.join(d, 'file'), 'x') }],
  ['out is a file', ['train', R, '--backend', 'cpu', '--out', '{dir}/file'], /file/, { small: true, setup: (d) => fs.writeFileSync(path.join(d, 'file'), 'x') }],
  ['json is a folder', ['eval', R, '--backend', 'cpu', '--json', '{dir}/x.json'], /x\.json/, { setup: (d) => fs.mkdirSync(path.join(d, 'x.json')) }],
  // the output's folder is created (as `--out` is): a valid run, not bad input
  ['json in a missing folder', ['eval', R, '--backend', 'cpu', '--json', '{dir}/no/such/x.json'], /x\.json|no\/such/, { mayBeValid: true }],
  ['resume without out', ['train', R, '--resume'], /--out|--resume/],
  ['resume and overwrite', ['train', R, '--out', '{dir}/run', '--resume', '--overwrite'], /--resume|--overwrite/],
];

export function cases(ctx) {
  return CASES.filter(([, , , o = {}]) => ctx.budget === 'full' || o.small).map(([id, argv, names, o = {}]) => ({
    category: 'config',
    id,
    async run(dir) {
      o.setup?.(dir);
      const json = path.join(dir, 'rows.json');
      const args = argv.map((a) => a.replace('{dir}', dir).replace('{json}', json));
      const res = await runZoo(args, { timeoutMs: ctx.timeoutMs });
      return classifyBadInput(res, readJson(json), { names, warnOk: o.warnOk, mayBeValid: o.mayBeValid });
    },
  }));
}
