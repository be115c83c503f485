import { Rng } from '@zoo/core';
import { resizeRgb } from '@zoo/vision';
import { applyPipeline, centerCropBox, cropResize, flipClip, flipLabel, normalizeClip, randomResizedCropBox, resizeShortSide, shortSideSize, SSV2_FLIP_LABEL_MAP, type Clip } from './clip-transforms';

/** A clip whose value encodes (t, y, x, c). */
function ramp(T: number, H: number, W: number, C: number): Clip {
  const data = new Float32Array(T * H * W * C);
  for (let t = 0; t < T; t++) for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < C; c++) data[((t * H + y) * W + x) * C + c] = t * 1000 + y * 10 + x + c * 0.1;
  return { data, frames: T, height: H, width: W, channels: C };
}
const at = (c: Clip, t: number, y: number, x: number, ch = 0) => c.data[((t * c.height + y) * c.width + x) * c.channels + ch];

describe('clip transforms', () => {
  it('a crop of its own size is the pixels of the box, for every frame', () => {
    const c = ramp(3, 6, 8, 2);
    const out = cropResize(c, { top: 1, left: 2, height: 3, width: 4 }, 3, 4);
    for (let t = 0; t < 3; t++) for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) expect(at(out, t, y, x, 1)).toBeCloseTo(at(c, t, y + 1, x + 2, 1), 4);
  });

  it('resizing agrees with @zoo/vision resizeRgb (bilinear, half-pixel centres) on bytes', () => {
    const H = 7;
    const W = 9;
    const bytes = Uint8Array.from({ length: H * W * 3 }, (_, i) => (i * 37) % 256);
    const out = cropResize({ data: Float32Array.from(bytes), frames: 1, height: H, width: W, channels: 3 }, { top: 0, left: 0, height: H, width: W }, 4, 5);
    expect(Array.from(out.data, Math.round)).toEqual(Array.from(resizeRgb(bytes, H, W, 4, 5)));
  });

  it('short side resize (mmcv rescale_size) and centre crop boxes', () => {
    expect(shortSideSize(240, 320, 256)).toEqual([256, 341]);
    expect(shortSideSize(320, 240, 128)).toEqual([171, 128]);
    expect(resizeShortSide(ramp(1, 4, 8, 1), 2).width).toBe(4);
    expect(centerCropBox(256, 341, 224, 224)).toEqual({ top: 16, left: 58, height: 224, width: 224 });
  });

  it('random resized crop: inside the frame, area fraction in [0.08, 1], aspect in [3/4, 4/3] (up to rounding); fallback centre square', () => {
    const rng = new Rng(4);
    for (let i = 0; i < 300; i++) {
      const b = randomResizedCropBox(256, 340, rng);
      expect(b.top + b.height).toBeLessThanOrEqual(256);
      expect(b.left + b.width).toBeLessThanOrEqual(340);
      const area = (b.height * b.width) / (256 * 340);
      expect(area).toBeGreaterThan(0.07);
      expect(area).toBeLessThanOrEqual(1);
      const r = b.width / 340 / (b.height / 256);
      expect(r).toBeGreaterThan(0.7);
      expect(r).toBeLessThan(1.4);
    }
    expect(randomResizedCropBox(10, 20, rng, { area: [5, 6] })).toEqual({ top: 0, left: 5, height: 10, width: 10 });
  });

  it('flip mirrors every frame; the label map swaps the Something-Something left/right classes', () => {
    const c = ramp(2, 3, 5, 3);
    const f = flipClip(ramp(2, 3, 5, 3));
    for (let t = 0; t < 2; t++) for (let y = 0; y < 3; y++) for (let x = 0; x < 5; x++) expect(at(f, t, y, x, 2)).toBe(at(c, t, y, 4 - x, 2));
    expect([86, 87, 93, 94, 166, 167, 5].map((l) => flipLabel(l, SSV2_FLIP_LABEL_MAP))).toEqual([87, 86, 94, 93, 167, 166, 5]);
  });

  it('normalize per channel', () => {
    const c: Clip = { data: Float32Array.from([10, 20, 30, 40]), frames: 1, height: 1, width: 2, channels: 2 };
    expect(Array.from(normalizeClip(c, [10, 20], [2, 4]).data)).toEqual([0, 0, 10, 5]);
    expect(() => normalizeClip(c, [1], [1])).toThrow(/1 means/);
  });

  it('the pipeline: the same crop and flip for all frames of a clip; test mode is deterministic', () => {
    // every frame identical: after the pipeline every frame must still be identical
    const one = ramp(1, 20, 30, 3);
    const data = new Float32Array(4 * one.data.length);
    for (let t = 0; t < 4; t++) data.set(one.data, t * one.data.length);
    const clip: Clip = { data, frames: 4, height: 20, width: 30, channels: 3 };
    const rng = new Rng(5);
    let flips = 0;
    for (let i = 0; i < 40; i++) {
      const { clip: out, labels } = applyPipeline(clip, [86], { size: 8, shortSide: 16, flip: true, flipLabelMap: SSV2_FLIP_LABEL_MAP }, true, rng);
      expect([out.frames, out.height, out.width]).toEqual([4, 8, 8]);
      const per = 8 * 8 * 3;
      for (let t = 1; t < 4; t++) expect(Array.from(out.data.subarray(t * per, (t + 1) * per))).toEqual(Array.from(out.data.subarray(0, per)));
      if (labels[0] === 87) flips++;
    }
    expect(flips).toBeGreaterThan(5);
    expect(flips).toBeLessThan(35);
    const a = applyPipeline(clip, [1], { size: 8, shortSide: 16, mean: [0, 0, 0], std: [1, 1, 1] }, false);
    const b = applyPipeline(clip, [1], { size: 8, shortSide: 16, mean: [0, 0, 0], std: [1, 1, 1] }, false);
    expect(a.clip.data).toEqual(b.clip.data);
    expect(clip.data).toEqual(data); // the input is not modified
  });
});
