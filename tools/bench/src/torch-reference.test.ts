import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTorchReference } from './torch-reference';

describe('runTorchReference', () => {
  it('finds the scripts beside src/ (tools/bench/*.py)', () => {
    expect(fs.existsSync(path.join(__dirname, '..', 'torch_bench.py'))).toBe(true);
    expect(fs.existsSync(path.join(__dirname, '..', 'dual_amn_torch.py'))).toBe(true);
  });

  it('returns null with one line saying why when the script is not there', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-torch-ref-'));
    try {
      const lines: string[] = [];
      expect(runTorchReference('missing.py', [], (l) => lines.push(l), 1000, dir)).toBeNull();
      expect(lines).toEqual([`PyTorch reference skipped: ${path.join(dir, 'missing.py')} not found (run from the zoo repository)`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
