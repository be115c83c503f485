import { tanhSimd } from './attention-kernel';

describe('SIMD tanh', () => {
  it('matches Math.tanh to 3e-7 (absolute or relative) from tiny to saturated values, ±0, ±∞ and NaN', () => {
    const xs = [0, -0, 1e-30, 1e-6, -3e-4, 0.05, 0.0999, 0.1001, -0.1, 0.5, -1, 2, 4.5, -9, 20, -88, 100, Infinity, -Infinity, NaN];
    for (let v = -12; v <= 12; v += 0.013) xs.push(v);
    const got = tanhSimd(Float32Array.from(xs));
    expect(got).not.toBeNull();
    xs.forEach((v, i) => {
      const want = Math.tanh(Math.fround(v));
      if (Number.isNaN(v)) return expect(got![i]).toBeNaN();
      expect(Math.abs(got![i] - want)).toBeLessThanOrEqual(3e-7 * Math.max(Math.abs(want), 1e-3));
    });
    expect(Object.is(got![1], -0)).toBe(true);
  });
});
