import { resolveBackend } from './backend';
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
});
