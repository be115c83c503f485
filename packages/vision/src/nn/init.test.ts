import { Rng } from '@zoo/core';
import { fans, kaimingNormal, kaimingNormalInit, kaimingUniform, torchDefaultInit, torchDefaultUniform } from './init';

const stats = (a: Float32Array) => {
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  return { mean, sd: Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length), min: Math.min(...a), max: Math.max(...a) };
};

describe('initializers', () => {
  it('fans of HWIO kernels and [in, out] matrices', () => {
    expect(fans([3, 3, 16, 32])).toEqual({ fan_in: 144, fan_out: 288 });
    expect(fans([10, 4])).toEqual({ fan_in: 10, fan_out: 4 });
    expect(() => fans([3])).toThrow(/\[k, k, in, out\] or \[in, out\]/);
  });

  it('kaiming normal: std · normal() draws in order, std = √(2/fan)', () => {
    const r = new Rng(3);
    const std = Math.sqrt(2 / 50);
    expect(Array.from(kaimingNormal(new Rng(3), 5, 50))).toEqual(Array.from(Float32Array.from({ length: 5 }, () => std * r.normal())));
    const s = stats(kaimingNormal(new Rng(1), 40000, 8));
    expect(Math.abs(s.mean)).toBeLessThan(0.01);
    expect(s.sd).toBeCloseTo(0.5, 2);
  });

  it('kaiming uniform and torch default: U(±√(6/fan)) and U(±1/√fan_in)', () => {
    const u = stats(kaimingUniform(new Rng(2), 40000, 6));
    expect(u.min).toBeGreaterThanOrEqual(-1);
    expect(u.max).toBeLessThanOrEqual(1);
    expect(u.sd).toBeCloseTo(1 / Math.sqrt(3), 2);
    expect(Array.from(torchDefaultUniform(new Rng(4), 6, 16))).toEqual(Array.from(new Rng(4).uniformArray(6, -0.25, 0.25)));
  });

  it('shape-level inits use the right fan: conv fan_out for kaiming (torchvision ResNet), fan_in for the default', () => {
    expect(Array.from(kaimingNormalInit('fan_out')(new Rng(5), [3, 3, 4, 8]))).toEqual(Array.from(kaimingNormal(new Rng(5), 288, 72)));
    expect(Array.from(kaimingNormalInit('fan_in')(new Rng(5), [3, 3, 4, 8]))).toEqual(Array.from(kaimingNormal(new Rng(5), 288, 36)));
    expect(Array.from(torchDefaultInit(new Rng(6), [4, 2]))).toEqual(Array.from(torchDefaultUniform(new Rng(6), 8, 4)));
  });
});
