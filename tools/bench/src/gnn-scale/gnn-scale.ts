/**
 * `zoo bench gnn-scale [-- --sizes 10000,100000,1000000 --epochs 30 --budget 120 --target 0.7 --hidden 64
 * --timeout 900 --methods full-batch-gcn,cluster-gcn,l-gcn]`: full-batch GCN vs Cluster-GCN vs L-GCN on
 * synthetic power-law graphs, each (size, method) in its own process (gnn-scale-child.ts) so its peak RSS is
 * its own: seconds per epoch, seconds to the target validation accuracy, peak tfjs and process memory.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { z } from 'zod';
import { defineBench } from '../bench';
import { int, listOf, positive } from '../options';
import type { ScaleArgs } from './gnn-scale-child';

const METHODS = ['full-batch-gcn', 'cluster-gcn', 'l-gcn'] as const satisfies readonly ScaleArgs['method'][];

export const gnnScaleOptions = z.object({
  sizes: listOf(int(100)).default([10000, 100000, 1000000]).describe('comma-separated node counts (each ≥ 100)'),
  epochs: positive().default(30).describe('epochs per run at most'),
  budget: positive().default(120).describe('training seconds per run at most'),
  target: positive().default(0.7).describe('validation accuracy for "s to target"'),
  hidden: positive().default(64).describe('hidden width'),
  timeout: positive().default(900).describe('seconds before a run is killed'),
  methods: listOf(z.enum(METHODS)).default([...METHODS]).describe(`comma-separated: ${METHODS.join(', ')}`),
});

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

export const gnnScaleBench = defineBench({
  id: 'gnn-scale',
  description: 'full-batch GCN vs Cluster-GCN vs L-GCN on synthetic power-law graphs of 10k, 100k, 1M nodes: s/epoch, time to target, peak memory',
  options: gnnScaleOptions,
  async run(o, { log }) {
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
});
