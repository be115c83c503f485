/**
 * `zoo bench` (the default bench, id `backends`) / `npm run bench`: the same workloads on blas, wasm and
 * (small ones) cpu, one after another in this process, and in PyTorch through tools/bench/torch_bench.py
 * when torch is installed. Prints ms, GFLOP/s and the ratio to PyTorch; `--json FILE` writes
 * [{name, backend, ms, gflops, torch_ms, ratio}].
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// the union package registers gradients and chained ops (tfjs-core alone does not)
import '@tensorflow/tfjs';
import { ZooError } from '@zoo/core';
import { z } from 'zod';
import { defineBench } from '../bench';
import { listOf } from '../options';
import { runTorchReference } from '../torch-reference';
import { det, gcnTrainStep, randomGraph, resnet18TrainStep } from './workloads';

export const WORKLOADS = ['sgemm-1024', 'conv-layer', 'resnet18-cifar100-train-b32', 'gcn-20k-train'] as const;

/** `zoo bench [--only NAMES] [--backends blas,wasm,cpu] [--no-torch]` (or `zoo bench backends -- ...`). */
export const backendsBenchOptions = z.object({
  only: listOf(z.enum(WORKLOADS)).optional().describe(`comma-separated workloads: ${WORKLOADS.join(', ')} (default all)`),
  backends: listOf(z.string().min(1)).default(['blas', 'wasm', 'cpu']).describe('comma-separated tfjs backends'),
  torch: z.boolean().default(true).describe('time PyTorch too (--no-torch: skip it)'),
});

export interface BackendBenchRow {
  name: string;
  backend: string;
  ms: number;
  gflops: number | null;
  torch_ms: number | null;
  /** ms / torch_ms (for sgemm-1024: ms / raw OpenBLAS ms). */
  ratio: number | null;
}

export interface BenchOptions {
  backends?: string[];
  only?: readonly string[];
  torch?: boolean;
  log?: (line: string) => void;
}

/** Median wall time of `reps` calls after `warmup` calls. */
export function timeMs(fn: () => void, reps: number, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

/** FLOPs of the ResNet-18 CIFAR train step (convs and head; forward ×3 for forward+backward). */
function resnetFlops(batch: number, classes: number): number {
  let f = 2 * 32 * 32 * 27 * 64; // stem
  let cin = 64;
  let hw = 32;
  for (const [cout, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]]) {
    for (let i = 0; i < 2; i++) {
      const s = i === 0 ? stride : 1;
      const out = hw / s;
      f += 2 * out * out * 9 * cin * cout + 2 * out * out * 9 * cout * cout;
      if (s !== 1 || cin !== cout) f += 2 * out * out * cin * cout;
      cin = cout;
      hw = out;
    }
  }
  f += 2 * 512 * classes;
  return 3 * f * batch;
}

function torchTimes(log: (l: string) => void, only: readonly string[] | undefined): Record<string, number> {
  return (runTorchReference('torch_bench.py', only?.length ? ['--only', only.join(',')] : [], log) as Record<string, number> | null) ?? {};
}

/**
 * Loads OpenBLAS and registers `blas` when this bench runs (not when `@zoo/bench` is loaded: the other
 * benches and `zoo bench --list` work without OpenBLAS).
 */
export function loadBlasBackend(): import('@zoo/backend-blas').Blas {
  try {
    const { loadBlas, registerBlasBackend } = require('@zoo/backend-blas') as typeof import('@zoo/backend-blas');
    const blas = loadBlas();
    registerBlasBackend(blas);
    return blas;
  } catch (err) {
    throw new ZooError(`zoo bench needs @zoo/backend-blas and OpenBLAS (${(err as Error).message.split('\n')[0]})`);
  }
}

export async function runBench(opts: BenchOptions = {}): Promise<BackendBenchRow[]> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  tf.enableProdMode();
  const blas = loadBlasBackend();
  try {
    require('@tensorflow/tfjs-backend-wasm');
    // tfjs's wasm backend lacks Conv2DBackpropFilter; @zoo/core registers it (and others) when present
    require('@zoo/core').registerMissingWasmKernels?.();
  } catch {
    /* wasm or @zoo/core not installed: wasm rows may be skipped below */
  }
  const want = (name: string) => !opts.only?.length || opts.only.includes(name);
  const torch = opts.torch === false ? {} : torchTimes(log, opts.only);
  const rows: BackendBenchRow[] = [];
  const add = (name: string, backend: string, ms: number, flops: number | null, ref: number | null) => {
    const row: BackendBenchRow = { name, backend, ms, gflops: flops ? flops / ms / 1e6 : null, torch_ms: torch[name] ?? null, ratio: ref ? ms / ref : null };
    rows.push(row);
    log(`${name.padEnd(28)} ${backend.padEnd(5)} ${ms.toFixed(1).padStart(9)} ms  ${row.gflops ? `${row.gflops.toFixed(1).padStart(6)} GFLOP/s` : ''.padStart(14)}  ${row.ratio ? `${row.ratio.toFixed(2)}× ${name === 'sgemm-1024' ? 'raw OpenBLAS' : 'PyTorch'}` : ''}`);
  };
  const backends = (opts.backends ?? ['blas', 'wasm', 'cpu']).filter((b) => tf.findBackendFactory(b));

  // sgemm 1024²: through the backend vs OpenBLAS called directly (same arrays, same library)
  const n = 1024;
  const A = det(n * n, 1, 1);
  const B = det(n * n, 1, 2);
  const raw = want('sgemm-1024') ? timeMs(() => blas.sgemm(false, false, n, n, n, 1, A, n, B, n, 0, new Float32Array(n * n), n), 10) : 0;
  if (want('sgemm-1024')) log(`${'sgemm-1024'.padEnd(28)} raw   ${raw.toFixed(1).padStart(9)} ms  ${(2 * n ** 3 / raw / 1e6).toFixed(1).padStart(6)} GFLOP/s  (OpenBLAS ${blas.library}, ${blas.threads} threads)`);

  for (const backend of backends) {
    await tf.setBackend(backend);
    await tf.ready();
    if (want('sgemm-1024')) {
      const a = tf.tensor2d(A, [n, n]);
      const b = tf.tensor2d(B, [n, n]);
      // (never return a TypedArray from tf.tidy: it walks it as a container, element by element)
      const ms = timeMs(() => tf.tidy(() => void tf.matMul(a, b).dataSync()), backend === 'cpu' ? 1 : 10);
      add('sgemm-1024', backend, ms, 2 * n ** 3, raw);
      tf.dispose([a, b]);
    }
    if (want('conv-layer') && backend !== 'cpu') {
      // (stock cpu runs Conv2DBackpropFilter at ~0.01 GFLOP/s: minutes for this layer, so cpu is skipped)
      // 3×3 conv, 64→64 channels, 32×32, batch 32: forward + both gradients
      const x = tf.tensor4d(det(32 * 32 * 32 * 64, 1, 3), [32, 32, 32, 64]);
      const w = tf.tensor4d(det(9 * 64 * 64, 0.06, 4), [3, 3, 64, 64]);
      const f = () => tf.tidy(() => {
        const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1, 'same')))([x, w]);
        g.forEach((t) => t.dataSync());
      });
      const ms = backend === 'wasm' ? timeMs(f, 1, 0) : timeMs(f, 5);
      add('conv-layer', backend, ms, 3 * 2 * 32 * 32 * 32 * 9 * 64 * 64, torch['conv-layer'] ?? null);
      tf.dispose([x, w]);
    }
    if (want('resnet18-cifar100-train-b32') && backend !== 'cpu') {
      const net = resnet18TrainStep(100);
      const x = tf.tensor4d(det(32 * 32 * 32 * 3, 1, 5), [32, 32, 32, 3]);
      // class ids, as the PyTorch script's F.cross_entropy gets them
      const y = tf.tensor1d(Array.from({ length: 32 }, (_, i) => (i * 37) % 100), 'int32');
      const ms = backend === 'blas' ? timeMs(() => net.step(x, y), 3, 1) : timeMs(() => net.step(x, y), 1, 0);
      add('resnet18-cifar100-train-b32', backend, ms, resnetFlops(32, 100), torch['resnet18-cifar100-train-b32'] ?? null);
      net.dispose();
      tf.dispose([x, y]);
    }
    if (want('gcn-20k-train')) {
      const g = randomGraph(20000, 200000);
      const net = gcnTrainStep(g, 128, 128, 128);
      const x = tf.tensor2d(det(20000 * 128, 1, 6), [20000, 128]);
      const y = tf.tensor1d(Array.from({ length: 20000 }, (_, i) => (i * 7919) % 128), 'int32');
      const ms = timeMs(() => net.step(x, y), backend === 'cpu' ? 1 : 5, 1);
      const nnz = g.indices.length;
      add('gcn-20k-train', backend, ms, 3 * (2 * 20000 * 128 * 128 * 2 + 2 * nnz * 128 * 2), torch['gcn-20k-train'] ?? null);
      net.dispose();
      tf.dispose([x, y]);
    }
  }
  for (const r of rows) if (r.name !== 'sgemm-1024') r.ratio = r.torch_ms ? r.ms / r.torch_ms : null;
  return rows;
}

/** Markdown table of a bench run (for READMEs and closing notes). */
export function benchTable(rows: BackendBenchRow[]): string {
  const lines = ['| workload | backend | ms | GFLOP/s | PyTorch ms | ratio (sgemm: to raw OpenBLAS; others: to PyTorch) |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(`| ${r.name} | ${r.backend} | ${r.ms.toFixed(1)} | ${r.gflops?.toFixed(1) ?? '-'} | ${r.torch_ms?.toFixed(1) ?? '-'} | ${r.ratio ? `${r.ratio.toFixed(2)}×` : '-'} |`);
  }
  return lines.join('\n');
}

export const backendsBench = defineBench({
  id: 'backends',
  description: 'sgemm, a conv layer, a ResNet-18 train step and a GCN train step on blas, wasm, cpu and PyTorch (the default `zoo bench`)',
  options: backendsBenchOptions,
  run: (o, { log }) => runBench({ ...o, log }) as unknown as Promise<Record<string, unknown>[]>,
  table: (rows) => benchTable(rows as unknown as BackendBenchRow[]),
});
