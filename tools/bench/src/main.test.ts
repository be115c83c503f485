import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchMain } from './main';

describe('npm run bench (tools/bench/src/main.ts)', () => {
  it('runs a named bench with its options, prints the table and writes --json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-bench-main-'));
    const json = path.join(dir, 'rows.json');
    let out = '';
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await benchMain(['dual-amn-step', '--entities', '40', '--steps', '1', '--no-torch', '--json', json], (s) => void (out += s));
    } finally {
      err.mockRestore();
    }
    const rows = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(rows).toEqual([expect.objectContaining({ name: 'dual-amn-step', graph: 'synthetic (80 entities)', torch_ms: null })]);
    expect(out).toMatch(/^\| name \| impl \| graph \| ms \| torch_ms \| ratio \|\n/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('names an unknown bench and a bad option', async () => {
    await expect(benchMain(['nope'])).rejects.toThrow("no benchmark 'nope'; available: backends, gnn-scale, dual-amn-step");
    await expect(benchMain(['gnn-scale', '--epochs', 'abc'])).rejects.toThrow('bench gnn-scale option --epochs: expected number, received string (got "abc")');
    await expect(benchMain(['--only', 'sgemm', '--no-torch'])).rejects.toThrow(/^bench backends option --only\[0\]: expected one of/);
    await expect(benchMain(['gnn-scale', '--json'])).rejects.toThrow('bench gnn-scale option --json: expected a file name');
  });
});
