import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zoo/core/testing';
import { emitJson, isJsonFileWord, jsonTarget, normalizeJsonFlag } from './json-output';

describe('--json [FILE]', () => {
  it('takes the next word as FILE only when it ends in .json or is -', () => {
    expect(['rows.json', 'out/R.JSON', '-'].map(isJsonFileWord)).toEqual([true, true, true]);
    expect(['gnn/gcn@sbm', 'gnn/*', 'rows', 'gnn-scale', undefined].map(isJsonFileWord)).toEqual([false, false, false, false, false]);
  });

  it('leaves a recipe glob after --json to the command as a positional', () => {
    const argv = ['node', 'zoo', 'eval', '--json', 'gnn/gcn@sbm', '--tier', 'smoke'];
    expect(normalizeJsonFlag(argv)).toEqual(['node', 'zoo', 'eval', '--json=-', 'gnn/gcn@sbm', '--tier', 'smoke']);
    expect(argv[3]).toBe('--json');
    const keep = (a: string[]) => expect(normalizeJsonFlag(a)).toEqual(a);
    keep(['node', 'zoo', 'eval', '--tier', 'smoke', '--json', '.ci-smoke.json']);
    keep(['node', 'zoo', 'list', '--json']);
    keep(['node', 'zoo', 'list', '--json', '--tier', 'smoke']);
    keep(['node', 'zoo', 'list', '--json', '-']);
    keep(['node', 'zoo', 'eval', '--json=rows.txt', 'gnn/*']);
    keep(['node', 'zoo', 'bench', 'gnn-scale', '--', '--json', 'x']);
    keep(['node', 'zoo', 'bench', '--json', '--', '--sizes', '1']);
  });

  it('sends the JSON to stdout (no FILE or -) or writes FILE', () => {
    expect(jsonTarget(undefined)).toEqual({ to: 'none' });
    expect(jsonTarget(true)).toEqual({ to: 'stdout' });
    expect(jsonTarget('-')).toEqual({ to: 'stdout' });
    let out = '';
    expect(emitJson(jsonTarget(true), { a: 1 }, (s) => (out += s))).toBe(true);
    expect(out).toBe('{\n  "a": 1\n}\n');
    const file = path.join(tempDir(), 'sub', 'r.json');
    expect(emitJson(jsonTarget(file), [1], (s) => (out += s))).toBe(false);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual([1]);
    expect(emitJson(jsonTarget(undefined), [1], (s) => (out += s))).toBe(false);
  });
});
