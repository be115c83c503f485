import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zoo/core/testing';
import { collect, existingDir, parseTiers, positiveInt } from './options';

describe('option parsers', () => {
  it('collect accumulates repeated flags in order', () => {
    expect(collect('b=2', collect('a=1', []))).toEqual(['a=1', 'b=2']);
  });

  it('positiveInt accepts 1, 2, ... and names the flag otherwise', () => {
    expect(positiveInt('--jobs')('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', '']) expect(() => positiveInt('--jobs')(bad)).toThrow(`--jobs '${bad}': expected a positive integer`);
  });

  it('parseTiers splits on commas and rejects unknown tiers', () => {
    expect(parseTiers(undefined)).toBeUndefined();
    expect(parseTiers('smoke, cpu')).toEqual(['smoke', 'cpu']);
    expect(() => parseTiers('smoke,gpu')).toThrow("--tier 'gpu': expected one of smoke, cpu, paper");
  });

  it('existingDir gives the absolute path of a folder and names a missing one (--data-dir /nonexistent)', () => {
    const dir = tempDir();
    expect(existingDir('--data-dir')(dir)).toBe(path.resolve(dir));
    expect(() => existingDir('--data-dir')('/nonexistent')).toThrow("--data-dir /nonexistent: no such folder");
    const file = path.join(dir, 'f.txt');
    fs.writeFileSync(file, '');
    expect(() => existingDir('--data-dir')(file)).toThrow(`--data-dir ${file}: not a folder`);
  });
});
