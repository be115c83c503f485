import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
import { DataCorruptError, DataReadError } from '@zoo/core';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeImage } from './image-file';
import { checkImageSize, imageHeader } from './image-header';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const v of b) c = CRC_TABLE[(c ^ v) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
/** One PNG chunk: length, type, data, CRC of type + data. */
function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}
/** A PNG by hand: IHDR (8-bit RGB), one IDAT holding `idat` deflated, IEND. */
function handPng(w: number, h: number, interlace: number, idat: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, interlace], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(idat)), chunk('IEND', new Uint8Array(0))]);
}
const smallJpeg = () => Buffer.from(jpeg.encode({ data: Buffer.alloc(8 * 6 * 4, 90), width: 8, height: 6 }, 90).data);

describe('image headers: the declared size, checked before decoding', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-vision-header-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: Uint8Array) => (fs.writeFileSync(path.join(dir, name), bytes), path.join(dir, name));

  it('reads width and height from PNG IHDR and the JPEG frame header', () => {
    const p = new PNG({ width: 5, height: 3 });
    expect(imageHeader(PNG.sync.write(p), 'a.png')).toMatchObject({ format: 'png', width: 5, height: 3, interlaced: false, sizeOffset: 16 });
    expect(imageHeader(smallJpeg(), 'a.jpg')).toMatchObject({ format: 'jpeg', width: 8, height: 6 });
    expect(() => checkImageSize({ format: 'png', width: 0, height: 3, sizeOffset: 16 }, 'z.png')).toThrow(/z\.png at byte 16: .*declares 0×3 pixels/);
  });

  it('a PNG bomb (tiny file, IHDR 60000×60000) is refused naming the file and the size, before any allocation', () => {
    const bomb = write('bomb.png', handPng(60000, 60000, 0, new Uint8Array(100)));
    expect(() => decodeImage(bomb)).toThrow(DataCorruptError);
    expect(() => decodeImage(bomb)).toThrow(/bomb\.png at byte 16: PNG declares 60000×60000 = 3600000000 pixels, more than the limit of 67108864 \(ZOO_MAX_IMAGE_PIXELS/);
    process.env.ZOO_MAX_IMAGE_PIXELS = '15';
    try {
      expect(() => decodeImage(write('four.png', handPng(4, 4, 0, new Uint8Array(4 * 13))))).toThrow(/declares 4×4 = 16 pixels, more than the limit of 15/);
    } finally {
      delete process.env.ZOO_MAX_IMAGE_PIXELS;
    }
  });

  it('an interlaced PNG whose image data inflates past its declared size is refused (pngjs would inflate it all)', () => {
    // 4×4 RGB Adam7 passes 1, 4..7 need 4+4+7+14+26 = 55 bytes (a filter byte per row); this one inflates to 1 MiB
    const f = write('interlaced.png', handPng(4, 4, 1, new Uint8Array(1 << 20)));
    expect(() => decodeImage(f)).toThrow(/interlaced\.png: PNG image data inflates to more than the 55 bytes expected/);
    const ok = write('interlaced-ok.png', handPng(4, 4, 1, new Uint8Array(55)));
    expect(decodeImage(ok)).toMatchObject({ width: 4, height: 4 });
  });

  it('a JPEG declaring a huge frame, a cut JPEG and image data before the frame are named', () => {
    const j = smallJpeg();
    const h = imageHeader(j, 'j');
    const big = Buffer.from(j);
    big.writeUInt16BE(60000, h.sizeOffset);
    big.writeUInt16BE(60000, h.sizeOffset + 2);
    expect(() => decodeImage(write('big.jpg', big))).toThrow(new RegExp(`big\\.jpg at byte ${h.sizeOffset}: JPEG declares 60000×60000 = 3600000000 pixels`));
    expect(() => decodeImage(write('cut.jpg', j.subarray(0, j.length - 4)))).toThrow(/cut\.jpg at byte \d+: .*no end-of-image marker/);
    expect(() => decodeImage(write('head.jpg', j.subarray(0, h.sizeOffset)))).toThrow(/head\.jpg at byte \d+: .*JPEG ends at byte \d+ before its frame header/);
    expect(() => imageHeader(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 4, 0, 0]), 'sos.jpg')).toThrow(/sos\.jpg at byte 2: .*image data \(SOS\) before any frame header/);
    expect(decodeImage(write('ok.jpg', j))).toMatchObject({ width: 8, height: 6 });
  });

  it('a folder, an empty file and an unknown format are named', () => {
    expect(() => decodeImage(dir)).toThrow(DataReadError);
    expect(() => decodeImage(write('empty.png', new Uint8Array(0)))).toThrow(/empty\.png at byte 0: .*the file is empty/);
    expect(() => decodeImage(write('gif.png', Buffer.from('GIF89a')))).toThrow(/gif\.png at byte 0: .*not a PNG or JPEG/);
  });
});
