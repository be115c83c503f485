/**
 * kill -9 trials: a training run with --out and a small checkpointEvery is killed (its whole process
 * group, SIGKILL) after a seeded delay; then the checkpoint must load (`--resume` succeeds, or there was
 * no checkpoint yet and a fresh run starts), the resumed run's final metrics and final weights must equal
 * an uninterrupted run's with the same seed, and no `last.tmp-*` folder may survive the resume.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runZoo, startZoo, readJson } from '../lib/zoo.mjs';
import { crashOf } from '../lib/classify.mjs';

const RECIPE = 'gnn/gcn@cora';
const FLAGS = ['--backend', 'cpu', '--set', 'trainer.maxEpochs=100', '--set', 'trainer.checkpointEvery=1', '--set', 'trainer.patience=1000'];
const sha = (f) => (fs.existsSync(f) ? crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex') : null);

/** Resolves with the ms since `t0` when `file` exists (polled), or null when `done` settles first. */
function whenExists(file, done, t0) {
  return new Promise((resolve) => {
    const poll = setInterval(() => { if (fs.existsSync(file)) { clearInterval(poll); resolve(Date.now() - t0); } }, 10);
    done.then(() => { clearInterval(poll); resolve(fs.existsSync(file) ? Date.now() - t0 : null); });
  });
}

/** The uninterrupted run, once per probe session: its metrics, final weights hash, wall time and when its
 * first checkpoint appeared (kills are timed over the checkpointing part of the run). */
function reference(ctx) {
  ctx.killRef ??= (async () => {
    const out = fs.mkdtempSync(path.join(ctx.tmp, 'kill-ref-'));
    const json = path.join(out, 'result.json');
    const t0 = Date.now();
    const p = startZoo(['train', RECIPE, '--out', path.join(out, 'run'), '--json', json, ...FLAGS], { timeoutMs: ctx.timeoutMs * 2 });
    const firstCkpt = await whenExists(path.join(out, 'run/last/model.json'), p.done, t0);
    const res = await p.done;
    const r = readJson(json);
    if (res.code !== 0 || !r) throw new Error(`kill trials: the uninterrupted run failed: ${res.stderr.split('\n').slice(-3).join(' ')}`);
    return { metrics: JSON.stringify(r.metrics), weights: sha(path.join(out, 'run/final/weights.bin')), ms: res.ms, firstCkpt: firstCkpt ?? 0 };
  })();
  return ctx.killRef;
}

export function cases(ctx) {
  const n = ctx.budget === 'full' ? 50 : 3;
  return Array.from({ length: n }, (_, i) => ({
    category: 'kill',
    id: `trial ${i + 1}`,
    async run(dir) {
      const ref = await reference(ctx);
      const r = ctx.rng.fork(`kill ${i}`);
      // one trial in four anywhere from the start (start-up, data loading, the first write); the others a
      // seeded time after this run's first checkpoint appeared, over the rest of the run's length
      const early = i % 4 === 3;
      const window = early ? ref.ms : Math.max(200, ref.ms - ref.firstCkpt);
      const after = Math.round(r.next() * window * 0.95);
      const run = path.join(dir, 'run');
      const t0 = Date.now();
      const child = startZoo(['train', RECIPE, '--out', run, ...FLAGS], { timeoutMs: ctx.timeoutMs * 2 });
      const from = early ? 0 : await whenExists(path.join(run, 'last/model.json'), child.done, t0);
      const timer = setTimeout(() => child.kill9(), from === null ? 0 : after);
      const killed = await child.done;
      clearTimeout(timer);
      const delay = Date.now() - t0;
      const crash = crashOf(killed);
      if (crash) return { outcome: 'crash', message: `before the kill: ${crash}` };
      const stale = fs.existsSync(run) ? fs.readdirSync(run).filter((f) => f.includes('.tmp-')) : [];
      const hasLast = fs.existsSync(path.join(run, 'last/model.json'));
      const json = path.join(dir, 'result.json');
      const resumed = await runZoo(['train', RECIPE, '--out', run, hasLast ? '--resume' : '--overwrite', '--json', json, ...(hasLast ? ['--backend', 'cpu'] : FLAGS)], { timeoutMs: ctx.timeoutMs * 2 });
      const at = `killed at ${delay} ms${killed.killedByUs ? '' : ' (had finished)'}, ${hasLast ? 'resumed' : 'no checkpoint yet, restarted'}`;
      if (resumed.timedOut) return { outcome: 'hang', message: `${at}: no answer after ${resumed.ms} ms` };
      if (resumed.code !== 0) return { outcome: 'corrupt', message: `${at}: ${resumed.stderr.trim().split('\n').pop()}` };
      const got = readJson(json);
      if (JSON.stringify(got?.metrics) !== ref.metrics) return { outcome: 'mismatch', message: `${at}: metrics ${JSON.stringify(got?.metrics)} != ${ref.metrics}` };
      if (sha(path.join(run, 'final/weights.bin')) !== ref.weights) return { outcome: 'mismatch', message: `${at}: final/weights.bin differs from the uninterrupted run's` };
      const left = fs.readdirSync(run).filter((f) => f.includes('.tmp-'));
      if (left.length) return { outcome: 'stale', message: `${at}: ${left.join(', ')} left after the resume (${stale.length} after the kill)` };
      return { outcome: 'ok', message: `${at}: equal to the uninterrupted run${stale.length ? ` (cleaned ${stale.length} temp folders)` : ''}` };
    },
  }));
}
