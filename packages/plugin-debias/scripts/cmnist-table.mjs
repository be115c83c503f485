#!/usr/bin/env node
// Renders the methods × ratios table of the README from `zoo eval --json` rows (one or more files):
//   node scripts/cmnist-table.mjs results/cmnist-blas.json
import { readFileSync } from 'node:fs';

const rows = process.argv.slice(2).flatMap((f) => JSON.parse(readFileSync(f, 'utf8')));
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
const secs = (m) => rows.filter((x) => x.recipe.startsWith(`debias/${m}@`) && x.metric === 'unbiased_accuracy').map((x) => x.seconds);
console.log(`\nseconds per run (mean over recipes): ${methods.map((m) => `${NAMES[m]} ${Math.round(secs(m).reduce((a, b) => a + b, 0) / Math.max(secs(m).length, 1))}`).join(', ')}`);
