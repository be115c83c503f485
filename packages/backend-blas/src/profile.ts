import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';

/** Per-kernel wall time, collected when `ZOO_BLAS_PROFILE=1` (printed at exit, slowest first). */
export const kernelTimes = new Map<string, { ms: number; calls: number }>();

export function profiled(k: KernelConfig): KernelConfig {
  const inner = k.kernelFunc as KernelFunc;
  const kernelFunc = ((args: Parameters<KernelFunc>[0]) => {
    const t0 = performance.now();
    try {
      return inner(args);
    } finally {
      const e = kernelTimes.get(k.kernelName) ?? { ms: 0, calls: 0 };
      e.ms += performance.now() - t0;
      e.calls++;
      kernelTimes.set(k.kernelName, e);
    }
  }) as KernelFunc;
  return { ...k, kernelFunc };
}

export function kernelReport(top = 25): string {
  const rows = [...kernelTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
  const total = [...kernelTimes.values()].reduce((s, e) => s + e.ms, 0);
  return [`kernel time by kernel (total ${total.toFixed(0)} ms):`, ...rows.map(([n, e]) => `  ${e.ms.toFixed(1).padStart(9)} ms  ${String(e.calls).padStart(7)}×  ${n}`)].join('\n');
}
