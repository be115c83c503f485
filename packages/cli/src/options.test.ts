import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zoo/core/testing';
import { checkJobs, collect, existingDir, MAX_SEEDS, parseTiers, positiveInt } from './options';

describe('option parsers', () => {
  it('collect accumulates repeated flags in order', () => {
    expect(collect('b=2', collect('a=1', []))).toEqual(['a=1', 'b=2']);
  });

  it('positiveInt accepts 1, 2, ... and names the flag otherwise', () => {
    expect(positiveInt('--jobs')('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', '']) expect(() => positiveInt('--jobs')(bad)).toThrow(`--jobs '${bad}': expected a positive integer`);
  });

  it('positiveInt takes digits only (Number() would take 1e9, 0x10, " 3") and caps at its maximum', () => {
    for (const bad of ['1e9', '3.5', '0x10', '-1', '', 'abc', ' 3', '+3', '1_000', 'Infinity', '99999999999999999999']) {
      expect(() => positiveInt('--seeds', MAX_SEEDS)(bad)).toThrow(`--seeds '${bad}': expected a positive integer (digits only, e.g. 3)`);
    }
    expect(positiveInt('--seeds', MAX_SEEDS)('1000')).toBe(1000);
    expect(positiveInt('--seeds', MAX_SEEDS)('007')).toBe(7);
    expect(() => positiveInt('--seeds', MAX_SEEDS, 'seeds per recipe')('1000000000')).toThrow('--seeds 1000000000: at most 1000 seeds per recipe');
  });

  it('checkJobs refuses more jobs than cores unless forced', () => {
    expect(() => checkJobs(2, false, 2)).not.toThrow();
    expect(() => checkJobs(undefined, false, 2)).not.toThrow();
    expect(() => checkJobs(1000, undefined, 2)).toThrow('--jobs 1000: this machine has 2 cores, so at most 2 (add --jobs-force to start 1000 workers anyway)');
    expect(() => checkJobs(3, false, 1)).toThrow('--jobs 3: this machine has 1 core, so at most 1');
    expect(() => checkJobs(8, true, 2)).not.toThrow();
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
