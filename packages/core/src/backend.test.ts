import { probeBackends, resolveBackend } from './backend';
import { tf } from './tf';

describe('backend resolver', () => {
  const notInstalled = (pkg: string) => {
    throw new Error(`Cannot find module '${pkg}'`);
  };

  it('falls through uninstalled backends to cpu and says why', async () => {
    const info = await resolveBackend(undefined, notInstalled);
    expect(info.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(info.skipped.join('\n')).toContain('@tensorflow/tfjs-node-gpu is not installed');
    expect(info.skipped.join('\n')).toContain('@zoo/backend-blas is not installed');
  });

  it('says in one line why blas did not load, with the install hint, and falls back to wasm', async () => {
    const load = (pkg: string) => {
      if (pkg === '@zoo/backend-blas') throw new Error('no BLAS library loads (tried libopenblas.so.0); install one: apt-get install libopenblas0-pthread\nstack');
      if (pkg === '@tensorflow/tfjs-backend-wasm') return require(pkg);
      return notInstalled(pkg);
    };
    const info = await resolveBackend(undefined, load);
    expect(info.name).toBe('wasm');
    expect(info.skipped).toContain('blas: no BLAS library loads (tried libopenblas.so.0); install one: apt-get install libopenblas0-pthread');
    await tf.setBackend('cpu');
  });

  it('fails clearly for an unknown or unavailable requested backend', async () => {
    await expect(resolveBackend('gpu-please', notInstalled)).rejects.toThrow(/expected one of tfjs-node-gpu, tfjs-node, blas, wasm, cpu/);
    await expect(resolveBackend('tfjs-node', notInstalled)).rejects.toThrow(/backend 'tfjs-node' cannot start .*not installed/);
  });

  it('detects a package that loads but registers no backend', async () => {
    await expect(resolveBackend('blas', () => ({}))).rejects.toThrow(/did not register backend 'blas'/);
  });

  it('detects tfjs silently falling back to another backend', async () => {
    tf.registerBackend('broken-test', () => {
      throw new Error('no native library');
    });
    const { BACKEND_CANDIDATES } = await import('./backend');
    const c = BACKEND_CANDIDATES.find((x) => x.name === 'blas')! as { tfName: string };
    const saved = c.tfName;
    c.tfName = 'broken-test';
    try {
      await expect(resolveBackend('blas', () => ({}))).rejects.toThrow(/cannot start/);
    } finally {
      c.tfName = saved;
      tf.removeBackend('broken-test');
      await tf.setBackend('cpu');
    }
  });

  it("reports a started package's backendDetails(), sets its threads when asked, and reports none for a package without", async () => {
    const threads: number[] = [];
    const withDetails = (pkg: string) => {
      if (pkg !== '@tensorflow/tfjs-backend-wasm') return notInstalled(pkg);
      return { ...require(pkg), backendDetails: () => ({ cKernels: false, threads: threads.at(-1) ?? 0 }), setThreads: (n: number) => void threads.push(n) };
    };
    const info = await resolveBackend('wasm', withDetails, { threads: 1 });
    expect(threads).toEqual([1]);
    expect(info.details).toEqual({ cKernels: false, threads: 1 });
    const again = await resolveBackend('wasm', withDetails);
    expect(threads).toEqual([1]); // no threads option: setThreads is not called
    expect(again.details).toEqual({ cKernels: false, threads: 1 });
    const plain = await resolveBackend('wasm', (pkg) => (pkg === '@tensorflow/tfjs-backend-wasm' ? require(pkg) : notInstalled(pkg)), { threads: 1 });
    expect(plain.details).toBeUndefined();
    const cpu = await resolveBackend('cpu', notInstalled, { threads: 1 });
    expect(cpu.details).toBeUndefined();
  });

  it('probeBackends carries each started backend\'s details for zoo doctor', async () => {
    const load = (pkg: string) => (pkg === '@tensorflow/tfjs-backend-wasm' ? { ...require(pkg), backendDetails: () => ({ simd: true }) } : notInstalled(pkg));
    const reports = await probeBackends(load);
    expect(reports.find((r) => r.name === 'wasm')).toMatchObject({ ok: true, details: { simd: true } });
    expect(reports.find((r) => r.name === 'cpu')?.details).toBeUndefined();
    expect(reports.find((r) => r.name === 'blas')).toMatchObject({ ok: false, detail: 'blas: @zoo/backend-blas is not installed' });
    await tf.setBackend('cpu');
  });
});
