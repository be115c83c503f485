import type { Rng } from '@zoo/core';

/**
 * Moving bars (synthetic, for smoke recipes): clips of T frames S×S (default 4 × 16×16) of one bright bar
 * (value 220 on 30, + N(0, 8²) noise drawn once per clip and shared by its frames) moving one pixel step a frame.
 * Classes in twin pairs as Moving Fashion-MNIST's: 0 vertical bar moving right, 1 the same frames reversed
 * (left), 2 horizontal bar moving down, 3 reversed (up); a frame-order-blind model is at chance within a pair.
 */
export function movingBarClips(n: number, T: number, S: number, rng: Rng, pairs = 2): { frames: Uint8Array; labels: Int32Array } {
  const per = T * S * S;
  const frames = new Uint8Array(n * per);
  const labels = new Int32Array(n);
  const width = Math.max(1, Math.round(S / 8));
  const step = Math.max(1, Math.floor((S - width) / Math.max(1, T - 1) / 2));
  const noise = new Float32Array(S * S);
  for (let i = 0; i < n; i++) {
    const k = rng.int(2 * pairs);
    labels[i] = k;
    const vertical = (k >> 1) === 0;
    const room = S - width - step * (T - 1);
    const start = rng.int(Math.max(1, room + 1));
    for (let j = 0; j < noise.length; j++) noise[j] = 8 * rng.normal();
    for (let t = 0; t < T; t++) {
      const pos = start + step * (k & 1 ? T - 1 - t : t);
      const o = i * per + t * S * S;
      for (let y = 0; y < S; y++) {
        for (let x = 0; x < S; x++) {
          const c = vertical ? x : y;
          const v = (c >= pos && c < pos + width ? 220 : 30) + noise[y * S + x];
          frames[o + y * S + x] = Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
  }
  return { frames, labels };
}
