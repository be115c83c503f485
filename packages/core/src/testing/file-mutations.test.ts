import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { DataCorruptError, ZooError } from '../errors';
import { applyMutation, expectDataError, fileMutation, fuzzOptions, mutatedBytes, readOrDataError, restoreFile } from './file-mutations';
import { tempDir } from './index';

describe('file mutations for reader fuzzing', () => {
  const original = Buffer.from('12,7\n3,400\n');

  it('truncates, flips, overwrites and rewrites numbers and lines of text (inflated first for gzip)', () => {
    expect(mutatedBytes(original, { kind: 'truncate', at: 3 })!.toString()).toBe('12,');
    expect(mutatedBytes(original, { kind: 'flip', at: [0], mask: 1 })![0]).toBe(0x30);
    expect(Array.from(mutatedBytes(original, { kind: 'overwrite', at: original.length - 1, bytes: [0xff, 0xfe] })!.subarray(0, 1))).toEqual([0xfe]);
    expect(mutatedBytes(original, { kind: 'number', nth: 3, value: '400000000' })!.toString()).toBe('12,7\n3,400000000\n');
    expect(mutatedBytes(original, { kind: 'line', nth: 1, text: 'x' })!.toString()).toBe('12,7\nx\n');
    const gz = zlib.gzipSync(original);
    expect(zlib.gunzipSync(mutatedBytes(gz, { kind: 'number', nth: 0, value: '-1' }, { gzip: true })!).toString()).toBe('-1,7\n3,400\n');
    expect(zlib.gunzipSync(mutatedBytes(gz, { kind: 'bomb' }, { bombBytes: 1000 })!).length).toBe(1000);
  });

  it('puts a folder in place of the file and restores it', () => {
    const file = path.join(tempDir(), 'f');
    fs.writeFileSync(file, original);
    applyMutation(file, original, { kind: 'folder' });
    expect(fs.statSync(file).isDirectory()).toBe(true);
    restoreFile(file, original);
    expect(fs.readFileSync(file)).toEqual(original);
  });

  it('accepts only data errors naming the file', () => {
    expect(() => expectDataError(new DataCorruptError('/d/x', 'bad'), '/d')).not.toThrow();
    expect(() => expectDataError(new DataCorruptError('/e/x', 'bad'), '/d')).toThrow(/does not name \/d/);
    expect(() => expectDataError(new ZooError('vague'), '/d')).toThrow('vague');
    expect(() => readOrDataError(() => { throw new RangeError('Invalid typed array length'); }, '/d')).toThrow(RangeError);
    expect(readOrDataError(() => 7, '/d')).toBe(7);
  });

  it('generates every kind, seeded', () => {
    const kinds = new Set(fc.sample(fileMutation({ text: true, gzip: true }), { seed: fuzzOptions(1).seed, numRuns: 300 }).map((m) => m.kind));
    expect([...kinds].sort()).toEqual(['bomb', 'empty', 'flip', 'folder', 'line', 'number', 'overwrite', 'random', 'truncate']);
  });
});
