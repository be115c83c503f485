import type { DropoutStream } from '../kernel-names';

/**
 * The keep mask of ZooDropout (1 kept, 0 dropped) for n values, from the seeded stream:
 *  - 'mulberry32': u_i = mulberry32 draw i / 2³² from `seed`, keep_i = u_i ≥ rate
 *  - 'xorshift32-16': s ← xorshift32(s) (shifts 13, 17, 5) once per two values from s₀ = seed (odd,
 *    uint32); value 2j keeps when (s & 0xffff) ≥ t, value 2j + 1 when (s >>> 16) ≥ t, t = round(rate·65536)
 * The loops are inlined (a method call per value cost 10 ns; these ~3).
 */
export function dropoutMask(stream: DropoutStream, seed: number, rate: number, n: number): Uint8Array {
  const keep = new Uint8Array(n);
  if (stream === 'mulberry32') {
    let state = seed | 0;
    for (let i = 0; i < n; i++) {
      let t = (state = (state + 0x6d2b79f5) | 0);
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      keep[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 >= rate ? 1 : 0;
    }
    return keep;
  }
  if (stream !== 'xorshift32-16') throw new Error(`dropout: unknown mask stream '${stream as string}'`);
  let s = seed >>> 0;
  const threshold = Math.round(rate * 65536);
  for (let i = 0; i < n; i += 2) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    keep[i] = +((s & 0xffff) >= threshold);
    if (i + 1 < n) keep[i + 1] = +(s >>> 16 >= threshold);
  }
  return keep;
}
