import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ZooError } from '@zoo/core';
import { FFMPEG_MISSING, type FfmpegOptions } from './video-decode';

/**
 * Writes clips as mmaction2 rawframes, the layout `video/<model>@rawframes` reads: one folder of JPEG files per clip
 * (`<root>/<split>/<clip>/img_00001.jpg …`, encoded by the system ffmpeg's MJPEG encoder, as mmaction2's
 * `build_rawframes.py` writes them from videos) and one annotation list per split (`<root>/<split>.txt`, lines
 * `frame_dir total_frames label`). Nothing is overwritten: a clip folder that already exists is an error.
 *
 * Shapes: a clip is [T, H, W, C] bytes with C = 1 (grey) or 3 (RGB).
 */

export interface RawframesWriteOptions extends FfmpegOptions {
  /** ffmpeg's `-q:v` (2 best … 31 worst; default 2, as mmaction2's extraction) */
  quality?: number;
  /** mmaction2's filename template (default `img_{:05}.jpg`) */
  filenameTmpl?: string;
}

/** `img_{:05}.jpg` → ffmpeg's image2 pattern `img_%05d.jpg` (Python's `{:0Nd}` / `{:0N}` / `{}` placeholders; printf kept). */
export function ffmpegPattern(tmpl: string): string {
  if (/%0?\d*d/.test(tmpl)) return tmpl; // printf already
  const m = /\{:?0?(\d*)d?\}/.exec(tmpl);
  if (!m) throw new ZooError(`filename template ${JSON.stringify(tmpl)} has no {} placeholder for the frame number`);
  const width = m[1] ? `0${m[1]}` : '';
  return tmpl.slice(0, m.index).replace(/%/g, '%%') + `%${width}d` + tmpl.slice(m.index + m[0].length).replace(/%/g, '%%');
}

/** One clip [T, H, W, C] as `dir/img_00001.jpg …` (frame numbers from 1). */
export function writeRawframesClip(dir: string, clip: Uint8Array, frames: number, height: number, width: number, channels: 1 | 3, opts: RawframesWriteOptions = {}): void {
  if (clip.length !== frames * height * width * channels) {
    throw new ZooError(`writeRawframesClip: ${clip.length} bytes for a ${frames}×${height}×${width}×${channels} clip (expected ${frames * height * width * channels})`);
  }
  if (fs.existsSync(dir)) throw new ZooError(`${dir} exists already: refusing to overwrite frames there`);
  fs.mkdirSync(dir, { recursive: true });
  const bin = opts.ffmpeg ?? process.env.ZOO_FFMPEG ?? 'ffmpeg';
  const out = path.join(dir, ffmpegPattern(opts.filenameTmpl ?? 'img_{:05}.jpg'));
  const args = ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', channels === 1 ? 'gray' : 'rgb24', '-s', `${width}x${height}`, '-i', 'pipe:0'];
  args.push('-start_number', '1', '-q:v', String(opts.quality ?? 2), '-pix_fmt', 'yuvj444p', '-f', 'image2', out);
  const r = spawnSync(bin, args, { input: clip, timeout: opts.timeoutMs ?? 120_000, stdio: ['pipe', 'ignore', 'pipe'] });
  if (r.error) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new ZooError(FFMPEG_MISSING);
    throw new ZooError(`${bin} failed writing ${dir}: ${r.error.message}`);
  }
  if (r.status !== 0) throw new ZooError(`${bin} could not write ${out}: ${r.stderr.toString('utf8').trim().split('\n')[0] ?? `exit status ${r.status}`}`);
}

export interface RawframesSplit {
  /** [N, T, H, W, C] bytes */
  clips: Uint8Array;
  labels: ArrayLike<number>;
}

/**
 * Every split's clips under `<root>/<split>/<split>_<i>/` and the lists `<root>/<split>.txt`; `onClip(done, total)`
 * reports progress. Returns the list files written.
 */
export function writeRawframesSet(
  root: string,
  splits: Readonly<Record<string, RawframesSplit>>,
  shape: { frames: number; height: number; width: number; channels: 1 | 3 },
  opts: RawframesWriteOptions & { onClip?: (done: number, total: number) => void } = {},
): string[] {
  const per = shape.frames * shape.height * shape.width * shape.channels;
  const total = Object.values(splits).reduce((s, v) => s + v.labels.length, 0);
  let done = 0;
  // every check before the first file is written: a refused set leaves nothing half-written behind
  for (const [name, split] of Object.entries(splits)) {
    if (split.clips.length !== split.labels.length * per) throw new ZooError(`split ${name}: ${split.clips.length} bytes for ${split.labels.length} clips of ${per}`);
    for (const p of [path.join(root, `${name}.txt`), path.join(root, name)]) {
      if (fs.existsSync(p)) throw new ZooError(`${p} exists already: refusing to overwrite it`);
    }
  }
  const lists: string[] = [];
  for (const [name, split] of Object.entries(splits)) {
    const list = path.join(root, `${name}.txt`);
    const lines: string[] = [];
    const digits = String(split.labels.length - 1).length;
    for (let i = 0; i < split.labels.length; i++) {
      const rel = `${name}/${name}_${String(i).padStart(digits, '0')}`;
      writeRawframesClip(path.join(root, rel), split.clips.subarray(i * per, (i + 1) * per), shape.frames, shape.height, shape.width, shape.channels, opts);
      lines.push(`${rel} ${shape.frames} ${split.labels[i]}`);
      opts.onClip?.(++done, total);
    }
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(list, lines.join('\n') + '\n');
    lists.push(list);
  }
  return lists;
}
