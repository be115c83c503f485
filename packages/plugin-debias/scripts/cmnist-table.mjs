#!/usr/bin/env node
// Renders the methods × ratios tables of the README from `zoo eval --json` rows (one or more files):
//   node scripts/cmnist-table.mjs results/cmnist-blas.json
// With `--write PREFIX` first, also writes the merged rows to PREFIX.json and PREFIX.csv (zoo eval's columns).
import { readFileSync, writeFileSync } from 'node:fs';

const args = process.argv.slice(2);
const out = args[0] === '--write' ? args.splice(0, 2)[1] : null;
const rows = args.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')));
if (out) {
  const cols = ['recipe', 'metric', 'mean', 'std', 'seeds', 'paper', 'seconds', 'backend', 'status', 'reason'];
  const cell = (v) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  writeFileSync(`${out}.json`, `${JSON.stringify(rows, null, 2)}\n`);
  writeFileSync(`${out}.csv`, [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n');
}
const methods = ['erm', 'lff', 'jtt', 'dcwp'];
const NAMES = { erm: 'ERM', lff: 'LfF', jtt: 'JTT', dcwp: 'DCWP' };
const ratios = ['0.5', '1', '2', '5'];
const cell = (m, r, metric) => {
  const row = rows.find((x) => x.recipe === `debias/${m}@cmnist-${r}pct` && x.metric === metric && x.status === 'ok');
  if (!row) return '-';
  const pct = (v) => (100 * v).toFixed(1);
  return row.seeds > 1 ? `${pct(row.mean)} ± ${pct(row.std)} (${row.seeds})` : pct(row.mean);
};
for (const [metric, title] of [
  ['unbiased_accuracy', 'unbiased test accuracy (%)'],
  ['conflicting_accuracy', 'bias-conflicting test accuracy (%)'],
  ['kept_weights', 'weights kept (%)'],
]) {
  console.log(`\n${title}, mean ± std (seeds) where more than one seed ran:\n`);
  console.log(`| method | ${ratios.map((r) => `${r}%`).join(' | ')} |`);
  console.log(`|---|${ratios.map(() => '---').join('|')}|`);
  for (const m of methods) console.log(`| ${NAMES[m]} | ${ratios.map((r) => cell(m, r, metric)).join(' | ')} |`);
}
const secs = (m) => rows.filter((x) => x.recipe.startsWith(`debias/${m}@`) && x.metric === 'unbiased_accuracy').map((x) => x.seconds / x.seeds);
console.log(`\nseconds per run (mean over recipes and seeds): ${methods.map((m) => `${NAMES[m]} ${Math.round(secs(m).reduce((a, b) => a + b, 0) / Math.max(secs(m).length, 1))}`).join(', ')}`);
