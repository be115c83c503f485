import { tf } from '@zoo/core';

/**
 * The two layouts of a batch of clips (mmaction2's Recognizer2D): frames [N·T, H, W, C] (clip-major: the
 * T frames of clip 0, then clip 1, …) for the 2-D layers, clips [N, T, H, W, C] for the temporal ones.
 * A temporal layer is built for a fixed T (`segments`); N comes from the batch.
 */
export function clipsOf(x: tf.Tensor, segments: number, layer: string): tf.Tensor5D {
  if (x.rank !== 4) throw new Error(`${layer}: expected frames [N·T, H, W, C], got [${x.shape.join(', ')}]`);
  const [nt, h, w, c] = x.shape;
  if (!Number.isInteger(segments) || segments < 1 || nt % segments !== 0) throw new Error(`${layer}: ${nt} frames are not a whole number of ${segments}-frame clips`);
  return tf.reshape(x, [nt / segments, segments, h, w, c]);
}

/** Clips [N, T, H, W, C] → frames [N·T, H, W, C]. */
export function framesOf(x: tf.Tensor): tf.Tensor4D {
  const [n, t, h, w, c] = x.shape;
  return tf.reshape(x, [n * t, h, w, c]);
}
