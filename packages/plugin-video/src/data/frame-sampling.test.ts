import { Rng } from '@zoo/core';
import { clipOffsets, denseSample, sampleFrames, segmentSample } from './frame-sampling';

describe('mmaction2 SampleFrames', () => {
  it('TSN test sampling: segment centres ⌊t/2 + i·t⌋, t = n/T', () => {
    expect(Array.from(segmentSample(80, 8, 'test'))).toEqual([5, 15, 25, 35, 45, 55, 65, 75]);
    expect(Array.from(segmentSample(10, 4, 'test'))).toEqual([1, 3, 6, 8]); // t = 2.5: 1.25, 3.75, 6.25, 8.75
  });

  it('TSN train sampling: one frame in each equal segment [i·a, (i + 1)·a), a = ⌊n/T⌋, all offsets seen', () => {
    const rng = new Rng(1);
    const seen = Array.from({ length: 8 }, () => new Set<number>());
    for (let r = 0; r < 400; r++) {
      const s = segmentSample(83, 8, 'train', rng);
      s.forEach((v, i) => {
        expect(v).toBeGreaterThanOrEqual(i * 10);
        expect(v).toBeLessThan((i + 1) * 10);
        seen[i].add(v - i * 10);
      });
    }
    for (const s of seen) expect(s.size).toBe(10);
  });

  it('short videos: sorted random offsets when n > T, else zeros; indices clamp to n − 1 or loop', () => {
    const rng = new Rng(2);
    const s = segmentSample(10, 8, 'train', rng); // a = 1: one per segment
    expect(Array.from(s)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => i));
    const few = Array.from(segmentSample(3, 8, 'train', rng));
    expect(few).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(segmentSample(3, 8, 'test'))).toEqual([0, 0, 0, 1, 1, 2, 2, 2]); // t = 3/8: ⌊0.1875 + 0.375·i⌋
    // 12 frames, 1 clip of 8 frames 2 apart (L = 16 > n): offset 0; clamp vs loop
    expect(Array.from(sampleFrames(12, { clipLen: 8, frameInterval: 2, numClips: 1 }, 'test'))).toEqual([0, 2, 4, 6, 8, 10, 11, 11]);
    expect(Array.from(sampleFrames(12, { clipLen: 8, frameInterval: 2, numClips: 1, outOfBound: 'loop' }, 'test'))).toEqual([0, 2, 4, 6, 8, 10, 0, 2]);
    // a = 0 but n > max(numClips, L): sorted draws in [0, n − L]
    for (let r = 0; r < 50; r++) {
      const o = Array.from(clipOffsets(9, { clipLen: 4, frameInterval: 1, numClips: 8 }, 'train', rng));
      expect([...o].sort((a, b) => a - b)).toEqual(o);
      expect(o.every((v) => v >= 0 && v <= 5)).toBe(true);
    }
  });

  it('dense sampling: a random start in training, the centre in testing, numClips clips in testing', () => {
    // n = 100, 8 × 8 = 64: test offset ⌊37/2⌋ = 18
    expect(Array.from(denseSample(100, 8, 8, 'test'))).toEqual([18, 26, 34, 42, 50, 58, 66, 74]);
    const rng = new Rng(3);
    const starts = new Set<number>();
    for (let r = 0; r < 500; r++) {
      const s = denseSample(100, 8, 8, 'train', rng);
      expect(s.length).toBe(8);
      for (let j = 1; j < 8; j++) expect(s[j] - s[j - 1]).toBe(8);
      starts.add(s[0]);
    }
    expect(Math.min(...starts)).toBe(0);
    expect(Math.max(...starts)).toBe(36);
    const ten = denseSample(100, 8, 8, 'test', undefined, 3);
    expect(ten.length).toBe(24);
    expect([ten[0], ten[8], ten[16]]).toEqual([6, 18, 30]); // t = 37/3: ⌊6.17⌋, ⌊18.5⌋, ⌊30.8⌋
  });

  it('the same seed gives the same frames; bad specs are refused', () => {
    expect(segmentSample(300, 8, 'train', new Rng(9))).toEqual(segmentSample(300, 8, 'train', new Rng(9)));
    expect(() => segmentSample(0, 8, 'test')).toThrow(/total frames 0/);
    expect(() => segmentSample(10, 8, 'train')).toThrow(/needs an Rng/);
  });
});
