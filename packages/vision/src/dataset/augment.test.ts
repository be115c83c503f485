import { Rng, tf } from '@zoo/core';
import { cropFlip, cropFlipBatch } from './augment';

describe('random crop with zero padding + horizontal flip', () => {
  it('shifts with zero fill and flips, by hand on a 1×2×3 batch (draw order: dy, dx, flip)', () => {
    const seq = { ints: [1, 2], nexts: [0.9] }; // dy = 1 − 1 = 0, dx = 2 − 1 = 1, no flip
    const rng = { int: () => seq.ints.shift()!, next: () => seq.nexts.shift()! } as unknown as Rng;
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);
    const out = cropFlipBatch(x, 1, rng);
    expect(Array.from(out.dataSync())).toEqual([2, 3, 0, 5, 6, 0]);
    const flipRng = { int: () => 1, next: () => 0.1 } as unknown as Rng; // no shift, flip
    const f = cropFlipBatch(x, 1, flipRng);
    expect(Array.from(f.dataSync())).toEqual([3, 2, 1, 6, 5, 4]);
    expect(Array.from(x.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    tf.dispose([x, out, f]);
  });

  it('every crop/flip of a 1×3 image appears over seeds (torchvision RandomCrop(padding) + flip)', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const img = Float32Array.from([1, 2, 3]);
      cropFlip(img, [1, 3, 1], 1, true, new Rng(seed));
      seen.add(Array.from(img).join(','));
    }
    // vertical shifts of a 1-row image give all zeros; horizontal ones shift in a zero
    for (const v of ['1,2,3', '3,2,1', '0,1,2', '2,3,0', '0,3,2', '2,1,0', '0,0,0']) expect(seen.has(v)).toBe(true);
    expect(seen.size).toBe(7);
  });

  it('the batch version is the per-image one in order, channels moved together', () => {
    const r = new Rng(3);
    const data = Float32Array.from({ length: 3 * 4 * 4 * 2 }, () => r.next());
    const x = tf.tensor4d(data, [3, 4, 4, 2]);
    const out = cropFlipBatch(x, 2, new Rng(9));
    const ref = data.slice();
    const rng = new Rng(9);
    for (let i = 0; i < 3; i++) cropFlip(ref.subarray(i * 32, (i + 1) * 32), [4, 4, 2], 2, true, rng);
    expect(Array.from(out.dataSync())).toEqual(Array.from(ref));
    tf.dispose([x, out]);
  });
});
