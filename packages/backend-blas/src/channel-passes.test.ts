import { jsChannelPasses } from '@zoo/ops';
import { channelPasses } from './channel-passes';
import { nativeKernels, setNativeKernels } from './native';

/** channelPasses: the C passes only where they can read the arrays (Float32Array, ≥ 4096 values); they agree with the JS loops. */
describe('channelPasses', () => {
  const big = Float32Array.from({ length: 64 * 96 }, (_, i) => Math.sin(i * 0.731) * 3 + (i % 96) * 0.01);

  it('takes the JS loops below 4096 values, for arrays that are not Float32Array, and with the C kernels off', () => {
    expect(channelPasses(big.subarray(0, 4095))).toBe(jsChannelPasses);
    expect(channelPasses(Array.from(big))).toBe(jsChannelPasses);
    expect(channelPasses(big, Uint8Array.of(1))).toBe(jsChannelPasses);
    const was = setNativeKernels(false);
    try {
      expect(channelPasses(big)).toBe(jsChannelPasses);
    } finally {
      setNativeKernels(was);
    }
  });

  (nativeKernels() ? it : it.skip)('takes the C kernels from 4096 Float32Array values (null y allowed), which agree with the JS loops', () => {
    const c = channelPasses(big, big, null);
    expect(c).toBe(nativeKernels());
    const R = 64;
    const C = 96;
    const run = (p: typeof c) => {
      const mean = new Float64Array(C);
      const variance = new Float64Array(C);
      p.channelMoments(big, R, C, mean, variance);
      const scale = Float32Array.from({ length: C }, (_, i) => 1 + i / C);
      const shift = Float32Array.from({ length: C }, (_, i) => -i / C);
      const y = new Float32Array(R * C);
      p.scaleShift(big, scale, shift, y, R, C, true);
      const sdy = new Float64Array(C);
      const sdyx = new Float64Array(C);
      p.bnBackwardSums(big, big, y, Float32Array.from(mean), R, C, sdy, sdyx);
      return { mean, variance, y, sdy, sdyx };
    };
    const a = run(c);
    const b = run(jsChannelPasses);
    expect(Array.from(a.y)).toEqual(Array.from(b.y)); // one multiply-add and a select per value: the same bits
    for (const k of ['mean', 'variance', 'sdy', 'sdyx'] as const) for (let i = 0; i < C; i++) expect(a[k][i]).toBeCloseTo(b[k][i], 9);
  });
});
