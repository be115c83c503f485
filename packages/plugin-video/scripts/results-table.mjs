#!/usr/bin/env node
// Renders `zoo eval --json` rows of the video recipes as the README's results table (accuracy, twin accuracy,
// params, multiply-adds per clip from countVideoModel, seconds per run (a row's seconds are the sum over its seeds), backend), and with --readme writes it between the
// README's results-table markers:  node scripts/results-table.mjs [--readme] results/*.json
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const video = require('../dist/index.js');
const args = process.argv.slice(2);
const readme = args[0] === '--readme' ? (args.shift(), true) : false;
const rows = args.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')).map((r) => ({ ...r, file: f })));
const pct = (r) => (!r ? '-' : r.seeds > 1 ? `${(100 * r.mean).toFixed(1)} ± ${(100 * r.std).toFixed(1)}` : (100 * r.mean).toFixed(1));
// one table row per (recipe, file): a file may hold the same recipe run with other --set values (named by the file)
const groups = [...new Map(rows.map((r) => [`${r.recipe} ${r.file}`, { id: r.recipe, file: r.file }])).values()];
/** params and MACs per clip of a recipe's model, on the clip shape its dataset's config declares (generated datasets
 * give frames, size, channels, pairs); undefined for file datasets, whose shape comes from the files. */
function countRecipe(id) {
  const recipe = video.recipes.find((r) => r.id === id);
  if (!recipe) return undefined;
  const def = video.videoModels.find((m) => m.id === recipe.model);
  const config = def.configSchema.parse(recipe.config?.model ?? {});
  const data = video.videoDatasets.find((d) => d.id === recipe.dataset).configSchema.parse(recipe.config?.data ?? {});
  if (!data.frames || !data.size) return undefined;
  return video.countVideoModel(config, { frames: data.frames, height: data.size, width: data.size, channels: data.channels ?? 1, classes: 2 * data.pairs });
}
const lines = ['| recipe | accuracy % | twin accuracy % | seeds | params | MMACs / clip | seconds / run | backend | results file |', '|---|---|---|---|---|---|---|---|---|'];
for (const { id, file } of groups) {
  const get = (m) => rows.find((r) => r.recipe === id && r.file === file && r.metric === m && r.status === 'ok');
  const acc = get('accuracy');
  const twin = get('twin_accuracy');
  const c = countRecipe(id);
  const params = c ? c.params.toLocaleString('en-US') : '-';
  const macs = c ? (c.macs / 1e6).toFixed(2) : '-';
  const any = acc ?? twin ?? rows.find((r) => r.recipe === id && r.file === file);
  lines.push(`| ${id} | ${pct(acc)} | ${pct(twin)} | ${any.seeds} | ${params} | ${macs} | ${(any.seconds / Math.max(1, any.seeds)).toFixed(0)} | ${any.backend} | ${path.basename(file, '.json')} |`);
}
// the claims the cpu tier checks (issue: C2D within chance + 10 points inside the twin pairs; MVFNet-THW ≥ 90% and ≥ TSM;
// MVFNet's multiply-adds within 5% of C2D's), from the rows above
const cell = (id, m) => rows.find((r) => r.recipe === id && r.metric === m && r.status === 'ok' && path.basename(r.file).startsWith('cpu-'));
const claims = [];
const c2d = cell('video/c2d-tiny@moving-fmnist', 'twin_accuracy');
const mvf = cell('video/mvfnet-thw-tiny@moving-fmnist', 'accuracy');
const tsm = cell('video/tsm-tiny@moving-fmnist', 'accuracy');
if (c2d) claims.push(`C2D twin accuracy ${(100 * c2d.mean).toFixed(1)}% (chance 50%): ${c2d.mean <= 0.6 ? 'within' : 'NOT within'} chance + 10 points`);
if (mvf) claims.push(`MVFNet-THW accuracy ${(100 * mvf.mean).toFixed(1)}%: ${mvf.mean >= 0.9 ? '≥' : 'NOT ≥'} 90%` + (tsm ? `, ${mvf.mean >= tsm.mean ? '≥' : 'NOT ≥'} TSM's ${(100 * tsm.mean).toFixed(1)}%` : ''));
{
  const r = countRecipe('video/mvfnet-thw-tiny@moving-fmnist').macs / countRecipe('video/c2d-tiny@moving-fmnist').macs - 1;
  claims.push(`MVFNet-THW multiply-adds ${r >= 0 ? '+' : ''}${(100 * r).toFixed(2)}% of C2D's: ${Math.abs(r) <= 0.05 ? 'within' : 'NOT within'} 5%`);
}
let host = '';
try {
  const h = JSON.parse(readFileSync(new URL('../results/host.json', import.meta.url), 'utf8'));
  host = `Runs on ${h.cpu} (${h.cores} cores), Node ${h.node}, ${h.date}.`;
} catch {
  // no host file: the table alone
}
const table = [lines.join('\n'), '', ...(host ? [host, ''] : []), ...claims.map((c) => `- ${c}`)].join('\n');
console.log(table);
// `zoo bench video-step --json results/bench/video-step.json`: the step times beside PyTorch's, from the same run
let bench = '';
try {
  const b = JSON.parse(readFileSync(new URL('../results/bench/video-step.json', import.meta.url), 'utf8'));
  const blines = ['| workload | params | GMACs / clip | zoo ms / step | PyTorch ms / step | ratio | zoo peak RSS MB | PyTorch peak RSS MB |', '|---|---|---|---|---|---|---|---|'];
  const f = (v, d) => (v === null || v === undefined ? '-' : v.toFixed(d));
  for (const r of b) blines.push(`| ${r.name} | ${r.params.toLocaleString('en-US')} | ${f(r.gmacs_per_clip, 3)} | ${f(r.ms, 0)} | ${f(r.torch_ms, 0)} | ${f(r.ratio, 2)}× | ${f(r.peak_rss_mb, 0)} | ${f(r.torch_peak_rss_mb, 0)} |`);
  bench = [...blines, '', `${b[0].backend} backend on ${b[0].cpu}; PyTorch ${'`'}tools/bench/mvfnet_torch.py${'`'} (the same architecture) in the same run.`].join('\n');
  console.log(`\n${bench}`);
} catch {
  // no bench file
}
if (readme) {
  const file = fileURLToPath(new URL('../README.md', import.meta.url));
  let out = readFileSync(file, 'utf8').replace(/<!-- results-table:begin -->[\s\S]*<!-- results-table:end -->/, `<!-- results-table:begin -->\n${table}\n<!-- results-table:end -->`);
  if (bench) out = out.replace(/<!-- bench-table:begin -->[\s\S]*<!-- bench-table:end -->/, `<!-- bench-table:begin -->\n${bench}\n<!-- bench-table:end -->`);
  writeFileSync(file, out);
}
