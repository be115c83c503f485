#!/usr/bin/env node
/**
 * The reliability probe (issue 17): runs the campaign's categories end to end through the zoo CLI and
 * prints, per category, how many probes ended in each outcome (README.md: classification rules).
 *
 *   node tools/reliability/probe.mjs [--budget small|full] [--only cat[,cat]] [--seed N] [--json out.json]
 *                                    [--match REGEX] [--timeout S] [--shared-data DIR] [--report-only] [--keep] [--list]
 *
 * Exit 1 when any probe ends crash, hang, silent, diverged-ok, corrupt, stale, mismatch or lost (0 with
 * --report-only); 2 on bad usage or when the CLI is not built.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, listRecipes } from './lib/zoo.mjs';
import { rng } from './lib/rng.mjs';
import { FAILING } from './lib/classify.mjs';
import { printReport } from './lib/report.mjs';
import * as data from './categories/data.mjs';
import * as config from './categories/config.mjs';
import * as divergence from './categories/divergence.mjs';
import * as checkpoint from './categories/checkpoint.mjs';
import * as kill from './categories/kill.mjs';
import * as concurrency from './categories/concurrency.mjs';

/** Every category, in report order: name → module with `cases(ctx)`. */
export const CATEGORIES = { data, config, divergence, checkpoint, kill, concurrency };

function parseArgs(argv) {
  const o = { budget: 'small', only: null, seed: 17, json: null, timeout: null, sharedData: null, match: null, reportOnly: false, keep: false, list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--budget') o.budget = val();
    else if (a === '--only') o.only = val().split(',');
    else if (a === '--seed') o.seed = Number(val());
    else if (a === '--json') o.json = val();
    else if (a === '--timeout') o.timeout = Number(val());
    else if (a === '--match') o.match = new RegExp(val());
    else if (a === '--shared-data') o.sharedData = val();
    else if (a === '--report-only') o.reportOnly = true;
    else if (a === '--keep') o.keep = true;
    else if (a === '--list') o.list = true;
    else if (a === '-h' || a === '--help') { console.log(fs.readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*?/, '').replace(/^ \* ?/gm, '')); process.exit(0); }
    else usage(`unknown argument ${a}`);
  }
  if (!['small', 'full'].includes(o.budget)) usage(`--budget ${o.budget}: expected small or full`);
  if (!Number.isInteger(o.seed) || o.seed < 0) usage('--seed: expected a non-negative integer');
  if (o.timeout !== null && !(o.timeout > 0)) usage('--timeout: expected seconds > 0');
  for (const c of o.only ?? []) if (!CATEGORIES[c]) usage(`--only ${c}: expected one of ${Object.keys(CATEGORIES).join(', ')}`);
  return o;
}

function usage(msg) {
  console.error(`probe: ${msg}`);
  process.exit(2);
}

/** ../shared/data next to the repository (or its parent, for a worktree), when it exists. */
function findSharedData(explicit) {
  if (explicit) return fs.existsSync(explicit) ? path.resolve(explicit) : usage(`--shared-data ${explicit}: no such folder`);
  return [path.join(ROOT, '../shared/data'), path.join(ROOT, '../../shared/data')].find((d) => fs.existsSync(d)) ?? null;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  let recipes;
  try {
    recipes = await listRecipes();
  } catch (err) {
    usage(err.message);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-probe-'));
  const ctx = {
    budget: o.budget,
    rng: rng(o.seed),
    recipes,
    tmp,
    timeoutMs: (o.timeout ?? (o.budget === 'full' ? 90 : 60)) * 1000,
    sharedData: o.budget === 'full' ? findSharedData(o.sharedData) : null,
  };
  const cases = Object.entries(CATEGORIES)
    .filter(([name]) => !o.only || o.only.includes(name))
    .flatMap(([, mod]) => mod.cases(ctx))
    .filter((c) => !o.match || o.match.test(`${c.category} ${c.id}`));
  console.log(`probe: budget ${o.budget}, seed ${o.seed}${o.match ? `, --match ${o.match.source}` : ''}, ${cases.length} cases, per-probe timeout ${ctx.timeoutMs / 1000} s, shared data ${ctx.sharedData ?? 'none'}`);
  if (o.list) {
    for (const c of cases) console.log(`${c.category}\t${c.id}${c.na ? `\t(n/a: ${c.na})` : ''}`);
    return;
  }
  const t0 = Date.now();
  const results = [];
  for (const [i, c] of cases.entries()) {
    let r;
    if (c.na) r = { outcome: 'n/a', message: c.na };
    else {
      const dir = fs.mkdtempSync(path.join(tmp, 'case-'));
      try {
        r = await c.run(dir);
      } catch (err) {
        r = { outcome: 'n/a', message: `probe error: ${err.message.split('\n')[0]}`, probeError: true };
      } finally {
        if (!o.keep) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
      }
    }
    results.push({ category: c.category, id: c.id, ...r });
    if (process.stderr.isTTY || process.env.CI) process.stderr.write(`[${i + 1}/${cases.length}] ${c.category} ${c.id}: ${r.outcome}\n`);
  }
  if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 2 });
  printReport(results, { seconds: (Date.now() - t0) / 1000, seed: o.seed, budget: o.budget });
  if (o.json) fs.writeFileSync(o.json, `${JSON.stringify({ budget: o.budget, seed: o.seed, results }, null, 2)}\n`);
  const failing = results.filter((r) => FAILING.has(r.outcome) || r.probeError);
  if (failing.length && !o.reportOnly) process.exitCode = 1;
}

await main();
