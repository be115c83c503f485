import * as fs from 'node:fs';
import * as path from 'node:path';
import { tf } from '@zoo/core';
import { VIDEO_OPS, videoOpsBench } from './video-ops';

describe('zoo bench video-ops', () => {
  it('times every op on tiny shapes, two passes each, with the CPU model; no leaks', async () => {
    const before = tf.memory().numTensors;
    const lines: string[] = [];
    const options = videoOpsBench.parse(['--size', 'tiny', '--reps', '1', '--no-torch']);
    expect(options).toEqual({ size: 'tiny', reps: 1, torch: false });
    const rows = await videoOpsBench.run(options, { log: (l) => lines.push(l) });
    expect(rows.map((r) => `${r.name} ${r.pass}`)).toEqual(VIDEO_OPS.flatMap((op) => [`${op} forward`, `${op} forward+backward`]));
    for (const r of rows) {
      for (const k of ['composition_ms', 'kernel_js_ms', 'kernel_c_ms', 'speedup']) expect(r[k]).toBeGreaterThan(0);
      expect(r.torch_ms).toBeNull();
    }
    expect(lines[0]).toMatch(/^video-ops: .+; C kernels: /);
    const table = videoOpsBench.table(rows);
    expect(table.split('\n')[0]).toBe(`CPU: ${rows[0].cpu}`);
    expect(table).toContain('| name | shape | pass | composition_ms |');
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('has its PyTorch script beside src/; a bad option names the flag', () => {
    expect(fs.existsSync(path.join(__dirname, '..', '..', 'video_ops_torch.py'))).toBe(true);
    expect(() => videoOpsBench.parse(['--only', 'mvf-1x1'])).toThrow(/^bench video-ops option --only\[0\]: expected one of .*"mvf-14x14x128".* \(got "mvf-1x1"\)$/);
    expect(() => videoOpsBench.parse(['--reps', '0'])).toThrow('bench video-ops option --reps: Too small: expected number to be >=1 (got "0")');
  });
});
