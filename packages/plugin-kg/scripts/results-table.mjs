#!/usr/bin/env node
// Renders the README's tables from the generated result files:
//   node scripts/results-table.mjs [results/dbp15k-zh_en-blas.json] [results/dual-amn-step-dbp15k-zh_en.json]
// The first is `zoo eval ... --json` rows, the second `zoo bench dual-amn-step --json` rows.
import { readFileSync } from 'node:fs';

const [evalFile = 'results/dbp15k-zh_en-blas.json', benchFile = 'results/dual-amn-step-dbp15k-zh_en.json'] = process.argv.slice(2);
const pct = (v) => (v === null || v === undefined ? '-' : `${(100 * v).toFixed(2)}%`);

const byRecipe = {};
for (const r of JSON.parse(readFileSync(evalFile, 'utf8'))) (byRecipe[r.recipe] ??= {})[r.metric] = r;
const lines = ['| recipe | Hits@1 | Hits@10 | MRR | paper Hits@1 | seconds |', '|---|---|---|---|---|---|'];
for (const [id, m] of Object.entries(byRecipe)) {
  lines.push(`| \`${id}\` | ${pct(m.hits_at_1?.mean)} | ${pct(m.hits_at_10?.mean)} | ${pct(m.mrr?.mean)} | ${pct(m.hits_at_1?.paper)} | ${m.hits_at_1?.seconds.toFixed(0)} |`);
}
lines.push('', '| one training step (1,024 pairs) | graph | ms | × plain PyTorch |', '|---|---|---|---|');
for (const r of JSON.parse(readFileSync(benchFile, 'utf8'))) lines.push(`| ${r.impl} | ${r.graph} | ${Math.round(r.ms).toLocaleString('en')} | ${r.ratio === null ? '-' : r.ratio.toFixed(2)} |`);
console.log(lines.join('\n'));
