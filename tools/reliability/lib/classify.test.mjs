// The classification rules (README "Classification") on canned runs: `node --test tools/reliability/`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { classifyBadInput, classifyDivergence, crashOf } from './classify.mjs';

const run = (o) => ({ args: [], code: 1, signal: null, stdout: '', stderr: '', timedOut: false, killedByUs: false, ms: 10, ...o });
const names = /ind\.cora\.x/;

test('a one-line refusal naming the file is clear; naming nothing is vague', () => {
  assert.equal(classifyBadInput(run({ stderr: 'zoo: ind.cora.x at byte 12: truncated\n' }), null, { names }).outcome, 'clear');
  assert.equal(classifyBadInput(run({ stderr: 'zoo: EISDIR: illegal operation on a directory, read\n' }), null, { names }).outcome, 'vague');
});

test('a failed row is a refusal even with exit 0; its reason is the message', () => {
  const rows = [{ recipe: 'r', metric: 'accuracy', status: 'failed', reason: 'data corrupt: ind.cora.x at byte 3' }];
  assert.deepEqual(classifyBadInput(run({ code: 0 }), rows, { names }), { outcome: 'clear', message: rows[0].reason });
});

test('stack frames in stderr or in a row reason, fatal errors and signals are crashes', () => {
  assert.equal(classifyBadInput(run({ stderr: 'Error: x\n    at f (a.js:1:2)\n' }), null, { names }).outcome, 'crash');
  const rows = [{ status: 'failed', reason: 'ind.cora.x: TypeError\n    at read (r.js:3:4)' }];
  assert.equal(classifyBadInput(run({}), rows, { names }).outcome, 'crash');
  assert.equal(classifyBadInput(run({ stderr: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' }), null, { names }).outcome, 'crash');
  assert.equal(classifyBadInput(run({ code: null, signal: 'SIGSEGV' }), null, { names }).outcome, 'crash');
  assert.equal(crashOf(run({ code: null, signal: 'SIGKILL', killedByUs: true })), null);
});

test('a timeout is a hang; exit 0 on bad input is silent unless a valid result is allowed or a warning names the flag', () => {
  assert.equal(classifyBadInput(run({ code: null, signal: 'SIGKILL', timedOut: true }), null, { names }).outcome, 'hang');
  const ok = [{ metric: 'accuracy', mean: 0.13, status: 'ok' }];
  assert.equal(classifyBadInput(run({ code: 0 }), ok, { names }).outcome, 'silent');
  assert.equal(classifyBadInput(run({ code: 0 }), ok, { names, mayBeValid: true }).outcome, 'ok');
  assert.equal(classifyBadInput(run({ code: 0, stderr: 'zoo: --jobs 1000 capped at 2 (the cores)\n' }), ok, { warnOk: /--jobs/ }).outcome, 'clear');
});

test('divergence: an ok row with a number is diverged-ok; a failed row naming NaN is clear', () => {
  const ok = [{ metric: 'hits_at_1', mean: 1, status: 'ok' }];
  assert.equal(classifyDivergence(run({ code: 0, stderr: 'training loss is NaN; stopping' }), ok).outcome, 'diverged-ok');
  const failed = [{ metric: 'hits_at_1', mean: null, status: 'failed', reason: 'training diverged: loss NaN at epoch 1 (last good checkpoint: none)' }];
  assert.equal(classifyDivergence(run({}), failed).outcome, 'clear');
});
