#!/usr/bin/env node
// Renders `zoo eval --json` rows of the video recipes as the README's results table (accuracy, twin accuracy,
// params, multiply-adds per clip from countVideoModel, seconds, backend), and with --readme writes it between the
// README's results-table markers:  node scripts/results-table.mjs [--readme] results/*.json
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const video = require('../dist/index.js');
const args = process.argv.slice(2);
const readme = args[0] === '--readme' ? (args.shift(), true) : false;
const rows = args.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).map((r) => ({ ...r, file: f })));
const pct = (r) => (!r ? '-' : r.seeds > 1 ? `${(100 * r.mean).toFixed(1)} ± ${(100 * r.std).toFixed(1)}` : (100 * r.mean).toFixed(1));
const recipes = [...new Set(rows.map((r) => r.recipe))];
const lines = ['| recipe | accuracy % | twin accuracy % | seeds | params | MMACs / clip | seconds / run | backend | settings |', '|---|---|---|---|---|---|---|---|---|'];
for (const id of recipes) {
  const recipe = video.recipes.find((r) => r.id === id);
  const get = (m) => rows.find((r) => r.recipe === id && r.metric === m && r.status === 'ok');
  const acc = get('accuracy');
  const twin = get('twin_accuracy');
  let params = '-';
  let macs = '-';
  if (recipe) {
    const def = video.videoModels.find((m) => m.id === recipe.model);
    const config = def.configSchema.parse(recipe.config?.model ?? {});
    // the clip shape from the dataset's own config (generated datasets declare frames, size, channels, pairs)
    const data = video.videoDatasets.find((d) => d.id === recipe.dataset).configSchema.parse(recipe.config?.data ?? {});
    if (data.frames && data.size) {
      const c = video.countVideoModel(config, { frames: data.frames, height: data.size, width: data.size, channels: data.channels ?? 1, classes: 2 * data.pairs });
      params = c.params.toLocaleString('en-US');
      macs = (c.macs / 1e6).toFixed(2);
    }
  }
  const any = acc ?? twin ?? rows.find((r) => r.recipe === id);
  lines.push(`| ${id} | ${pct(acc)} | ${pct(twin)} | ${any.seeds} | ${params} | ${macs} | ${any.seconds.toFixed(0)} | ${any.backend} | ${any.file} |`);
}
const table = lines.join('\n');
console.log(table);
if (readme) {
  const file = fileURLToPath(new URL('../README.md', import.meta.url));
  const text = readFileSync(file, 'utf8');
  const out = text.replace(/<!-- results-table:begin -->[\s\S]*<!-- results-table:end -->/, `<!-- results-table:begin -->\n${table}\n<!-- results-table:end -->`);
  writeFileSync(file, out);
}
