import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { BenchDef } from '@zoo/core';
import type { ScaleArgs } from './gnn-scale-child';

const METHODS: ScaleArgs['method'][] = ['full-batch-gcn', 'cluster-gcn', 'l-gcn'];

/** Options after `zoo bench gnn-scale --`: --sizes 10000,100000,1000000 --epochs 30 --budget 120 --target 0.7 --hidden 64 --methods ... */
function parseArgs(args: string[]) {
  const get = (k: string) => {
    const i = args.indexOf(`--${k}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const num = (k: string, d: number) => {
    const v = get(k);
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`gnn-scale: --${k} expects a positive number, got '${v}'`);
    return n;
  };
  const methods = (get('methods')?.split(',') ?? METHODS) as ScaleArgs['method'][];
  for (const m of methods) if (!METHODS.includes(m)) throw new Error(`gnn-scale: unknown method '${m}' (expected ${METHODS.join(', ')})`);
  return {
    sizes: (get('sizes') ?? '10000,100000,1000000').split(',').map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 100) throw new Error(`gnn-scale: --sizes expects node counts ≥ 100, got '${s}'`);
      return n;
    }),
    epochs: num('epochs', 30),
    budget: num('budget', 120),
    target: num('target', 0.7),
    hidden: num('hidden', 64),
    timeout: num('timeout', 900),
    methods,
  };
}

/** Runs one child; a crash (out of memory, ...) becomes a row with its reason instead of an exception. */
function runChild(a: ScaleArgs, timeoutSec: number, log: (l: string) => void): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'gnn-scale-child.js'), JSON.stringify(a)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      for (const line of String(d).split('\n')) if (line.trim()) log(`  ${a.method}@${a.nodes}: ${line.trim()}`);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutSec * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop();
      if (code === 0 && last) return resolve(JSON.parse(last));
      const oom = /heap out of memory|Array buffer allocation failed|ENOMEM|RangeError: .*(Invalid typed array length|allocation)/i.test(err) || signal === 'SIGKILL';
      const reason = signal === 'SIGKILL' ? `killed (timeout ${timeoutSec} s or out of memory)` : oom ? 'out of memory' : `exit ${code}: ${err.trim().split('\n').pop()}`;
      resolve({ method: a.method, nodes: a.nodes, status: reason });
    });
  });
}

export const gnnScaleBench: BenchDef = {
  id: 'gnn-scale',
  description: 'full-batch GCN vs Cluster-GCN vs L-GCN on synthetic power-law graphs of 10k, 100k, 1M nodes: s/epoch, time to target, peak memory',
  async run({ log, args }) {
    const o = parseArgs(args);
    const rows: Record<string, unknown>[] = [];
    for (const nodes of o.sizes) {
      for (const method of o.methods) {
        log(`gnn-scale: ${method} on ${nodes.toLocaleString('en')} nodes...`);
        const row = await runChild({ method, nodes, maxEpochs: o.epochs, budgetSec: o.budget, target: o.target, hidden: o.hidden, seed: 0 }, o.timeout, log);
        rows.push({ status: 'ok', ...row });
        log(`  → ${JSON.stringify(row)}`);
      }
    }
    return rows;
  },
  table(rows) {
    const f = (v: unknown, d = 2) => (typeof v === 'number' ? v.toFixed(d) : v === null || v === undefined ? '-' : String(v));
    const lines = [
      '| nodes | method | epochs | s/epoch | s to target | val acc | step peak MB (tfjs) | peak RSS MB | status |',
      '|---|---|---|---|---|---|---|---|---|',
    ];
    for (const r of rows) {
      lines.push(`| ${r.nodes} | ${r.method} | ${f(r.epochs, 0)} | ${f(r.sec_per_epoch)} | ${f(r.sec_to_target, 1)} | ${f(r.val_accuracy, 3)} | ${f(r.step_peak_mb, 0)} | ${f(r.rss_peak_mb, 0)} | ${r.status} |`);
    }
    return lines.join('\n');
  },
};
