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
const FLAGS = ['--backend', 'cpu', '--set', 'trainer.maxEpochs=100', '--set', 'trainer.checkpointEvery=3', '--set', 'trainer.patience=1000'];
const sha = (f) => (fs.existsSync(f) ? crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex') : null);

/** The uninterrupted run, once per probe session: its metrics, final weights hash and wall time. */
function reference(ctx) {
  ctx.killRef ??= (async () => {
    const out = fs.mkdtempSync(path.join(ctx.tmp, 'kill-ref-'));
    const json = path.join(out, 'result.json');
    const res = await runZoo(['train', RECIPE, '--out', path.join(out, 'run'), '--json', json, ...FLAGS], { timeoutMs: ctx.timeoutMs * 2 });
    const r = readJson(json);
    if (res.code !== 0 || !r) throw new Error(`kill trials: the uninterrupted run failed: ${res.stderr.split('\n').slice(-3).join(' ')}`);
    return { metrics: JSON.stringify(r.metrics), weights: sha(path.join(out, 'run/final/weights.bin')), ms: res.ms };
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
      // from plugin loading to the last epoch: most kills land while epochs and checkpoints are written
      const delay = Math.round(300 + r.next() * ref.ms * 0.95);
      const run = path.join(dir, 'run');
      const child = startZoo(['train', RECIPE, '--out', run, ...FLAGS], { timeoutMs: ctx.timeoutMs * 2 });
      const timer = setTimeout(() => child.kill9(), delay);
      const killed = await child.done;
      clearTimeout(timer);
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
