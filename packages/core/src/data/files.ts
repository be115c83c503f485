import * as fs from 'node:fs';
import * as path from 'node:path';
import * as stream from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import * as zlib from 'node:zlib';
import { DataCorruptError, ZooError } from '../errors';

/**
 * The one way datasets touch files. Every OS error becomes a `DataReadError` naming the path and
 * what was expected (a folder is not a file, a permission, too many open files); decompression and
 * image decoding are bounded by declared maxima; sizes read from headers are checked before anything
 * is allocated; paths read from data files stay inside the dataset's root.
 *
 * Limits (bytes / pixels per file) come from the environment so a user with bigger data can raise
 * them without a code change: `ZOO_MAX_INFLATED_BYTES` (default 1 GiB: MNIST's largest inflates to
 * 47 MB, a gzip bomb to any size), `ZOO_MAX_IMAGE_PIXELS` (default 64 Mpx: CelebA is 178×218) and
 * `ZOO_MAX_FILE_BYTES` (files read whole into memory; default 4 GiB).
 */
export interface DataLimits {
  /** Most bytes one compressed file may inflate to. */
  maxInflatedBytes: number;
  /** Most pixels (width × height) one image may declare. */
  maxImagePixels: number;
  /** Most bytes a file read whole may have. */
  maxFileBytes: number;
}

const DEFAULT_LIMITS: DataLimits = { maxInflatedBytes: 2 ** 30, maxImagePixels: 64 * 2 ** 20, maxFileBytes: 4 * 2 ** 30 };

function envLimit(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new ZooError(`${name}='${raw}': expected a positive integer`);
  return n;
}

/** The limits in force now (the environment read each call, so tests can set it). */
export function dataLimits(): DataLimits {
  return {
    maxInflatedBytes: envLimit('ZOO_MAX_INFLATED_BYTES', process.env.ZOO_MAX_INFLATED_BYTES, DEFAULT_LIMITS.maxInflatedBytes),
    maxImagePixels: envLimit('ZOO_MAX_IMAGE_PIXELS', process.env.ZOO_MAX_IMAGE_PIXELS, DEFAULT_LIMITS.maxImagePixels),
    maxFileBytes: envLimit('ZOO_MAX_FILE_BYTES', process.env.ZOO_MAX_FILE_BYTES, DEFAULT_LIMITS.maxFileBytes),
  };
}

/** A data file that exists but cannot be read as one (a folder, no permission, too many open files, ...). */
export class DataReadError extends ZooError {
  constructor(
    readonly file: string,
    readonly code: string,
    detail: string,
  ) {
    super(`cannot read ${file}: ${detail}`);
  }
}

const WHY: Record<string, string> = {
  EISDIR: 'it is a folder, expected a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file',
  EMFILE: 'too many open files in this process (raise `ulimit -n`)',
  ENFILE: 'too many open files on this system',
  ELOOP: 'too many symbolic links (a link loop?)',
  EIO: 'input/output error from the disk',
  ENAMETOOLONG: 'the path is too long',
};

/** `err` (an OS error while touching `file`) as the zoo's error naming the file; other errors pass through. */
export function dataFileError(err: unknown, file: string): Error {
  if (err instanceof ZooError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (typeof code === 'string') return new DataReadError(file, code, WHY[code] ?? `${code} (${(err as Error).message})`);
  return err instanceof Error ? err : new Error(String(err));
}

/** `fs.statSync` of a data file, with OS errors named; undefined when it does not exist. */
export function statData(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw dataFileError(err, file);
  }
}

/**
 * A data file read whole: refused when it is not a regular file or is over `maxBytes`
 * (default `dataLimits().maxFileBytes`); OS errors name the file.
 */
export function readDataFile(file: string, opts: { maxBytes?: number } = {}): Buffer {
  const max = opts.maxBytes ?? dataLimits().maxFileBytes;
  try {
    const st = fs.statSync(file);
    if (st.isDirectory()) throw new DataReadError(file, 'EISDIR', WHY.EISDIR);
    if (!st.isFile()) throw new DataReadError(file, 'ENOTFILE', 'not a regular file (a device, socket or pipe?)');
    if (st.size > max) throw new DataReadError(file, 'EFBIG', `${st.size} bytes, more than the limit of ${max} (ZOO_MAX_FILE_BYTES)`);
    return fs.readFileSync(file);
  } catch (err) {
    throw dataFileError(err, file);
  }
}

/** A data file read whole as UTF-8 text (see `readDataFile`). */
export function readDataText(file: string, opts: { maxBytes?: number } = {}): string {
  return readDataFile(file, opts).toString('utf8');
}

/** True for a buffer that starts with gzip's magic (1f 8b). */
export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * Runs a zlib inflation capped at `maxBytes` of output: zlib stops at the cap, so a bomb never reaches
 * memory; past it the file is refused with `tooBig`, a damaged stream with `damaged(reason)`.
 */
function inflateCapped(inflate: (opts: zlib.ZlibOptions) => Buffer, file: string, tooBig: string, damaged: (reason: string) => DataCorruptError, maxBytes: number): Buffer {
  try {
    return inflate({ maxOutputLength: Math.max(1, maxBytes) });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw new DataCorruptError(file, tooBig);
    throw damaged(e.message);
  }
}

/**
 * Inflates a gzip buffer of `file`, refusing to produce more than `maxBytes` (default
 * `dataLimits().maxInflatedBytes`).
 */
export function gunzipBounded(buf: Uint8Array, file: string, maxBytes = dataLimits().maxInflatedBytes): Buffer {
  const tooBig = `inflates to more than ${maxBytes} bytes (limit ZOO_MAX_INFLATED_BYTES; a gzip bomb or a bigger file than expected)`;
  return inflateCapped((o) => zlib.gunzipSync(buf, o), file, tooBig, (r) => new DataCorruptError(file, `gzip stream is damaged: ${r}`, 0), maxBytes);
}

/**
 * The first (at most `n`) inflated bytes of a gzip buffer, for reading a header before deciding how
 * much to inflate: only the first 512 compressed bytes are inflated (deflate expands at most ~1032:1,
 * so never more than ~0.5 MB), fewer bytes come back when the stream is shorter.
 */
export function gunzipHead(buf: Uint8Array, file: string, n: number): Buffer {
  try {
    return zlib.gunzipSync(buf.subarray(0, 512), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, n);
  } catch (err) {
    throw new DataCorruptError(file, `gzip stream is damaged: ${(err as Error).message}`, 0);
  }
}

/**
 * Inflates a zlib (deflate) stream found inside `file` (a PNG's image data, ...) to at most
 * `maxBytes`; more is refused, as `gunzipBounded` refuses a gzip bomb.
 */
export function inflateBounded(buf: Uint8Array, file: string, maxBytes: number, what = 'zlib stream'): Buffer {
  const tooBig = `${what} inflates to more than the ${maxBytes} bytes expected (a decompression bomb?)`;
  return inflateCapped((o) => zlib.inflateSync(buf, o), file, tooBig, (r) => new DataCorruptError(file, `${what} is damaged: ${r}`), maxBytes);
}

/**
 * The lines of a text file (`.gz` inflated on the fly), numbered from 1, `\r\n` or `\n`. Every
 * stream error (a folder, a permission, a damaged gzip stream, more than `maxInflatedBytes`
 * inflated) rejects the iteration with an error naming the file: never an unhandled `'error'` event.
 */
export async function* dataLines(file: string, opts: { maxInflatedBytes?: number } = {}): AsyncGenerator<{ line: string; lineNo: number }> {
  const st = statData(file);
  if (!st) throw new DataReadError(file, 'ENOENT', WHY.ENOENT);
  if (st.isDirectory()) throw new DataReadError(file, 'EISDIR', WHY.EISDIR);
  const max = opts.maxInflatedBytes ?? dataLimits().maxInflatedBytes;
  const gz = file.endsWith('.gz');
  const raw = fs.createReadStream(file);
  // pipeline: an error in either stream destroys both, and the async iteration below rejects with it
  const input: NodeJS.ReadableStream & AsyncIterable<Buffer> = gz ? stream.pipeline(raw, zlib.createGunzip(), () => {}) : raw;
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let lineNo = 0;
  let inflated = 0;
  try {
    for await (const chunk of input) {
      inflated += chunk.length;
      if (gz && inflated > max) throw new DataCorruptError(file, `inflates to more than ${max} bytes (limit ZOO_MAX_INFLATED_BYTES; a gzip bomb or a bigger file than expected)`);
      const text = rest + decoder.write(chunk);
      const parts = text.split('\n');
      rest = parts.pop()!;
      for (const p of parts) yield { line: p.endsWith('\r') ? p.slice(0, -1) : p, lineNo: ++lineNo };
    }
    rest += decoder.end();
    if (rest.length) yield { line: rest.endsWith('\r') ? rest.slice(0, -1) : rest, lineNo: ++lineNo };
  } catch (err) {
    if (err instanceof ZooError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (gz && typeof code === 'string' && code.startsWith('Z_')) throw new DataCorruptError(file, `gzip stream is damaged: ${(err as Error).message}`);
    throw dataFileError(err, file);
  } finally {
    raw.destroy();
    (input as unknown as stream.Readable).destroy?.();
  }
}

/**
 * A path read from a data file (`rel`, at `where`: "list.txt line 12"), resolved against `root` and
 * refused when it leaves it (`..`, an absolute path, or a symbolic link pointing outside).
 */
export function confinedPath(root: string, rel: string, where: string): string {
  const absRoot = path.resolve(root);
  if (path.isAbsolute(rel)) throw new ZooError(`${where}: absolute path '${rel}' (paths in data files are relative to ${absRoot})`);
  const abs = path.resolve(absRoot, rel);
  const inside = (p: string, r: string) => p === r || p.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
  if (!inside(abs, absRoot)) throw new ZooError(`${where}: path '${rel}' leaves the dataset folder ${absRoot}`);
  // the deepest part of the path that exists, with its links resolved (the rest cannot be a link)
  let existing = abs;
  let real: string | undefined;
  for (;;) {
    try {
      real = path.join(fs.realpathSync(existing), path.relative(existing, abs));
      break;
    } catch {
      if (existing === absRoot || existing === path.dirname(existing)) return abs;
      existing = path.dirname(existing);
    }
  }
  let realRoot = absRoot;
  try {
    realRoot = fs.realpathSync(absRoot);
  } catch {
    /* root missing: nothing can be outside it */
  }
  if (!inside(real, realRoot)) throw new ZooError(`${where}: path '${rel}' is a link to ${real}, outside the dataset folder ${realRoot}`);
  return abs;
}

/**
 * A count or size read from a header or index file, checked before anything is allocated: a
 * non-negative safe integer at most `max` (and, for element counts backed by bytes, at most what the
 * file holds: pass `max` = the bytes left / bytes per element).
 */
export function checkedSize(n: number, what: string, file: string, max: number, offset?: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new DataCorruptError(file, `${what} ${n} is not a non-negative integer`, offset);
  if (n > max) throw new DataCorruptError(file, `${what} ${n} is more than the ${max} the file can hold`, offset);
  return n;
}

/** The largest value of a numeric array (no argument spread: safe at any length); -Infinity when empty. */
export function maxOf(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i];
  return m;
}
