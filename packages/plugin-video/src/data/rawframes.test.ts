import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataCorruptError } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import * as jpeg from 'jpeg-js';
import { parseAnnotationList } from './annotation-list';
import { countFrames, FrameCache, frameFileName, RawframesReader, RawframesSource } from './rawframes';

/** A JPEG of w×h whose pixels are `v` (quality 100: decodes to within a few levels). */
function jpegOf(w: number, h: number, v: number): Buffer {
  const rgba = Buffer.alloc(w * h * 4, v);
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = 255;
  return Buffer.from(jpeg.encode({ data: rgba, width: w, height: h }, 100).data);
}

/** `<root>/<dir>/img_00001.jpg …` with frame i of value 20·i. */
function writeFrames(root: string, dir: string, n: number, w = 6, h = 4, tmpl = 'img_{:05}.jpg'): void {
  fs.mkdirSync(path.join(root, dir), { recursive: true });
  for (let i = 1; i <= n; i++) fs.writeFileSync(path.join(root, dir, frameFileName(tmpl, i)), jpegOf(w, h, 20 * i));
}

describe('rawframes', () => {
  let root: string;
  beforeAll(() => {
    root = tempDir('zoo-rawframes-');
    writeFrames(root, 'vid/a', 5);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('file name templates: Python format fields and printf', () => {
    expect(frameFileName('img_{:05}.jpg', 7)).toBe('img_00007.jpg');
    expect(frameFileName('{:05d}.jpg', 12)).toBe('00012.jpg');
    expect(frameFileName('image_%04d.jpg', 3)).toBe('image_0003.jpg');
    expect(frameFileName('{}.png', 3)).toBe('3.png');
    expect(() => frameFileName('img.jpg', 1)).toThrow(/no frame number field/);
  });

  it('reads the sampled frames in order (offset 1), as RGB bytes [T, H, W, 3]', () => {
    const [rec] = parseAnnotationList('vid/a 5 0', path.join(root, 'train.txt'), { kind: 'rawframes' });
    const r = new RawframesReader(root).read(rec, [4, 0, 2]);
    expect([r.frames, r.height, r.width, r.data.length]).toEqual([3, 4, 6, 3 * 4 * 6 * 3]);
    const mean = (t: number) => r.data.subarray(t * 72, (t + 1) * 72).reduce((a, b) => a + b, 0) / 72;
    expect(Math.abs(mean(0) - 100)).toBeLessThan(3);
    expect(Math.abs(mean(1) - 20)).toBeLessThan(3);
    expect(Math.abs(mean(2) - 60)).toBeLessThan(3);
  });

  it('an offset column shifts the first file; a missing frame names the file and the list line', () => {
    const list = path.join(root, 'val.txt');
    const [ok] = parseAnnotationList('vid/a 2 4 0', list, { kind: 'rawframes', withOffset: true });
    expect(new RawframesReader(root).read(ok, [3]).data[0]).toBeGreaterThan(90); // frame file 5
    const [, bad] = parseAnnotationList('vid/a 5 0\nvid/a 9 0', list, { kind: 'rawframes' });
    const err = (() => {
      try {
        new RawframesReader(root).read(bad, [6]);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(DataCorruptError);
    expect(err!.message).toContain(list);
    expect(err!.message).toContain('line 2');
    expect(err!.message).toContain(path.join(root, 'vid/a/img_00007.jpg'));
  });

  it('an undecodable JPEG is named; a frame dir leaving the root is refused naming the list', () => {
    writeFrames(root, 'vid/bad', 2);
    const badFile = path.join(root, 'vid/bad/img_00002.jpg');
    fs.writeFileSync(badFile, jpegOf(6, 4, 10).subarray(0, 40));
    const [rec] = parseAnnotationList('vid/bad 2 0', 'l.txt', { kind: 'rawframes' });
    expect(() => new RawframesReader(root).read(rec, [0, 1])).toThrow(DataCorruptError);
    expect(() => new RawframesReader(root).read(rec, [0, 1])).toThrow(badFile);
    const [out] = parseAnnotationList('../etc 2 0', 'l.txt', { kind: 'rawframes' });
    expect(() => new RawframesReader(root).read(out, [0])).toThrow(/l\.txt.*leaves the dataset folder/);
  });

  it('frames of another size within a clip are refused naming the file', () => {
    writeFrames(root, 'vid/mixed', 2);
    fs.writeFileSync(path.join(root, 'vid/mixed/img_00002.jpg'), jpegOf(8, 8, 10));
    const [rec] = parseAnnotationList('vid/mixed 2 0', 'l.txt', { kind: 'rawframes' });
    expect(() => new RawframesReader(root).read(rec, [0, 1])).toThrow(/img_00002\.jpg.*8×8, the clip's first frame 6×4/);
  });

  it('the LRU keeps at most maxBytes of decoded frames and returns hits without decoding', () => {
    const cache = new FrameCache(72 * 2);
    let loads = 0;
    const load = () => (loads++, { data: new Uint8Array(72), height: 4, width: 6 });
    cache.get('a', load);
    cache.get('b', load);
    cache.get('a', load); // hit, now most recent
    cache.get('c', load); // evicts b
    expect([cache.size, cache.bytes, loads]).toEqual([2, 144, 3]);
    cache.get('a', load);
    expect(loads).toBe(3);
    cache.get('b', load);
    expect(loads).toBe(4);
    const reader = new RawframesReader(root, { cache: new FrameCache(1 << 20) });
    const [rec] = parseAnnotationList('vid/a 5 0', 'l.txt', { kind: 'rawframes' });
    reader.read(rec, [0, 1, 0]);
    expect(reader.cache.size).toBe(2);
  });

  it('counts frames in a folder when the list has no count', () => {
    writeFrames(root, 'count/x', 13);
    expect(countFrames(path.join(root, 'count/x'), 'img_{:05}.jpg')).toBe(13);
    expect(countFrames(path.join(root, 'count/none'), 'img_{:05}.jpg')).toBe(0);
    const src = new RawframesSource(new RawframesReader(root));
    expect(src.totalFrames({ path: 'count/x', labels: [0], where: 'l.txt line 1' })).toBe(13);
    expect(() => src.totalFrames({ path: 'count/none', labels: [0], where: 'l.txt line 4' })).toThrow(/l\.txt: line 4: no frame/);
  });
});
