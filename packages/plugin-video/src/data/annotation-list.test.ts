import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataCorruptError, DataReadError } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { parseAnnotationList, readAnnotationList } from './annotation-list';

describe('mmaction2 annotation lists', () => {
  it('rawframes lines: frame_dir total_frames label; blank lines skipped; where names file and line', () => {
    const r = parseAnnotationList('some/dir-1 163 1\n\nsome/dir-2 122 0\n', 'train.txt', { kind: 'rawframes', numClasses: 2 });
    expect(r).toEqual([
      { path: 'some/dir-1', totalFrames: 163, labels: [1], where: 'train.txt line 1' },
      { path: 'some/dir-2', totalFrames: 122, labels: [0], where: 'train.txt line 3' },
    ]);
  });

  it('the offset column variant, multi-label lists and video lists', () => {
    expect(parseAnnotationList('d 5 40 3\r\n', 'l', { kind: 'rawframes', withOffset: true })).toEqual([{ path: 'd', offset: 5, totalFrames: 40, labels: [3], where: 'l line 1' }]);
    expect(parseAnnotationList('d 40 3 7 9', 'l', { kind: 'rawframes', multiLabel: true, numClasses: 10 })[0].labels).toEqual([3, 7, 9]);
    expect(parseAnnotationList('a/b.mp4 2\nc.mp4 0 1', 'v', { kind: 'video', multiLabel: true })).toEqual([
      { path: 'a/b.mp4', labels: [2], where: 'v line 1' },
      { path: 'c.mp4', labels: [0, 1], where: 'v line 2' },
    ]);
  });

  it.each([
    ['d 12', /l\.txt: line 1: 2 fields, expected 'frame_dir total_frames label'/],
    ['ok 3 1\nd x 1', /line 2: total_frames 'x' is not a non-negative integer/],
    ['d 3 -1', /line 1: label '-1' is not a non-negative integer/],
    ['d 3 1.5', /label '1.5'/],
    ['d 3 5', /line 1: label 5 is out of range \(the dataset has 5 classes, 0 to 4\)/],
    ['d 0 1', /line 1: total_frames is 0/],
    ['d 3 1 2', /line 1: 4 fields, expected 'frame_dir total_frames label'/],
    ['d 3 99999999999999999999', /not a non-negative integer/],
  ])('refuses %j naming the file and line', (text, re) => {
    expect(() => parseAnnotationList(text, 'l.txt', { kind: 'rawframes', numClasses: 5 })).toThrow(DataCorruptError);
    expect(() => parseAnnotationList(text, 'l.txt', { kind: 'rawframes', numClasses: 5 })).toThrow(re);
  });

  it('a video list line without a label names the form', () => {
    expect(() => parseAnnotationList('a.mp4', 'v.txt', { kind: 'video' })).toThrow(/v\.txt: line 1: 1 field, expected 'path label'/);
  });

  it('reads a file; a missing one or a folder is named', () => {
    const dir = tempDir();
    const f = path.join(dir, 'val.txt');
    fs.writeFileSync(f, 'x 4 0\n');
    expect(readAnnotationList(f, { kind: 'rawframes' })).toHaveLength(1);
    expect(() => readAnnotationList(path.join(dir, 'none.txt'), { kind: 'rawframes' })).toThrow(DataReadError);
    expect(() => readAnnotationList(dir, { kind: 'rawframes' })).toThrow(/it is a folder/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
