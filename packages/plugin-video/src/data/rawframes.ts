import * as path from 'node:path';
import { confinedPath, DataCorruptError, statData, ZooError } from '@zoo/core';
import { decodeImage, resizeRgb } from '@zoo/vision';
import type { VideoRecord } from './annotation-list';

/**
 * mmaction2's rawframes: a video is a folder of numbered JPEG/PNG frames `<root>/<frame_dir>/<tmpl(i)>`,
 * i = offset + index (offset 1 unless the list says), `tmpl` Python's `str.format` with one integer field
 * (`img_{:05}.jpg`, `{:05d}.jpg`, `image_{:04d}.jpg`, `{}.jpg`) or printf's `%05d`. Frames are decoded with
 * `@zoo/vision`'s decodeImage (bounded, damaged files named) and kept in an LRU of decoded frames bounded by
 * bytes, so batches read lazily (only the sampled frames, only when a batch needs them).
 */

/** The file name of frame number `i` under a template (`img_{:05}.jpg` → img_00007.jpg). */
export function frameFileName(tmpl: string, i: number): string {
  const py = /\{(?::(0?)(\d*)d?)?\}/;
  const c = /%(0?)(\d*)d/;
  const m = py.exec(tmpl) ?? c.exec(tmpl);
  if (!m) throw new ZooError(`filename template '${tmpl}' has no frame number field (expected e.g. 'img_{:05}.jpg' or 'img_%05d.jpg')`);
  const width = m[2] ? Number(m[2]) : 0;
  const num = String(i).padStart(width, m[1] === '0' ? '0' : ' ');
  return tmpl.slice(0, m.index) + num + tmpl.slice(m.index + m[0].length);
}

export interface DecodedFrame {
  data: Uint8Array;
  height: number;
  width: number;
}

/** Least-recently-used decoded frames, at most `maxBytes` of pixels in all (0: no caching). */
export class FrameCache {
  private readonly map = new Map<string, DecodedFrame>();
  private used = 0;

  constructor(readonly maxBytes = 256 * 2 ** 20) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.map.size;
  }

  /** The frame of `key`, decoding it with `load` on a miss. */
  get(key: string, load: () => DecodedFrame): DecodedFrame {
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const f = load();
    if (f.data.length <= this.maxBytes) {
      this.map.set(key, f);
      this.used += f.data.length;
      for (const [k, v] of this.map) {
        if (this.used <= this.maxBytes) break;
        this.map.delete(k);
        this.used -= v.data.length;
      }
    }
    return f;
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
  }
}

export interface RawframesOptions {
  /** frame file name template (default mmaction2's `img_{:05}.jpg`) */
  filenameTmpl?: string;
  /** the first frame's number when the record has no offset (default 1) */
  startIndex?: number;
  cache?: FrameCache;
  /** resize every frame to this size [h, w] when decoded (before caching) */
  frameSize?: [number, number];
}

/** Reads sampled frames of rawframes records under `root`. */
export class RawframesReader {
  readonly cache: FrameCache;
  private readonly tmpl: string;

  constructor(
    readonly root: string,
    private readonly opts: RawframesOptions = {},
  ) {
    this.tmpl = opts.filenameTmpl ?? 'img_{:05}.jpg';
    frameFileName(this.tmpl, 1);
    this.cache = opts.cache ?? new FrameCache();
  }

  /** The file of frame `index` (0-based) of a record, confined to the root. */
  framePath(rec: VideoRecord, index: number): string {
    const dir = confinedRel(this.root, rec.path, rec.where);
    return path.join(dir, frameFileName(this.tmpl, (rec.offset ?? this.opts.startIndex ?? 1) + index));
  }

  /** Frames `indices` of a record as RGB bytes [T, H, W, 3] (all frames the size of the first). */
  read(rec: VideoRecord, indices: ArrayLike<number>): { data: Uint8Array; frames: number; height: number; width: number } {
    let out: Uint8Array | undefined;
    let h = 0;
    let w = 0;
    for (let t = 0; t < indices.length; t++) {
      const file = this.framePath(rec, indices[t]);
      const f = this.cache.get(file, () => this.decode(rec, file));
      if (!out) {
        [h, w] = [f.height, f.width];
        out = new Uint8Array(indices.length * h * w * 3);
      } else if (f.height !== h || f.width !== w) {
        throw new DataCorruptError(file, `frame is ${f.width}×${f.height}, the clip's first frame ${w}×${h} (${rec.where})`);
      }
      out.set(f.data, t * h * w * 3);
    }
    return { data: out ?? new Uint8Array(0), frames: indices.length, height: h, width: w };
  }

  private decode(rec: VideoRecord, file: string): DecodedFrame {
    const st = statData(file);
    if (!st) {
      const listFile = rec.where.replace(/ (line|item|row) \d+$/, '');
      throw new DataCorruptError(listFile, `${rec.where.slice(listFile.length + 1)}: frame ${file} does not exist (the list gives ${rec.totalFrames ?? '?'} frames for '${rec.path}', template '${this.tmpl}')`);
    }
    const img = decodeImage(file);
    const size = this.opts.frameSize;
    if (size && (size[0] !== img.height || size[1] !== img.width)) return { data: resizeRgb(img.data, img.height, img.width, size[0], size[1]), height: size[0], width: size[1] };
    return img;
  }
}

/** confinedPath with its refusal as a data error naming the list and line. */
export function confinedRel(root: string, rel: string, where: string): string {
  try {
    return confinedPath(root, rel, where);
  } catch (err) {
    if (err instanceof ZooError && !(err instanceof DataCorruptError)) {
      const listFile = where.replace(/ (line|item|row) \d+$/, '');
      throw new DataCorruptError(listFile, err.message);
    }
    throw err;
  }
}

/** The number of frames in a frame folder: the files `tmpl(start)`, `tmpl(start + 1)`, … that exist. */
export function countFrames(dir: string, tmpl: string, start = 1, max = 1_000_000): number {
  let lo = 0;
  let hi = 1;
  const has = (k: number) => statData(path.join(dir, frameFileName(tmpl, start + k - 1))) !== undefined;
  if (!has(1)) return 0;
  while (hi < max && has(hi * 2)) hi *= 2;
  lo = hi;
  hi = Math.min(hi * 2, max);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (has(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A LazyVideoDataset source over rawframes: frame counts from the list (else counted in the folder, once). */
export class RawframesSource {
  readonly channels = 3;
  private readonly counts = new Map<string, number>();

  constructor(
    readonly reader: RawframesReader,
    private readonly filenameTmpl = 'img_{:05}.jpg',
  ) {}

  totalFrames(rec: VideoRecord): number {
    if (rec.totalFrames !== undefined) return rec.totalFrames;
    let n = this.counts.get(rec.path);
    if (n === undefined) {
      const dir = confinedRel(this.reader.root, rec.path, rec.where);
      n = countFrames(dir, this.filenameTmpl, rec.offset ?? 1);
      if (n === 0) {
        const listFile = rec.where.replace(/ (line|item|row) \d+$/, '');
        throw new DataCorruptError(listFile, `${rec.where.slice(listFile.length + 1)}: no frame ${path.join(dir, frameFileName(this.filenameTmpl, rec.offset ?? 1))} (template '${this.filenameTmpl}')`);
      }
      this.counts.set(rec.path, n);
    }
    return n;
  }

  read(rec: VideoRecord, indices: Int32Array) {
    return this.reader.read(rec, indices);
  }
}
