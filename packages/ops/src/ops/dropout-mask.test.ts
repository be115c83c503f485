import { dropoutMask } from './dropout-mask';

describe('dropoutMask', () => {
  it('mulberry32: the first draws of seed 1 are the published mulberry32 sequence (0.6270739405881613, 0.002735721180215478, …)', () => {
    // mulberry32(1): 0.6270739405881613, 0.002735721180215478, 0.5274470399599522
    expect(Array.from(dropoutMask('mulberry32', 1, 0.5, 3))).toEqual([1, 0, 1]);
    expect(Array.from(dropoutMask('mulberry32', 1, 0.6, 3))).toEqual([1, 0, 0]);
    expect(Array.from(dropoutMask('mulberry32', 1, 0.0027, 3))).toEqual([1, 1, 1]);
  });

  it('xorshift32-16: one xorshift32 step per two values, low then high half', () => {
    // 1 → 270369 = 0x00042021: low half 0x2021 = 8225, high 0x0004 = 4
    expect(Array.from(dropoutMask('xorshift32-16', 1, 4 / 65536, 2))).toEqual([1, 1]);
    expect(Array.from(dropoutMask('xorshift32-16', 1, 5 / 65536, 2))).toEqual([1, 0]);
    expect(Array.from(dropoutMask('xorshift32-16', 1, 8226 / 65536, 3)).slice(0, 2)).toEqual([0, 0]);
  });

  it('rejects an unknown stream', () => {
    expect(() => dropoutMask('lcg' as never, 1, 0.5, 2)).toThrow(/unknown mask stream 'lcg'/);
  });
});
