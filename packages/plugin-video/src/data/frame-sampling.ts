import type { Rng } from '@zoo/core';

/**
 * mmaction2's SampleFrames (MVFNet codes/datasets/pipelines/loading.py): `numClips` clips of `clipLen` frames
 * `frameInterval` apart, from a video of n frames. With L = clipLen·frameInterval:
 *   train  a = ⌊(n − L + 1) / numClips⌋; a > 0: offset_i = i·a + U{0..a−1} (one random offset per segment);
 *          else, when n > max(numClips, L): numClips sorted draws from U{0..n−L}; else all offsets 0
 *   test   t = (n − L + 1) / numClips; t > 0: offset_i = ⌊t/2 + i·t⌋ (segment centres); else all 0
 *   index_ij = offset_i + j·frameInterval, then past the end: `clamp` to n − 1 (MVFNet's np.minimum,
 *   mmaction2's out_of_bound_opt 'repeat_last') or `loop` (index mod n, mmaction2's 'loop').
 * TSN's segment sampling is clipLen = 1, numClips = T; dense sampling (I3D / SlowOnly) is one clip of
 * clipLen frames frameInterval apart (a random start in training, the centre in testing; numClips for
 * multi-clip testing). Indices are 0-based (a rawframes reader adds the first file's number).
 */
export interface SampleFramesSpec {
  clipLen: number;
  frameInterval: number;
  numClips: number;
  outOfBound?: 'clamp' | 'loop';
}

export type SampleMode = 'train' | 'test';

function check(n: number, s: SampleFramesSpec): void {
  for (const [k, v] of [['total frames', n], ['clipLen', s.clipLen], ['frameInterval', s.frameInterval], ['numClips', s.numClips]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`sampleFrames: ${k} ${v} must be a positive integer`);
  }
}

/** Clip start offsets (0-based), `numClips` of them. */
export function clipOffsets(n: number, s: SampleFramesSpec, mode: SampleMode, rng?: Rng): Int32Array {
  check(n, s);
  const L = s.clipLen * s.frameInterval;
  const out = new Int32Array(s.numClips);
  if (mode === 'test') {
    const tick = (n - L + 1) / s.numClips;
    if (tick > 0) for (let i = 0; i < s.numClips; i++) out[i] = Math.floor(tick / 2 + tick * i);
    return out;
  }
  if (!rng) throw new Error('sampleFrames: training sampling needs an Rng');
  const avg = Math.floor((n - L + 1) / s.numClips);
  if (avg > 0) {
    for (let i = 0; i < s.numClips; i++) out[i] = i * avg + rng.int(avg);
  } else if (n > Math.max(s.numClips, L)) {
    for (let i = 0; i < s.numClips; i++) out[i] = rng.int(n - L + 1);
    out.sort();
  }
  return out;
}

/** Frame indices (0-based, clip after clip), numClips·clipLen of them, all in [0, n). */
export function sampleFrames(n: number, s: SampleFramesSpec, mode: SampleMode, rng?: Rng): Int32Array {
  const offsets = clipOffsets(n, s, mode, rng);
  const out = new Int32Array(s.numClips * s.clipLen);
  const loop = s.outOfBound === 'loop';
  for (let i = 0; i < s.numClips; i++) {
    for (let j = 0; j < s.clipLen; j++) {
      const k = offsets[i] + j * s.frameInterval;
      out[i * s.clipLen + j] = k < n ? k : loop ? k % n : n - 1;
    }
  }
  return out;
}

/** TSN segment sampling: one frame in each of T equal segments (random in training, the centre in testing). */
export function segmentSample(n: number, segments: number, mode: SampleMode, rng?: Rng, outOfBound: 'clamp' | 'loop' = 'clamp'): Int32Array {
  return sampleFrames(n, { clipLen: 1, frameInterval: 1, numClips: segments, outOfBound }, mode, rng);
}

/** Dense sampling: `numClips` clips of clipLen frames frameInterval apart (one random clip in training). */
export function denseSample(n: number, clipLen: number, frameInterval: number, mode: SampleMode, rng?: Rng, numClips = 1, outOfBound: 'clamp' | 'loop' = 'loop'): Int32Array {
  return sampleFrames(n, { clipLen, frameInterval, numClips: mode === 'train' ? 1 : numClips, outOfBound }, mode, rng);
}
