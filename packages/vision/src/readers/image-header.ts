import { dataLimits, DataCorruptError, inflateBounded } from '@zoo/core';

/**
 * The declared size of a PNG or JPEG file, read from its header before anything is decoded, so a
 * decompression bomb (a small file declaring a huge image) is refused instead of allocated:
 * PNG: the IHDR chunk right after the signature (width, height: big-endian uint32 at bytes 16, 20);
 * JPEG: the first start-of-frame segment (SOF0..SOF15 but DHT C4, JPG C8, DAC CC: height, width as
 * big-endian uint16 at +5, +7 from the marker). Errors name the file and the byte offset.
 */
export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  /** Byte offset of the declared size (named in errors). */
  sizeOffset: number;
  /** PNG only: Adam7-interlaced (pngjs inflates those without a bound: `checkPngData` bounds them). */
  interlaced?: boolean;
  /** PNG only: bits per sample and colour type (IHDR). */
  bitDepth?: number;
  colorType?: number;
  /** JPEG only: where the first scan's data start (the entropy-coded image). */
  scanStart?: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const u16 = (b: Uint8Array, o: number) => (b[o] << 8) | b[o + 1];
const u32 = (b: Uint8Array, o: number) => ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);

/** The header of a PNG or JPEG buffer; a DataCorruptError naming `file` when it is neither or is damaged. */
export function imageHeader(buf: Uint8Array, file: string): ImageHeader {
  if (buf.length >= 2 && buf[0] === 0x89 && buf[1] === 0x50) return pngHeader(buf, file);
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xd8) return jpegHeader(buf, file);
  throw new DataCorruptError(file, `cannot decode the image: not a PNG or JPEG file (bad signature${buf.length === 0 ? ': the file is empty' : ''})`, 0);
}

function pngHeader(buf: Uint8Array, file: string): ImageHeader {
  const bad = PNG_SIGNATURE.findIndex((v, i) => buf[i] !== v);
  if (bad >= 0) throw new DataCorruptError(file, `cannot decode the image: bad PNG signature`, bad);
  if (buf.length < 29) throw new DataCorruptError(file, `cannot decode the image: PNG ends at byte ${buf.length}, inside its IHDR header (truncated)`, buf.length);
  if (String.fromCharCode(buf[12], buf[13], buf[14], buf[15]) !== 'IHDR') throw new DataCorruptError(file, 'cannot decode the image: the first PNG chunk is not IHDR', 12);
  return { format: 'png', width: u32(buf, 16), height: u32(buf, 20), sizeOffset: 16, bitDepth: buf[24], colorType: buf[25], interlaced: buf[28] !== 0 };
}

function jpegHeader(buf: Uint8Array, file: string): ImageHeader {
  let o = 2;
  let frame: { width: number; height: number; sizeOffset: number } | undefined;
  while (o < buf.length) {
    if (buf[o] !== 0xff) {
      o++; // bytes between segments: decoders skip them (libjpeg: "extraneous bytes before marker")
      continue;
    }
    while (buf[o] === 0xff) o++; // fill bytes
    if (o >= buf.length) break;
    const m = buf[o];
    if ((m >= 0xd0 && m <= 0xd7) || m === 0x01) {
      o++;
      continue;
    }
    if (m === 0xd9) break;
    if (o + 2 >= buf.length) break;
    const len = u16(buf, o + 1);
    if (len < 2) throw new DataCorruptError(file, `cannot decode the image: JPEG segment ff ${m.toString(16)} has length ${len}`, o + 1);
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc && !frame) {
      if (o + 7 > buf.length) break;
      frame = { height: u16(buf, o + 4), width: u16(buf, o + 6), sizeOffset: o + 4 };
    }
    if (m === 0xda) {
      if (!frame) throw new DataCorruptError(file, 'cannot decode the image: JPEG image data (SOS) before any frame header (SOFn)', o - 1);
      return { format: 'jpeg', ...frame, scanStart: o + 1 + len };
    }
    o += 1 + len;
  }
  throw new DataCorruptError(file, `cannot decode the image: JPEG ends at byte ${buf.length} before its ${frame ? 'image data (SOS)' : 'frame header (SOFn)'} (truncated)`, Math.min(o, buf.length));
}

/**
 * Refuses an image whose declared size is empty or over `maxPixels` (default
 * `dataLimits().maxImagePixels`); returns the pixel count.
 */
export function checkImageSize(h: ImageHeader, file: string, maxPixels = dataLimits().maxImagePixels): number {
  const px = h.width * h.height;
  const at = h.sizeOffset;
  if (px === 0) throw new DataCorruptError(file, `cannot decode the image: declares ${h.width}×${h.height} pixels (an image has at least one)`, at);
  if (px > maxPixels) throw new DataCorruptError(file, `${h.format.toUpperCase()} declares ${h.width}×${h.height} = ${px} pixels, more than the limit of ${maxPixels} (ZOO_MAX_IMAGE_PIXELS; a decompression bomb?)`, at);
  return px;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/**
 * For an interlaced PNG, inflates its image data (IDAT chunks) to at most the bytes its 7 passes
 * need and refuses more: pngjs inflates interlaced data without a limit. Non-interlaced files are
 * bounded by pngjs itself (to the size IHDR declares).
 */
export function checkPngData(buf: Uint8Array, h: ImageHeader, file: string): void {
  if (h.format !== 'png' || !h.interlaced) return;
  const bits = (CHANNELS[h.colorType ?? 6] ?? 4) * Math.max(h.bitDepth ?? 16, 1);
  let need = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = Math.ceil((h.width - x0) / dx);
    const rows = Math.ceil((h.height - y0) / dy);
    if (w > 0 && rows > 0) need += rows * (1 + Math.ceil((w * bits) / 8));
  }
  const parts: Uint8Array[] = [];
  for (let o = 8; o + 8 <= buf.length; ) {
    const len = u32(buf, o);
    const type = String.fromCharCode(buf[o + 4], buf[o + 5], buf[o + 6], buf[o + 7]);
    if (type === 'IDAT') parts.push(buf.subarray(o + 8, Math.min(o + 8 + len, buf.length)));
    if (type === 'IEND') break;
    o += 12 + len;
  }
  inflateBounded(Buffer.concat(parts), file, need, 'PNG image data');
}
