import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import { hardSwish, hardSwishComposition, multiViewConv, multiViewConvComposition, temporalShift, temporalShiftComposition } from '@zoo/ops';
import { z } from 'zod';
import { defineBench, genericTable, type BenchRow } from '../bench';
import { int, listOf } from '../options';
import { runTorchReference } from '../torch-reference';
import { loadBlasBackend, timeMs } from '../backends/backends-bench';
import { det } from '../backends/workloads';

/**
 * `zoo bench video-ops [-- --only NAMES] [--reps 5] [--size mvfnet|tiny] [--no-torch]`: MVFNet's ops on blas,
 * each as its plain tfjs composition, as the Zoo kernel with blas's JS fallback (the @zoo/ops reference
 * loops, C library switched off) and as the Zoo kernel on the C kernels; forward and forward + backward
 * (the gradient of every input for a fixed ∂y), median ms; and the same ops in PyTorch
 * (tools/bench/video_ops_torch.py, 2 threads, NCTHW / NCHW as the official code). Shapes (`mvfnet`):
 * the MVF module of MVFNet-R50 at stage 3 and 4 (x [2, 8, 14, 14, 128], [2, 8, 7, 7, 256], views THW),
 * hard swish and the temporal shift (8 segments, fold C/8) on [16, 28, 28, 256]. `tiny` shrinks every
 * shape (for the test). The table starts with the CPU model (lscpu).
 */
export const VIDEO_OPS = ['mvf-14x14x128', 'mvf-7x7x256', 'hard-swish', 'temporal-shift'] as const;
type VideoOp = (typeof VIDEO_OPS)[number];

export const videoOpsOptions = z.object({
  only: listOf(z.enum(VIDEO_OPS)).optional().describe(`comma-separated ops: ${VIDEO_OPS.join(', ')} (default all)`),
  reps: int(1).default(5).describe('timed calls per measurement, at least (fast ones: ~200 ms of calls)'),
  size: z.enum(['mvfnet', 'tiny']).default('mvfnet').describe('mvfnet: the shapes of MVFNet-R50; tiny: small ones'),
  torch: z.boolean().default(true).describe('time PyTorch too (--no-torch: skip it)'),
});

/** The shapes of each op (channels last): x for mvf [N, T, H, W, C]; frames [N·T, H, W, C] otherwise. */
export function videoOpShapes(size: 'mvfnet' | 'tiny'): Record<VideoOp, number[]> {
  return size === 'mvfnet'
    ? { 'mvf-14x14x128': [2, 8, 14, 14, 128], 'mvf-7x7x256': [2, 8, 7, 7, 256], 'hard-swish': [16, 28, 28, 256], 'temporal-shift': [16, 28, 28, 256] }
    : { 'mvf-14x14x128': [1, 4, 6, 6, 16], 'mvf-7x7x256': [1, 4, 4, 4, 32], 'hard-swish': [8, 8, 8, 16], 'temporal-shift': [8, 8, 8, 16] };
}

/** The CPU model as lscpu prints it (os.cpus() where there is no lscpu). */
export function cpuModel(): string {
  try {
    const line = execFileSync('lscpu', { encoding: 'utf8' }).split('\n').find((l) => /^Model name:/.test(l));
    if (line) return `${line.replace(/^Model name:\s*/, '')} (${os.cpus().length} CPUs)`;
  } catch {
    // no lscpu
  }
  return `${os.cpus()[0]?.model ?? 'unknown'} (${os.cpus().length} CPUs)`;
}

type Fn = (...xs: tf.Tensor[]) => tf.Tensor;

/** The op and its composition with their inputs (weights as MVFNet's: three separate [3, C] kernels). */
function workload(op: VideoOp, shape: number[]): { inputs: tf.Tensor[]; kernel: Fn; composition: Fn } {
  const n = shape.reduce((a, b) => a * b, 1);
  // hard swish: values in [−4, 4), across both kinks; the others in [−1, 1)
  const x = tf.tensor(det(n, op === 'hard-swish' ? 4 : 1, 1), shape);
  if (op.startsWith('mvf')) {
    const C = shape[4];
    const ws = [2, 3, 4].map((s) => tf.tensor2d(det(3 * C, 0.3, s), [3, C]));
    const mvf = (f: typeof multiViewConv): Fn => (xx, a, b, c) => f(xx, a as tf.Tensor2D, b as tf.Tensor2D, c as tf.Tensor2D);
    return { inputs: [x, ...ws], kernel: mvf(multiViewConv), composition: mvf(multiViewConvComposition) };
  }
  if (op === 'hard-swish') return { inputs: [x], kernel: (t) => hardSwish(t), composition: (t) => hardSwishComposition(t) };
  return { inputs: [x], kernel: (t) => temporalShift(t as tf.Tensor4D, 8), composition: (t) => temporalShiftComposition(t as tf.Tensor4D, 8) };
}

/**
 * Median ms of `reps` calls after two warm-ups, at least ~200 ms of calls for fast ones (up to 50); a call
 * over 1 s (the composition of the temporal shift: tfjs's pad runs per element) is timed once.
 */
function medianMs(fn: () => void, reps: number): number {
  const t0 = performance.now();
  fn();
  const first = performance.now() - t0;
  if (first > 1000) return first;
  return timeMs(fn, Math.max(reps, Math.min(50, Math.ceil(200 / Math.max(first, 0.1)))), 1);
}

/**
 * The forward and forward + backward. blas runs each kernel when it is called, so nothing is read back:
 * reading an output (dataSync) would mark its array as escaped and keep it out of the output pool.
 */
function timeBoth(f: Fn, xs: tf.Tensor[], dy: tf.Tensor, reps: number): { fwd: number; train: number } {
  const fwd = medianMs(() => tf.tidy(() => void f(...xs)), reps);
  const train = medianMs(() => tf.tidy(() => void tf.grads(f)(xs, dy)), reps);
  return { fwd, train };
}

type TorchTimes = Record<string, { fwd: number; train: number }>;

export const videoOpsBench = defineBench({
  id: 'video-ops',
  description: "MVFNet's ops on blas (multi-view conv, hard swish, temporal shift): tfjs composition vs Zoo kernel (JS, C) vs PyTorch, forward and forward + backward",
  options: videoOpsOptions,
  async run(o, { log }) {
    tf.enableProdMode();
    const { setNativeKernels, nativeStatus } = require('@zoo/backend-blas') as typeof import('@zoo/backend-blas');
    loadBlasBackend();
    await tf.setBackend('blas');
    await tf.ready();
    const cpu = cpuModel();
    log(`video-ops: ${cpu}; C kernels: ${nativeStatus()}`);
    const shapes = videoOpShapes(o.size);
    const ops = VIDEO_OPS.filter((op) => !o.only || o.only.includes(op));
    const torch: TorchTimes = o.torch ? ((runTorchReference('video_ops_torch.py', ['--size', o.size, '--reps', String(o.reps), '--only', ops.join(',')], log) as TorchTimes | null) ?? {}) : {};
    const rows: BenchRow[] = [];
    for (const op of ops) {
      const { inputs, kernel, composition } = workload(op, shapes[op]);
      const dy = tf.tensor(det(inputs[0].size, 1, 9), inputs[0].shape);
      const comp = timeBoth(composition, inputs, dy, o.reps);
      const was = setNativeKernels(false);
      const js = timeBoth(kernel, inputs, dy, o.reps);
      setNativeKernels(was);
      const c = timeBoth(kernel, inputs, dy, o.reps);
      tf.dispose([...inputs, dy]);
      for (const pass of ['fwd', 'train'] as const) {
        const t = torch[op]?.[pass] ?? null;
        rows.push({
          name: op,
          shape: `[${shapes[op].join(', ')}]`,
          pass: pass === 'fwd' ? 'forward' : 'forward+backward',
          composition_ms: comp[pass],
          kernel_js_ms: js[pass],
          kernel_c_ms: c[pass],
          speedup: comp[pass] / c[pass],
          torch_ms: t,
          c_over_torch: t ? c[pass] / t : null,
          cpu,
        });
        log(`${op.padEnd(16)} ${(pass === 'fwd' ? 'forward' : 'fwd+bwd').padEnd(8)} composition ${comp[pass].toFixed(2)} ms, kernel JS ${js[pass].toFixed(2)} ms, kernel C ${c[pass].toFixed(2)} ms${t ? `, PyTorch ${t.toFixed(2)} ms` : ''}`);
      }
    }
    return rows;
  },
  table: (rows) => (rows.length ? `CPU: ${String(rows[0].cpu)}\n\n${genericTable(rows.map(({ cpu: _cpu, ...r }) => r))}` : '(no rows)'),
});
