import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataCorruptError } from '@zoo/core';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeImage, resizeRgb } from './image-file';

/** Writes a w×h PNG whose pixel (x, y) is rgb(x, y). */
function writePng(file: string, w: number, h: number, rgb: (x: number, y: number) => [number, number, number]): void {
  const p = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) p.data.set([...rgb(x, y), 255], (y * w + x) * 4);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(p));
}

describe('PNG / JPEG decoding and resizing', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-vision-img-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('decodes PNG and JPEG to RGB (alpha dropped); a damaged file and a non-image are named', () => {
    const png = path.join(dir, 'ramp.png');
    writePng(png, 32, 16, (x, y) => [x * 8, y, 7]);
    const p = decodeImage(png);
    expect([p.height, p.width]).toEqual([16, 32]);
    expect(Array.from(p.data.subarray(0, 6))).toEqual([0, 0, 7, 8, 0, 7]);
    expect(Array.from(p.data.subarray(32 * 3, 32 * 3 + 3))).toEqual([0, 1, 7]);
    const jpg = path.join(dir, 'flat.jpg');
    const rgba = Buffer.alloc(8 * 8 * 4, 0);
    for (let i = 0; i < 64; i++) rgba.set([200, 100, 50, 255], i * 4);
    fs.writeFileSync(jpg, jpeg.encode({ data: rgba, width: 8, height: 8 }, 95).data);
    const j = decodeImage(jpg);
    expect(Math.abs(j.data[0] - 200)).toBeLessThan(6);
    expect(Math.abs(j.data[1] - 100)).toBeLessThan(6);
    const bad = path.join(dir, '7_0_0.png');
    fs.writeFileSync(bad, fs.readFileSync(png).subarray(0, 60));
    expect(() => decodeImage(bad)).toThrow(DataCorruptError);
    expect(() => decodeImage(bad)).toThrow(/7_0_0\.png.*cannot decode/);
    const txt = path.join(dir, 'x.png');
    fs.writeFileSync(txt, 'hello');
    expect(() => decodeImage(txt)).toThrow(/x\.png.*not a PNG or JPEG file/);
  });

  it('resizes bilinearly (a constant image stays constant; 2× down averages pixel pairs; same size is the input)', () => {
    expect(Array.from(resizeRgb(new Uint8Array(4 * 4 * 3).fill(77), 4, 4, 2, 2))).toEqual(new Array(12).fill(77));
    const ramp = Uint8Array.from({ length: 4 * 3 }, (_, i) => Math.floor(i / 3) * 10); // 1×4: 0, 10, 20, 30
    expect(Array.from(resizeRgb(ramp, 1, 4, 1, 2)).filter((_, i) => i % 3 === 0)).toEqual([5, 25]);
    // 2× up of 1×2 [0, 30]: centres at −¼, ¼, ¾, 1¼ → clamped 0, ¼, ¾, 1 → 0, 7.5, 22.5, 30
    const up = resizeRgb(Uint8Array.from([0, 0, 0, 30, 30, 30]), 1, 2, 1, 4);
    expect(Array.from(up).filter((_, i) => i % 3 === 0)).toEqual([0, 8, 23, 30]);
    expect(resizeRgb(ramp, 1, 4, 1, 4)).toBe(ramp);
  });
});
