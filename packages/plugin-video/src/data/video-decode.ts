import { spawnSync } from 'node:child_process';
import { DataCorruptError, DataReadError, statData, ZooError } from '@zoo/core';
import type { VideoRecord } from './annotation-list';
import { shortSideSize } from './clip-transforms';
import { confinedRel } from './rawframes';

/**
 * Video files decoded by the system's ffmpeg (no native addon): `probeVideo` counts the frames
 * (`ffprobe -count_packets`, one packet a frame for the codecs of these datasets) and reads the size;
 * `decodeFrames` decodes the sampled frames only (`select` filter on the frame number n), scaled to the
 * size asked (`scale` filter, bilinear), as raw RGB24 bytes [T, H, W, 3] through a pipe
 * (`-f rawvideo -pix_fmt rgb24 -`). When the stream has fewer frames than probed, the missing (last)
 * indices repeat the last frame decoded (mmaction2's decoders loop or clamp the same way).
 * Errors: no ffmpeg → one line saying which Debian package to install; a file ffmpeg cannot read → a
 * DataCorruptError naming it with ffmpeg's first stderr line.
 */
export const FFMPEG_MISSING = 'ffmpeg not found: install the Debian package ffmpeg (apt-get install ffmpeg)';

export interface FfmpegOptions {
  /** the binaries (default `ZOO_FFMPEG` / `ZOO_FFPROBE`, else `ffmpeg` / `ffprobe` on the PATH) */
  ffmpeg?: string;
  ffprobe?: string;
  /** per-call time limit, ms (default 120 s) */
  timeoutMs?: number;
}

export interface VideoInfo {
  frames: number;
  width: number;
  height: number;
}

function run(bin: string, args: string[], file: string, opts: FfmpegOptions, maxBuffer: number): Buffer {
  const r = spawnSync(bin, args, { maxBuffer, timeout: opts.timeoutMs ?? 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ZooError(FFMPEG_MISSING);
    if (code === 'ETIMEDOUT') throw new DataCorruptError(file, `${bin} did not finish within ${(opts.timeoutMs ?? 120_000) / 1000} s`);
    if (code === 'ENOBUFS') throw new DataCorruptError(file, `${bin} gave more than the ${maxBuffer} bytes expected`);
    throw new ZooError(`${bin} failed on ${file}: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const first = r.stderr.toString('utf8').split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? `exit status ${r.status ?? r.signal}`;
    throw new DataCorruptError(file, `ffmpeg cannot read it: ${first}`);
  }
  return r.stdout;
}

function exists(file: string): void {
  const st = statData(file);
  if (!st) throw new DataReadError(file, 'ENOENT', 'no such file');
  if (!st.isFile()) throw new DataReadError(file, 'ENOTFILE', 'not a regular file');
}

const bins = (o: FfmpegOptions) => ({ ffmpeg: o.ffmpeg ?? process.env.ZOO_FFMPEG ?? 'ffmpeg', ffprobe: o.ffprobe ?? process.env.ZOO_FFPROBE ?? 'ffprobe' });

/** Frame count and size of a video's first video stream. */
export function probeVideo(file: string, opts: FfmpegOptions = {}): VideoInfo {
  exists(file);
  const args = ['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=width,height,nb_read_packets', '-of', 'csv=p=0', '--', file];
  const out = run(bins(opts).ffprobe, args, file, opts, 1 << 16).toString('utf8').trim();
  const [w, h, n] = out.split('\n')[0].split(',').map((s) => Number(s.trim()));
  if (!out) throw new DataCorruptError(file, 'ffmpeg cannot read it: no video stream');
  if (![w, h, n].every((v) => Number.isSafeInteger(v) && v > 0)) throw new DataCorruptError(file, `ffprobe gave '${out.slice(0, 80)}', expected 'width,height,frames' (no decodable video stream?)`);
  return { width: w, height: h, frames: n };
}

/** Frames `indices` (0-based, any order, repeats allowed) of a video, scaled to height × width, RGB bytes. */
export function decodeFrames(file: string, indices: ArrayLike<number>, height: number, width: number, opts: FfmpegOptions = {}): Uint8Array {
  exists(file);
  const wanted = [...new Set(Array.from(indices))].sort((a, b) => a - b);
  if (wanted.some((i) => !Number.isSafeInteger(i) || i < 0)) throw new RangeError('decodeFrames: frame indices must be non-negative integers');
  const per = height * width * 3;
  const select = wanted.map((i) => `eq(n\\,${i})`).join('+');
  const args = ['-v', 'error', '-nostdin', '-i', file, '-map', '0:v:0', '-vf', `select=${select},scale=${width}:${height}:flags=bilinear`, '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'];
  const raw = run(bins(opts).ffmpeg, args, file, opts, wanted.length * per + 1024);
  const got = Math.floor(raw.length / per);
  if (got === 0) throw new DataCorruptError(file, `ffmpeg decoded no frame of ${wanted.length} asked (frames ${wanted[0]}…${wanted[wanted.length - 1]})`);
  const slot = new Map(wanted.map((k, j) => [k, Math.min(j, got - 1)]));
  const out = new Uint8Array(indices.length * per);
  for (let t = 0; t < indices.length; t++) {
    const j = slot.get(indices[t])!;
    out.set(raw.subarray(j * per, (j + 1) * per), t * per);
  }
  return out;
}

/** Whether ffmpeg runs here (for callers that pick rawframes when it does not). */
export function ffmpegAvailable(opts: FfmpegOptions = {}): boolean {
  const r = spawnSync(bins(opts).ffmpeg, ['-version'], { stdio: 'ignore', timeout: 10_000 });
  return !r.error && r.status === 0;
}

/**
 * A LazyVideoDataset source over video files under `root` (records' paths relative to it): probed once each,
 * decoded per clip at the size whose short side is `shortSide` (the pipeline's pre-crop size).
 */
export class VideoFileSource {
  readonly channels = 3;
  private readonly info = new Map<string, VideoInfo>();

  constructor(
    readonly root: string,
    readonly shortSide: number,
    private readonly opts: FfmpegOptions & { ext?: string } = {},
  ) {}

  file(rec: VideoRecord): string {
    return confinedRel(this.root, rec.path + (this.opts.ext ?? ''), rec.where);
  }

  private probe(rec: VideoRecord): VideoInfo {
    let i = this.info.get(rec.path);
    if (!i) {
      i = probeVideo(this.file(rec), this.opts);
      this.info.set(rec.path, i);
    }
    return i;
  }

  totalFrames(rec: VideoRecord): number {
    return this.probe(rec).frames;
  }

  read(rec: VideoRecord, indices: Int32Array): { data: Uint8Array; frames: number; height: number; width: number } {
    const i = this.probe(rec);
    const [h, w] = shortSideSize(i.height, i.width, this.shortSide);
    return { data: decodeFrames(this.file(rec), indices, h, w, this.opts), frames: indices.length, height: h, width: w };
  }
}
