import { dataLimits, DataCorruptError, gunzipBounded, gunzipHead, isGzip, readDataFile } from '@zoo/core';

/**
 * Reader of the IDX format MNIST ships in (LeCun et al.): big-endian magic 0x0000TTDD (TT = 0x08 for
 * unsigned bytes, DD = number of dimensions), DD big-endian uint32 sizes, then exactly
 * Π sizes data bytes. Gzipped files (magic 1f 8b) are inflated to at most the size their header
 * declares (read first, from the stream's head), so a gzip bomb never reaches memory. Only
 * unsigned-byte arrays are accepted (MNIST's images and labels); anything else, a file shorter or
 * longer than its header says, is refused with the byte offset.
 */
export class IdxError extends DataCorruptError {}

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export interface IdxOptions {
  /** The file the bytes come from (named in errors). */
  file?: string;
  /** Most bytes a gzipped file may inflate to (default `dataLimits().maxInflatedBytes`). */
  maxInflatedBytes?: number;
}

interface IdxHeader {
  dims: number[];
  /** Byte offset of the data. */
  start: number;
  /** Data bytes the dims declare (a float: above 2^53 inexact, but then far beyond any file). */
  count: number;
}

/** The header of an (inflated) IDX buffer, checked field by field. */
function header(buf: Uint8Array, file: string): IdxHeader {
  if (buf.length < 4) throw new IdxError(file, `file of ${buf.length} bytes has no IDX header`, 0);
  if (buf[0] !== 0 || buf[1] !== 0) throw new IdxError(file, `bad magic ${hex(buf, 0, 4)}: IDX files start with two zero bytes`, 0);
  if (buf[2] !== 0x08) throw new IdxError(file, `data type 0x${buf[2].toString(16).padStart(2, '0')} is not unsigned byte (0x08), the type MNIST uses`, 2);
  const nd = buf[3];
  if (nd < 1 || nd > 4) throw new IdxError(file, `${nd} dimensions (expected 1 for labels, 3 for images)`, 3);
  if (buf.length < 4 + 4 * nd) throw new IdxError(file, `header announces ${nd} dimensions but the file ends at byte ${buf.length}`, buf.length);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims = Array.from({ length: nd }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dims, start: 4 + 4 * nd, count: dims.reduce((a, b) => a * b, 1) };
}

/** Inflates a gzipped IDX file to the size its header declares, refusing a declared size over `max`. */
function inflate(raw: Uint8Array, file: string, max: number): Uint8Array {
  const head = gunzipHead(raw, file, 4 + 4 * 4);
  let h: IdxHeader;
  try {
    h = header(head, file);
  } catch (err) {
    // a head cut short by a long gzip name field: inflate (bounded) and let the full check speak
    if (raw.length > 512 && head.length < 20) return gunzipBounded(raw, file, max);
    throw err;
  }
  const total = h.start + h.count;
  if (total > max) throw new IdxError(file, `header declares dims ${h.dims.join('×')}, ${total} bytes inflated, more than the limit of ${max} (ZOO_MAX_INFLATED_BYTES)`, 4);
  return gunzipBounded(raw, file, total);
}

export function readIdx(raw: Uint8Array, opts: IdxOptions = {}): IdxArray {
  const file = opts.file ?? 'IDX data';
  const buf = isGzip(raw) ? inflate(raw, file, opts.maxInflatedBytes ?? dataLimits().maxInflatedBytes) : raw;
  const { dims, start, count } = header(buf, file);
  const present = buf.length - start;
  if (present < count) throw new IdxError(file, `truncated: dims (${dims.join('×')}) need ${count} data bytes, ${present} present`, buf.length);
  if (present > count) throw new IdxError(file, `${present - count} bytes after the ${count} data bytes dims ${dims.join('×')} declare (two files joined, or a wrong header?)`, start + count);
  return { dims, data: buf.subarray(start, start + count) };
}

/** An IDX file read (OS errors named) and checked as `readIdx`; `nd` the number of dimensions expected. */
export function readIdxFile(file: string, nd?: number, opts: Omit<IdxOptions, 'file'> = {}): IdxArray {
  const a = readIdx(readDataFile(file), { ...opts, file });
  if (nd !== undefined && a.dims.length !== nd) throw new IdxError(file, `${a.dims.length} dimensions, expected ${nd} (${nd === 3 ? 'images' : nd === 1 ? 'labels' : 'array'})`, 3);
  return a;
}

function hex(b: Uint8Array, from: number, to: number): string {
  return Array.from(b.subarray(from, to), (v) => v.toString(16).padStart(2, '0')).join(' ');
}

/** The IDX encoding of an unsigned-byte array of shape `dims` (the inverse of `readIdx`, ungzipped). */
export function encodeIdx(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new Error(`encodeIdx: ${data.length} values for dims ${dims.join('×')}`);
  const out = new Uint8Array(4 + 4 * dims.length + count);
  out.set([0, 0, 0x08, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
