#!/usr/bin/env node
// Renders a `zoo eval --json` file as a Markdown table (for plugin READMEs): node tools/scripts/results-md.js results.json
// Values by the row's unit: fractions in % (rows written before `unit` existed are all fractions), others as
// plain numbers; ± the sample std only where two seeds or more ran.
const rows = require(require('node:path').resolve(process.argv[2]));
const pct = (v) => (v === null ? '-' : (v * 100).toFixed(2));
const plain = (v) => (v === null ? '-' : v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(4))));
const fmt = (v, unit) => ((unit ?? 'fraction') === 'fraction' ? pct(v) : plain(v));
console.log('| recipe | metric | ours (mean ± std) | seeds | paper | Δ | seconds | backend |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const d = r.mean !== null && r.paper !== null ? r.mean - r.paper : null;
  const delta = d === null ? '-' : (d >= 0 ? '+' : '') + fmt(d, r.unit);
  const ours = r.mean === null ? r.status : r.seeds >= 2 ? `${fmt(r.mean, r.unit)} ± ${fmt(r.std, r.unit)}` : fmt(r.mean, r.unit);
  console.log(`| ${r.recipe} | ${r.metric} | ${ours} | ${r.seeds} | ${fmt(r.paper, r.unit)} | ${delta} | ${r.seconds.toFixed(0)} | ${r.backend} |`);
}
