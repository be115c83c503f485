import { gunzipSync } from 'node:zlib';

/**
 * Reader of the IDX format MNIST ships in (LeCun et al.): big-endian magic 0x0000TTDD (TT = 0x08 for
 * unsigned bytes, DD = number of dimensions), DD big-endian uint32 sizes, then the data. Gzipped files
 * (magic 1f 8b) are inflated first. Only unsigned-byte arrays are accepted (MNIST's images and labels);
 * anything else, and a file shorter than its header says, is refused with the byte offset.
 */
export class IdxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

export function readIdx(raw: Uint8Array): IdxArray {
  let buf = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      buf = gunzipSync(raw);
    } catch (err) {
      throw new IdxError(`gzip stream is damaged: ${(err as Error).message}`, 0);
    }
  }
  if (buf.length < 4) throw new IdxError(`file of ${buf.length} bytes has no IDX header`, 0);
  if (buf[0] !== 0 || buf[1] !== 0) throw new IdxError(`bad magic ${hex(buf, 0, 4)}: IDX files start with two zero bytes`, 0);
  if (buf[2] !== 0x08) throw new IdxError(`data type 0x${buf[2].toString(16).padStart(2, '0')} is not unsigned byte (0x08), the type MNIST uses`, 2);
  const nd = buf[3];
  if (nd < 1 || nd > 4) throw new IdxError(`${nd} dimensions (expected 1 for labels, 3 for images)`, 3);
  if (buf.length < 4 + 4 * nd) throw new IdxError(`header announces ${nd} dimensions but the file ends at byte ${buf.length}`, buf.length);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims = Array.from({ length: nd }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const start = 4 + 4 * nd;
  if (buf.length - start < count) throw new IdxError(`truncated: dims (${dims.join('×')}) need ${count} data bytes, ${buf.length - start} present`, buf.length);
  return { dims, data: buf.subarray(start, start + count) };
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
