import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '@zoo/core/testing';
import { lockOutputs } from './output-locks';
import { writeFileAtomic } from './write-file';

describe('lockOutputs', () => {
  it('locks each named output until release; a second taker is refused naming this process, and takes nothing', () => {
    const dir = tempDir();
    const json = path.join(dir, 'r.json');
    const csv = path.join(dir, 'r.csv');
    const held = lockOutputs([{ flag: '--json', file: json }, { flag: '--csv', file: undefined }]);
    expect(fs.readdirSync(dir)).toEqual(['r.json.lock']);
    expect(() => lockOutputs([{ flag: '--csv', file: csv }, { flag: '--json', file: json }])).toThrow(new RegExp(`^--json ${json} is in use by pid ${process.pid} \\(`));
    expect(fs.readdirSync(dir)).toEqual(['r.json.lock']); // the refused one let go of r.csv.lock
    held.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses two flags naming one file', () => {
    const file = path.join(tempDir(), 'x.json');
    expect(() => lockOutputs([{ flag: '--json', file }, { flag: '--csv', file: path.relative(process.cwd(), file) }])).toThrow(`--json and --csv name the same file ${path.relative(process.cwd(), file)}`);
  });
});

describe('writeFileAtomic', () => {
  it('writes through a temp file unique to the writer and leaves none behind', () => {
    const dir = tempDir();
    const file = path.join(dir, 'sub', 'a.json');
    writeFileAtomic(file, 'one');
    // a stale temp of this pid (the old fixed name) does not get in the way
    fs.writeFileSync(`${file}.tmp-${process.pid}`, 'junk');
    writeFileAtomic(file, 'two');
    expect(fs.readFileSync(file, 'utf8')).toBe('two');
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['a.json', `a.json.tmp-${process.pid}`]);
  });
});
