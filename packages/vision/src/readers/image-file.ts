import { DataCorruptError, readDataFile } from '@zoo/core';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { checkImageSize, checkPngData, imageHeader } from './image-header';

/**
 * PNG and JPEG files as RGB bytes, through pngjs and jpeg-js (no native code): `decodeImage` gives
 * [h, w, 3] row-major bytes (alpha dropped), `resizeRgb` resamples them bilinearly,
 *   out(y, x) = Σ bilinear weights of src at ((y + ½)·h/oh − ½, (x + ½)·w/ow − ½), rounded to a byte.
 * Decoding is bounded: the size the header declares is checked against `ZOO_MAX_IMAGE_PIXELS` first
 * (image-header.ts), and jpeg-js gets its own resolution and memory limits from it.
 */

/** jpeg-js's working memory per declared pixel (component planes, lines, RGBA output), in bytes, with room. */
const JPEG_BYTES_PER_PIXEL = 32;

/** Decodes a PNG or JPEG file to RGB bytes [h, w, 3]; a damaged, oversized or unreadable file is named. */
export function decodeImage(file: string): { data: Uint8Array; height: number; width: number } {
  const raw = readDataFile(file);
  const header = imageHeader(raw, file);
  const pixels = checkImageSize(header, file);
  checkPngData(raw, header, file);
  if (header.format === 'jpeg' && !hasEnd(raw, header.scanStart!)) {
    throw new DataCorruptError(file, 'cannot decode the image: no end-of-image marker (ff d9) after the image data (truncated)', raw.length);
  }
  let rgba: Uint8Array;
  let width: number;
  let height: number;
  try {
    if (header.format === 'png') {
      const png = PNG.sync.read(raw as Buffer);
      ({ width, height } = png);
      rgba = png.data;
    } else {
      const img = jpeg.decode(raw, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: pixels / 1e6, // its check: width·height > limit·10^6
        maxMemoryUsageInMB: Math.ceil((pixels * JPEG_BYTES_PER_PIXEL) / 2 ** 20) + 16,
      });
      ({ width, height } = img);
      rgba = img.data;
    }
  } catch (err) {
    throw new DataCorruptError(file, `cannot decode the image: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (width !== header.width || height !== header.height || rgba.length < width * height * 4) {
    throw new DataCorruptError(file, `cannot decode the image: the header declares ${header.width}×${header.height}, the decoder gave ${width}×${height} (${rgba.length} bytes)`);
  }
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < data.length; i += 3, j += 4) {
    data[i] = rgba[j];
    data[i + 1] = rgba[j + 1];
    data[i + 2] = rgba[j + 2];
  }
  return { data, height, width };
}

/** Whether a JPEG's end-of-image marker follows its first scan (a cut file has none). */
function hasEnd(buf: Uint8Array, from: number): boolean {
  for (let i = Math.max(from, 0); i + 1 < buf.length; i++) if (buf[i] === 0xff && buf[i + 1] === 0xd9) return true;
  return false;
}

/** Bilinear resize of RGB bytes (half-pixel centres, as torchvision's Resize without antialiasing). */
export function resizeRgb(src: Uint8Array, h: number, w: number, oh: number, ow: number): Uint8Array {
  if (h === oh && w === ow) return src;
  const out = new Uint8Array(oh * ow * 3);
  const sy = h / oh;
  const sx = w / ow;
  for (let y = 0; y < oh; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, h - 1);
    const dy = fy - y0;
    for (let x = 0; x < ow; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, w - 1);
      const dx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const a = src[(y0 * w + x0) * 3 + c] * (1 - dx) + src[(y0 * w + x1) * 3 + c] * dx;
        const b = src[(y1 * w + x0) * 3 + c] * (1 - dx) + src[(y1 * w + x1) * 3 + c] * dx;
        out[(y * ow + x) * 3 + c] = Math.round(a * (1 - dy) + b * dy);
      }
    }
  }
  return out;
}
