/**
 * Broken checkpoints: a tiny smoke run trained once with --out, copied per case, its `last/` corrupted
 * (weights.bin bits, NaN bytes, random, a same-size foreign file; model.json fields, paths out of the
 * folder, symlinks, shapes, invalid JSON; stale `last.tmp-*` folders), then `zoo train … --out DIR --resume`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runZoo, readJson } from '../lib/zoo.mjs';
import { classifyBadInput } from '../lib/classify.mjs';

const RECIPE = 'gnn/gcn@sbm';
const TRAIN = ['--backend', 'cpu', '--set', 'trainer.maxEpochs=6', '--set', 'trainer.checkpointEvery=2'];
const W = /weights\.bin|sha-?256|hash|checksum|digest/i;
const J = /model\.json/;

const editJson = (fn) => (run) => {
  const f = path.join(run, 'last/model.json');
  const j = JSON.parse(fs.readFileSync(f, 'utf8'));
  fn(j, run);
  fs.writeFileSync(f, JSON.stringify(j));
};
const editWeights = (fn) => (run, r) => {
  const f = path.join(run, 'last/weights.bin');
  const b = fs.readFileSync(f);
  fn(b, r);
  fs.writeFileSync(f, b);
};
const firstWeight = (j) => j.weightsManifest[0].weights[0];

/** [id, corrupt(runDir, rng, ctx), names, small?] */
const CASES = [
  ['weights.bin flip 1 bit', editWeights((b, r) => { b[r.int(0, b.length)] ^= 1 << r.int(0, 8); }), W, true],
  ['weights.bin flip 16 bytes', editWeights((b, r) => { for (let i = 0; i < 16; i++) b[r.int(0, b.length)] ^= 0xff; }), W],
  ['weights.bin NaN floats', editWeights((b, r) => { for (let i = 0; i < 8; i++) b.writeUInt32LE(0x7fc00000, 4 * r.int(0, b.length >> 2)); }), W, true],
  ['weights.bin Infinity floats', editWeights((b) => { b.writeUInt32LE(0x7f800000, 0); }), W],
  ['weights.bin random', editWeights((b, r) => { for (let i = 0; i < b.length; i++) b[i] = r.int(0, 256); }), W, true],
  ['weights.bin zeroed', editWeights((b) => b.fill(0)), W],
  ['weights.bin foreign same size', (run, r, ctx) => fs.copyFileSync(path.join(ctx.foreign, 'last/weights.bin'), path.join(run, 'last/weights.bin')), W, true],
  ['weights.bin truncated', (run) => fs.truncateSync(path.join(run, 'last/weights.bin'), 1000), W],
  ['weights.bin longer', (run) => fs.appendFileSync(path.join(run, 'last/weights.bin'), Buffer.alloc(64)), W],
  ['weights.bin missing', (run) => fs.rmSync(path.join(run, 'last/weights.bin')), W],
  ['weights.bin a folder', (run) => { fs.rmSync(path.join(run, 'last/weights.bin')); fs.mkdirSync(path.join(run, 'last/weights.bin')); }, W],
  ['weights.bin symlink out', (run, r, ctx) => { fs.rmSync(path.join(run, 'last/weights.bin')); fs.symlinkSync(path.join(ctx.foreign, 'last/weights.bin'), path.join(run, 'last/weights.bin')); }, /weights\.bin|symlink|link|outside/i, true],
  ['model.json invalid JSON', (run) => fs.writeFileSync(path.join(run, 'last/model.json'), '{"format": "zoo-checkpoint",'), J, true],
  ['model.json empty', (run) => fs.writeFileSync(path.join(run, 'last/model.json'), ''), J],
  ['model.json zoo.epoch "abc"', editJson((j) => { j.zoo.epoch = 'abc'; }), /epoch/, true],
  ['model.json zoo.epoch -1', editJson((j) => { j.zoo.epoch = -1; }), /epoch/],
  ['model.json zoo.epoch 1e9', editJson((j) => { j.zoo.epoch = 1e9; }), /epoch/],
  ['model.json zoo.rng missing', editJson((j) => { delete j.zoo.rng; }), /rng/],
  ['model.json zoo.rng "x"', editJson((j) => { j.zoo.rng = { data: 'x' }; }), /rng/],
  ['model.json recipe changed', editJson((j) => { j.zoo.recipe = 'gnn/sgc@sbm'; }), /recipe|gnn\/sgc@sbm/],
  ['model.json paths ../ (same-size file outside)', editJson((j, run) => { fs.copyFileSync(path.join(run, 'last/weights.bin'), path.resolve(run, '..', 'outside.bin')); j.weightsManifest[0].paths = ['../../outside.bin']; }), /paths|\.\.|outside|model\.json/, true],
  ['model.json paths ../../etc/passwd', editJson((j) => { j.weightsManifest[0].paths = ['../../../../../../../../etc/passwd']; }), /paths|\.\.|outside|model\.json|etc\/passwd/],
  ['model.json paths absolute', editJson((j, run) => { j.weightsManifest[0].paths = [path.resolve(run, '..', 'foreign-weights.bin')]; fs.copyFileSync(path.join(run, 'last/weights.bin'), path.resolve(run, '..', 'foreign-weights.bin')); }), /paths|absolute|outside|model\.json|foreign-weights\.bin/, true],
  ['model.json paths symlink out', editJson((j, run) => { fs.renameSync(path.join(run, 'last/weights.bin'), path.resolve(run, '..', 'out.bin')); fs.symlinkSync(path.resolve(run, '..', 'out.bin'), path.join(run, 'last/w2.bin')); j.weightsManifest[0].paths = ['w2.bin']; }), /w2\.bin|symlink|link|outside/i],
  ['model.json shape transposed', editJson((j) => { firstWeight(j).shape = [...firstWeight(j).shape].reverse(); }), /shape|model\/w0/, true],
  ['model.json shape bigger', editJson((j) => { firstWeight(j).shape = [firstWeight(j).shape[0] + 1, firstWeight(j).shape[1]]; }), /shape|model\/w0|weights\.bin|size|bytes/],
  ['model.json dtype int32', editJson((j) => { firstWeight(j).dtype = 'int32'; }), /dtype|model\/w0/],
  ['model.json weight renamed', editJson((j) => { firstWeight(j).name = 'model/nope'; }), /model\/nope|model\/w0/],
  ['model.json weights dropped', editJson((j) => { j.weightsManifest[0].weights.shift(); }), /model\/w0|weights|missing/],
  ['model.json format other', editJson((j) => { j.format = 'layers-model'; }), /format|model\.json/],
  ['config.json invalid JSON', (run) => fs.writeFileSync(path.join(run, 'config.json'), '{'), /config\.json/],
  ['config.json lr "abc"', (run) => { const f = path.join(run, 'config.json'); const c = JSON.parse(fs.readFileSync(f, 'utf8')); (c.trainer ?? c.config.trainer).lr = 'abc'; fs.writeFileSync(f, JSON.stringify(c)); }, /trainer\.lr|config\.json/],
];

/** Stale temp folders a killed writer leaves: the resume must succeed and clean them. */
const STALE = ['stale last.tmp-* folders', (run) => {
  for (const s of ['last.tmp-12345-1', 'last.tmp-99999-2']) { fs.cpSync(path.join(run, 'last'), path.join(run, s), { recursive: true }); fs.truncateSync(path.join(run, s, 'weights.bin'), 10); }
}];

/** Trains the base run (and a foreign run of another seed) once per probe session. */
async function base(ctx) {
  if (!ctx.ckptBase) {
    ctx.ckptBase = (async () => {
      const dir = fs.mkdtempSync(path.join(ctx.tmp, 'ckpt-base-'));
      const good = path.join(dir, 'good');
      const foreign = path.join(dir, 'foreign');
      const a = await runZoo(['train', RECIPE, '--out', good, ...TRAIN], { timeoutMs: ctx.timeoutMs });
      const b = await runZoo(['train', RECIPE, '--out', foreign, ...TRAIN, '--set', 'seed=7'], { timeoutMs: ctx.timeoutMs });
      if (a.code !== 0 || b.code !== 0) throw new Error(`checkpoint base run failed: ${a.stderr || b.stderr}`);
      return { good, foreign };
    })();
  }
  return ctx.ckptBase;
}

export function cases(ctx) {
  const list = CASES.filter((c) => ctx.budget === 'full' || c[3]).map(([id, corrupt, names]) => ({
    category: 'checkpoint',
    id,
    async run(dir) {
      const { good, foreign } = await base(ctx);
      const run = path.join(dir, 'run');
      fs.cpSync(good, run, { recursive: true });
      await corrupt(run, ctx.rng.fork(id), { foreign });
      const json = path.join(dir, 'result.json');
      const res = await runZoo(['train', RECIPE, '--out', run, '--resume', '--backend', 'cpu', '--json', json], { timeoutMs: ctx.timeoutMs });
      return classifyBadInput(res, readJson(json), { names });
    },
  }));
  list.push({
    category: 'checkpoint',
    id: STALE[0],
    async run(dir) {
      const { good } = await base(ctx);
      const run = path.join(dir, 'run');
      fs.cpSync(good, run, { recursive: true });
      STALE[1](run);
      const res = await runZoo(['train', RECIPE, '--out', run, '--resume', '--backend', 'cpu'], { timeoutMs: ctx.timeoutMs });
      const c = classifyBadInput(res, null, { mayBeValid: true });
      if (c.outcome !== 'ok') return c;
      const left = fs.readdirSync(run).filter((f) => f.startsWith('last.tmp-'));
      return left.length ? { outcome: 'stale', message: `resume left ${left.join(', ')}` } : { outcome: 'ok', message: 'cleaned' };
    },
  });
  return list;
}
