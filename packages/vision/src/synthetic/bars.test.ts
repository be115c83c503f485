import { Rng } from '@zoo/core';
import { alternatingBars, barImages, fiveOffsetBars } from './bars';

describe('synthetic bar images', () => {
  it('without noise: exactly the bar at on, the rest at off', () => {
    const img = barImages([0, 1], new Rng(1), 4, alternatingBars(2, 4), { on: 0.9, off: 0.1, noise: 0 });
    const f = Math.fround;
    // class 0 horizontal at ⌊0.5·4/1⌋ = row 2, class 1 vertical at column 2
    expect(Array.from(img.subarray(0, 16))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0].map((b) => (b ? f(0.9) : f(0.1))));
    expect(Array.from(img.subarray(16))).toEqual([0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0].map((b) => (b ? f(0.9) : f(0.1))));
  });

  it('placements: alternating (snn) and five offsets of 2-pixel bars (debias)', () => {
    expect([0, 1, 2, 3].map(alternatingBars(4, 8))).toEqual([
      { horizontal: true, at: 2, width: 1 },
      { horizontal: false, at: 2, width: 1 },
      { horizontal: true, at: 6, width: 1 },
      { horizontal: false, at: 6, width: 1 },
    ]);
    expect([0, 4, 5, 9].map(fiveOffsetBars(8)).map((b) => [b.horizontal, b.at, b.width])).toEqual([
      [true, 0, 2],
      [true, 6, 2],
      [false, 0, 2],
      [false, 6, 2],
    ]);
  });

  it('one normal draw per pixel, row-major, clipped to [0, 1]', () => {
    const img = barImages([1], new Rng(5), 3, fiveOffsetBars(3), { on: 0.9, off: 0.05, noise: 0.5 });
    const r = new Rng(5);
    const bar = fiveOffsetBars(3)(1);
    for (let p = 0; p < 9; p++) {
      const row = Math.floor(p / 3);
      const on = row >= bar.at && row < bar.at + 2;
      expect(img[p]).toBe(Math.fround(Math.min(1, Math.max(0, (on ? 0.9 : 0.05) + 0.5 * r.normal()))));
    }
  });
});
