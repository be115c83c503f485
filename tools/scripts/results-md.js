#!/usr/bin/env node
// Renders a `zoo eval --json` file as a Markdown table (for plugin READMEs): node tools/scripts/results-md.js results.json
const rows = require(require('node:path').resolve(process.argv[2]));
const pct = (v) => (v === null ? '-' : (v * 100).toFixed(2));
console.log('| recipe | metric | ours (mean ± std) | seeds | paper | Δ | seconds | backend |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const delta = r.mean !== null && r.paper !== null ? (r.mean - r.paper >= 0 ? '+' : '') + pct(r.mean - r.paper) : '-';
  console.log(`| ${r.recipe} | ${r.metric} | ${r.mean === null ? r.status : `${pct(r.mean)} ± ${pct(r.std)}`} | ${r.seeds} | ${pct(r.paper)} | ${delta} | ${r.seconds.toFixed(0)} | ${r.backend} |`);
}
