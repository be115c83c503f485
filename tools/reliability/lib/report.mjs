/** The probe table: category × outcome counts, totals, then one line per probe that did not end ok/clear. */
import { OUTCOMES, FAILING } from './classify.mjs';

export function tally(results) {
  const cats = [...new Set(results.map((r) => r.category))];
  const rows = cats.map((c) => [c, count(results.filter((r) => r.category === c))]);
  return { rows, total: count(results) };
}

function count(rs) {
  const n = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
  for (const r of rs) n[r.outcome] = (n[r.outcome] ?? 0) + 1;
  n.all = rs.length;
  return n;
}

export function printReport(results, { seconds, seed, budget }, log = console.log) {
  const { rows, total } = tally(results);
  const cols = ['all', ...OUTCOMES];
  const w0 = Math.max(8, ...rows.map(([c]) => c.length));
  const line = (name, n) => `${name.padEnd(w0)} ${cols.map((c) => String(n[c]).padStart(Math.max(3, c.length))).join(' ')}`;
  log('');
  log(`${''.padEnd(w0)} ${cols.map((c) => c.padStart(Math.max(3, c.length))).join(' ')}`);
  for (const [c, n] of rows) log(line(c, n));
  log(line('total', total));
  const bad = total.all - total.ok - total.clear - total['n/a'];
  const inputs = results.filter((r) => ['data', 'config', 'checkpoint'].includes(r.category) && r.outcome !== 'n/a');
  const nIn = count(inputs);
  log('');
  if (inputs.length) log(`of ${inputs.length} bad inputs: ${nIn.clear} clear one-line errors naming the file or field, ${nIn.ok} valid results, ${nIn.vague} vague, ${nIn.crash} stack traces, ${nIn.hang} hangs, ${nIn.silent} silently accepted`);
  const by = (cat) => count(results.filter((r) => r.category === cat));
  const d = by('divergence');
  const k = by('kill');
  const c = by('concurrency');
  if (d.all) log(`divergence: ${d['diverged-ok']} of ${d.all - d['n/a']} diverged runs reported ok`);
  if (k.all) log(`kill -9: ${k.all} trials, ${k.corrupt} corrupt checkpoints, ${k.mismatch} resumed runs unequal to the uninterrupted one, ${k.stale} left temp folders`);
  if (c.all) log(`concurrency: ${c.all} races, ${c.lost} lost a result, ${c.crash} crashed, ${c.vague} vague refusals`);
  log(`budget ${budget}, seed ${seed}, ${seconds.toFixed(0)} s; ${bad} probes not ok/clear (${results.filter((r) => FAILING.has(r.outcome)).length} failing)`);
  const notes = results.filter((r) => !['ok', 'clear'].includes(r.outcome));
  if (notes.length) log('');
  for (const r of notes) log(`${r.category}  ${r.id}  ${r.outcome}  ${String(r.message ?? '').split('\n')[0].slice(0, 200)}`);
}
