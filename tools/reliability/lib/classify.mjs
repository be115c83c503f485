/**
 * Outcome classification of one probe (the rules are in ../README.md, "Classification"). Pure: takes
 * a finished zoo run (lib/zoo.mjs) plus what the probe expects, returns { outcome, message }.
 */

/** Every outcome, in table order; FAILING ones make the probe script exit non-zero. */
export const OUTCOMES = ['ok', 'clear', 'vague', 'crash', 'hang', 'silent', 'diverged-ok', 'corrupt', 'stale', 'mismatch', 'lost', 'unbounded', 'n/a'];
export const FAILING = new Set(['crash', 'hang', 'silent', 'diverged-ok', 'corrupt', 'stale', 'mismatch', 'lost', 'unbounded']);

const STACK = /\n\s+at \S/; // a V8 stack frame ("\n    at fn (file:1:2)")
const FATAL = /FATAL ERROR|heap out of memory|Segmentation fault|Aborted \(core dumped\)|Maximum call stack size exceeded/;

/** The first line that reads like the zoo's own error message, else the last non-empty line. */
export function firstMessage(text) {
  const lines = String(text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /^zoo:|error|refus|invalid|expected|corrupt|cannot|not found|no such/i.test(l)) ?? lines[lines.length - 1] ?? '';
}

/** Rows of an eval `--json` file (array) or a train result (object); anything else counts as none. */
function asRows(json) {
  if (Array.isArray(json)) return json.filter((r) => r && typeof r === 'object');
  return [];
}

/** A stack trace or a fatal runtime death anywhere in the run's output or rows. */
export function crashOf(res, rows = []) {
  if (res.signal && !res.timedOut && !res.killedByUs && !res.rssKilled) return `killed by ${res.signal}`;
  if (res.code !== null && res.code >= 128 && res.code !== 130 && res.code !== 143) return `exit ${res.code}`;
  const text = `${res.stderr}\n${res.stdout}`;
  const fatal = text.match(FATAL);
  if (fatal) return firstMessage(text.slice(text.indexOf(fatal[0])));
  if (STACK.test(res.stderr)) return firstMessage(res.stderr);
  const traced = rows.find((r) => typeof r.reason === 'string' && STACK.test(r.reason));
  if (traced) return traced.reason.split('\n')[0];
  return null;
}

/**
 * A probe that fed bad input. `names` (RegExp) is what a clear message must mention; `mayBeValid` says a
 * normal result is a correct answer too (a byte flip inside a float); `warnOk` (RegExp) accepts exit 0 when
 * stderr warns about the value (a capped `--jobs`); `maxRssMb` bounds the run's peak resident memory (a gzip
 * bomb must be refused before it is inflated, not after).
 */
export function classifyBadInput(res, json, { names, mayBeValid = false, warnOk, maxRssMb } = {}) {
  const rows = asRows(json);
  if (res.rssKilled) return { outcome: 'unbounded', message: `killed at ${res.peakRssMb} MB resident after ${res.ms} ms` };
  if (res.timedOut) return { outcome: 'hang', message: `no answer after ${res.ms} ms (${res.peakRssMb} MB resident)` };
  if (maxRssMb && res.peakRssMb > maxRssMb) return { outcome: 'unbounded', message: `peak ${res.peakRssMb} MB resident, more than ${maxRssMb} MB (exit ${res.code}: ${firstMessage(rows.find((r) => r.reason)?.reason ?? res.stderr).slice(0, 120)})` };
  const crash = crashOf(res, rows);
  if (crash) return { outcome: 'crash', message: crash };
  const refusedRows = rows.filter((r) => r.status && r.status !== 'ok');
  const refused = res.code !== 0 || refusedRows.length > 0;
  if (!refused) {
    if (warnOk && warnOk.test(res.stderr)) return { outcome: 'clear', message: firstMessage(res.stderr.split('\n').filter((l) => warnOk.test(l)).join('\n')) };
    if (mayBeValid) return { outcome: 'ok', message: 'valid result' };
    return { outcome: 'silent', message: `exit 0${rows.length ? `, rows ${rows.map((r) => `${r.metric} ${r.mean}`).slice(0, 2).join(', ')}` : ''}` };
  }
  const reason = refusedRows.find((r) => typeof r.reason === 'string' && r.reason)?.reason;
  const message = reason ?? firstMessage(res.stderr || res.stdout);
  const oneLine = !message.includes('\n');
  if (names && names.test(message) && oneLine) return { outcome: 'clear', message };
  return { outcome: 'vague', message: message.split('\n')[0] || `exit ${res.code}, no message` };
}

/**
 * A probe whose training must diverge (lr=1e30): a row `ok` with a number is "diverged-ok"; a failed
 * row or a refusal naming the divergence (or the flag) is clear.
 */
export function classifyDivergence(res, json, { names = /non-finite|NaN|diverg|infinit|trainer\.lr/i } = {}) {
  const rows = asRows(json);
  if (res.rssKilled) return { outcome: 'unbounded', message: `killed at ${res.peakRssMb} MB resident after ${res.ms} ms` };
  if (res.timedOut) return { outcome: 'hang', message: `no answer after ${res.ms} ms` };
  const crash = crashOf(res, rows);
  if (crash) return { outcome: 'crash', message: crash };
  const okNumber = rows.find((r) => r.status === 'ok' && typeof r.mean === 'number');
  if (okNumber) return { outcome: 'diverged-ok', message: `${okNumber.metric} ${okNumber.mean} status ok, exit ${res.code}` };
  return classifyBadInput(res, json, { names });
}
