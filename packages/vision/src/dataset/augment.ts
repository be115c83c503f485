import { tf, type Rng } from '@zoo/core';
import type { ImageShape } from './image-meta';

/**
 * torchvision's RandomCrop(size, padding = pad) + RandomHorizontalFlip on one [H, W, C] image, in place:
 * draws dy, dx ~ U{−pad..pad} and (with `flip`) a mirror with probability ½, in that order, then
 *   out(y, x) = img(y + dy, x' + dx) with x' = W − 1 − x when mirrored, else x;   0 outside the image.
 */
export function cropFlip(img: Float32Array, [H, W, C]: ImageShape, pad: number, flip: boolean, rng: Rng): void {
  const dy = rng.int(2 * pad + 1) - pad;
  const dx = rng.int(2 * pad + 1) - pad;
  const mirror = flip && rng.next() < 0.5;
  if (dy === 0 && dx === 0 && !mirror) return;
  const src = img.slice();
  for (let y = 0; y < H; y++) {
    const sy = y + dy;
    for (let x = 0; x < W; x++) {
      const sx = (mirror ? W - 1 - x : x) + dx;
      const o = (y * W + x) * C;
      if (sy < 0 || sy >= H || sx < 0 || sx >= W) for (let c = 0; c < C; c++) img[o + c] = 0;
      else for (let c = 0; c < C; c++) img[o + c] = src[(sy * W + sx) * C + c];
    }
  }
}

/** `cropFlip` (with flips) applied to every image of an NHWC batch, in order: a new tensor [N, H, W, C]. */
export function cropFlipBatch(x: tf.Tensor4D, pad: number, rng: Rng): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const out = Float32Array.from(x.dataSync());
  const per = h * w * c;
  for (let i = 0; i < n; i++) cropFlip(out.subarray(i * per, (i + 1) * per), [h, w, c], pad, true, rng);
  return tf.tensor4d(out, [n, h, w, c]);
}
