import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { DataCorruptError, ZooError } from '../errors';
import { checkedSize, confinedPath, dataLines, DataReadError, gunzipBounded, gunzipHead, inflateBounded, maxOf, readDataFile } from './files';

describe('data files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-files-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the file and the reason for a folder, a missing file and an oversized file', () => {
    expect(() => readDataFile(dir)).toThrow(new DataReadError(dir, 'EISDIR', 'it is a folder, expected a file'));
    expect(() => readDataFile(path.join(dir, 'nope'))).toThrow(/cannot read .*nope: no such file/);
    fs.writeFileSync(path.join(dir, 'big'), Buffer.alloc(100));
    expect(() => readDataFile(path.join(dir, 'big'), { maxBytes: 99 })).toThrow(/100 bytes, more than the limit of 99/);
    expect(readDataFile(path.join(dir, 'big'), { maxBytes: 100 }).length).toBe(100);
  });

  it('stops a gzip bomb at the limit and names a damaged stream', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(1 << 20));
    expect(() => gunzipBounded(bomb, 'x.gz', 1000)).toThrow(/x\.gz: inflates to more than 1000 bytes/);
    expect(gunzipBounded(bomb, 'x.gz', 1 << 20).length).toBe(1 << 20);
    expect(() => gunzipBounded(bomb.subarray(0, 20), 'x.gz')).toThrow(DataCorruptError);
  });

  it('reads the head of a gzip bomb without inflating it; bounds a zlib stream', () => {
    const head = Buffer.from('HEADER');
    const bomb = zlib.gzipSync(Buffer.concat([head, Buffer.alloc(1 << 24)]));
    expect(gunzipHead(bomb, 'x.gz', 6).toString()).toBe('HEADER');
    expect(gunzipHead(zlib.gzipSync('hi'), 'x.gz', 6).toString()).toBe('hi');
    expect(() => gunzipHead(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 'x.gz', 6)).toThrow(/x\.gz at byte 0: gzip stream is damaged/);
    const z = zlib.deflateSync(Buffer.alloc(1 << 20));
    expect(inflateBounded(z, 'a.png', 1 << 20).length).toBe(1 << 20);
    expect(() => inflateBounded(z, 'a.png', 1000, 'image data')).toThrow(/a\.png: image data inflates to more than the 1000 bytes expected/);
    expect(() => inflateBounded(Buffer.from([1, 2, 3]), 'a.png', 1000)).toThrow(DataCorruptError);
  });

  it('reads lines of plain and gzipped files and rejects (never crashes) on stream errors', async () => {
    fs.writeFileSync(path.join(dir, 'a.txt'), 'x\ny\n');
    fs.writeFileSync(path.join(dir, 'a.txt.gz'), zlib.gzipSync('x\ny\n'));
    fs.writeFileSync(path.join(dir, 'bad.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    fs.mkdirSync(path.join(dir, 'd.gz'));
    const collect = async (f: string) => {
      const out: string[] = [];
      for await (const { line, lineNo } of dataLines(path.join(dir, f), { maxInflatedBytes: 1 << 16 })) out.push(`${lineNo}:${line}`);
      return out;
    };
    await expect(collect('a.txt')).resolves.toEqual(['1:x', '2:y']);
    await expect(collect('a.txt.gz')).resolves.toEqual(['1:x', '2:y']);
    await expect(collect('bad.gz')).rejects.toThrow(/bad\.gz/);
    await expect(collect('d.gz')).rejects.toThrow(/d\.gz: it is a folder/);
    fs.writeFileSync(path.join(dir, 'bomb.gz'), zlib.gzipSync(Buffer.alloc(1 << 20, 0x41)));
    await expect(collect('bomb.gz')).rejects.toThrow(/inflates to more than 65536 bytes/);
  });

  it('confines paths from data files to the dataset folder, links included', () => {
    fs.mkdirSync(path.join(dir, 'root'));
    const root = path.join(dir, 'root');
    expect(confinedPath(root, 'img/a.jpg', 'list.txt line 3')).toBe(path.join(root, 'img/a.jpg'));
    expect(() => confinedPath(root, '../secret', 'list.txt line 4')).toThrow(new ZooError(`list.txt line 4: path '../secret' leaves the dataset folder ${root}`));
    expect(() => confinedPath(root, '/etc/passwd', 'list.txt line 5')).toThrow(/absolute path/);
    fs.symlinkSync(dir, path.join(root, 'out'));
    expect(() => confinedPath(root, 'out/x', 'list.txt line 6')).toThrow(/is a link to/);
  });

  it('checks header sizes before allocation and takes maxima without spreading', () => {
    expect(checkedSize(10, 'node count', 'f', 10)).toBe(10);
    expect(() => checkedSize(400000000, 'index', 'test.index', 2708)).toThrow(/index 400000000 is more than the 2708/);
    expect(() => checkedSize(1.5, 'n', 'f', 10)).toThrow(/not a non-negative integer/);
    expect(maxOf(new Int32Array(300000).fill(7))).toBe(7);
    expect(maxOf([])).toBe(-Infinity);
  });
});
