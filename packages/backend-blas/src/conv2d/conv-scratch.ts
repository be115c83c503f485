import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * What the conv2d algorithms (im2col.ts, row-path.ts, winograd.ts) share: the conv geometry type, the
 * chunk size that keeps a chunk's expanded input under ~16 MB, and the two reused scratch buffers
 * (allocating and zeroing 64 MB per call costs more than the copy into them).
 */
export type ConvInfo = backend_util.Conv2DInfo;

/** Floats per chunk of expanded input (cols, rowCols or the Winograd tiles): 16 MB. */
export const CHUNK_FLOATS = 4 * 1024 * 1024;

/** The number of images per chunk when one image expands to `perImage` floats (at least 1, at most N). */
export function imagesPerChunk(c: ConvInfo, perImage: number): number {
  return Math.max(1, Math.min(c.batchSize, Math.floor(CHUNK_FLOATS / Math.max(perImage, 1))));
}

/** A 1×1, stride-1, unpadded convolution: a plain matmul on X itself. */
export function isPointwise(c: ConvInfo): boolean {
  return (
    c.filterHeight === 1 && c.filterWidth === 1 && c.strideHeight === 1 && c.strideWidth === 1 &&
    c.dilationHeight === 1 && c.dilationWidth === 1 && c.padInfo.top === 0 && c.padInfo.left === 0
  );
}

/** One scratch buffer for cols, grown on demand. */
let scratch = new Float32Array(0);
export function colsBuffer(n: number): Float32Array {
  if (scratch.length < n) scratch = new Float32Array(n);
  return scratch.subarray(0, n);
}

/** A second reused buffer (the row path's extended output / gradient rows, Winograd's transformed outputs). */
let scratch2 = new Float32Array(0);
export function extBuffer(n: number): Float32Array {
  if (scratch2.length < n) scratch2 = new Float32Array(n);
  return scratch2.subarray(0, n);
}
