import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataCorruptError, ZooError } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { decodeFrames, FFMPEG_MISSING, ffmpegAvailable, probeVideo, VideoFileSource } from './video-decode';

/**
 * A real video made by ffmpeg's lavfi test source (12 frames of 32×24 at 10 fps, MPEG-4 part 2 in mp4),
 * every frame a flat grey level rising 20 a frame, so a decoded frame says which frame it is. Where ffmpeg
 * is absent the tests assert the one-line error instead.
 */
describe('ffmpeg video decoding', () => {
  const present = ffmpegAvailable();
  let dir: string;
  let video: string;
  beforeAll(() => {
    dir = tempDir('zoo-video-');
    video = path.join(dir, 'clip.mp4');
    if (present) {
      const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', "color=c=black:s=32x24:r=10:d=1.2,geq=lum='20*N+10':cb=128:cr=128", '-c:v', 'mpeg4', '-q:v', '1', '-pix_fmt', 'yuv420p', video]);
      if (r.status !== 0) throw new Error(`could not make the test video: ${r.stderr}`);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('probes the frame count and size, and decodes the sampled frames scaled, in the order asked', () => {
    if (!present) {
      expect(() => probeVideo(video)).toThrow(FFMPEG_MISSING);
      return;
    }
    expect(probeVideo(video)).toEqual({ frames: 12, width: 32, height: 24 });
    const out = decodeFrames(video, [7, 0, 7, 11], 12, 16);
    const per = 12 * 16 * 3;
    expect(out.length).toBe(4 * per);
    const mean = (t: number) => out.subarray(t * per, (t + 1) * per).reduce((a, b) => a + b, 0) / per;
    // limited-range luma → RGB: grey g ≈ (20·n + 10 − 16)·255/219
    const expected = (n: number) => ((20 * n + 10 - 16) * 255) / 219;
    expect(Math.abs(mean(0) - expected(7))).toBeLessThan(6);
    expect(Math.abs(mean(1) - Math.max(0, expected(0)))).toBeLessThan(6);
    expect(mean(2)).toBe(mean(0));
    expect(Math.abs(mean(3) - expected(11))).toBeLessThan(6);
  });

  it('indices past the stream repeat the last frame decoded; the source reads records under its root', () => {
    if (!present) return expect(() => decodeFrames(video, [0], 2, 2)).toThrow(FFMPEG_MISSING);
    const out = decodeFrames(video, [11, 40], 6, 8);
    expect(Array.from(out.subarray(144))).toEqual(Array.from(out.subarray(0, 144)));
    const src = new VideoFileSource(dir, 12);
    const rec = { path: 'clip.mp4', labels: [0], where: 'v.txt line 1' };
    expect(src.totalFrames(rec)).toBe(12);
    const r = src.read(rec, Int32Array.from([0, 5]));
    expect([r.frames, r.height, r.width, r.data.length]).toEqual([2, 12, 16, 2 * 12 * 16 * 3]);
    expect(() => src.read({ ...rec, path: '../x.mp4' }, Int32Array.from([0]))).toThrow(/v\.txt.*leaves the dataset folder/);
  });

  it('a file ffmpeg cannot read is named with ffmpeg\'s first error line; a missing file is named', () => {
    const bad = path.join(dir, 'bad.mp4');
    fs.writeFileSync(bad, 'this is not a video\n');
    if (!present) return expect(() => probeVideo(bad)).toThrow(FFMPEG_MISSING);
    let err: Error | undefined;
    try {
      probeVideo(bad);
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(DataCorruptError);
    expect(err!.message).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: ffmpeg cannot read it: .+`));
    expect(() => decodeFrames(bad, [0], 2, 2)).toThrow(/ffmpeg cannot read it/);
    expect(() => probeVideo(path.join(dir, 'none.mp4'))).toThrow(/none\.mp4: no such file/);
  });

  it('without ffmpeg: one line naming the Debian package', () => {
    const opts = { ffmpeg: path.join(dir, 'no-ffmpeg'), ffprobe: path.join(dir, 'no-ffprobe') };
    let err: Error | undefined;
    try {
      probeVideo(path.join(dir, 'bad.mp4'), opts);
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(ZooError);
    expect(err!.message).toBe('ffmpeg not found: install the Debian package ffmpeg (apt-get install ffmpeg)');
    expect(() => decodeFrames(path.join(dir, 'bad.mp4'), [0], 2, 2, opts)).toThrow(FFMPEG_MISSING);
    expect(ffmpegAvailable(opts)).toBe(false);
  });
});
