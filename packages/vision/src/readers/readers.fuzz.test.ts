import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataCorruptError, DataMissingError, DataReadError, ZooError } from '@zoo/core';
import fc from 'fast-check';
import * as jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { readCifarFile } from './cifar';
import { readDigitsCsv } from './digits';
import { encodeIdx, readIdxFile } from './idx';
import { decodeImage } from './image-file';
import { imageHeader } from './image-header';
import { listLabelledImages, readImages } from './labelled-folder';
import { readMnistPair } from './mnist';

/**
 * Property-based fuzzing of every vision reader (issue 17): small valid files in the real format and
 * mutations of them (truncation at any offset, bit flips, overwritten and random bytes, header fields
 * set to huge values, gzip of long zero runs, trailing bytes) must give a valid result or a ZooError
 * naming the file, never another exception or an unbounded allocation. The data limits are set tiny
 * (64 KiB inflated, 4096 pixels, 1 MiB per file), so a reader that allocates from an unchecked header
 * fails here by its result's size or by the exception, not by the machine's memory.
 *
 * One file for all readers: one set of mutations, one seed, one place CI runs (`*.fuzz.test.ts`).
 * Reproduce a failure with the seed printed in the suite's name (`FUZZ_SEED=<n>`); go deeper with
 * `FUZZ_RUNS=<n>`. Each property also stops after a few seconds (`interruptAfterTimeLimit`).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 17);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const LIMITS = { ZOO_MAX_INFLATED_BYTES: String(1 << 16), ZOO_MAX_IMAGE_PIXELS: '4096', ZOO_MAX_FILE_BYTES: String(1 << 20) };
const params = (runs = RUNS): fc.Parameters<unknown> => ({ seed: SEED, numRuns: runs, interruptAfterTimeLimit: Math.max(8000, runs * 40), endOnFailure: true });

/** A mutation of a valid file, as data (fast-check prints it with a counterexample). */
type Mutation =
  | { kind: 'keep' }
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; bits: [number, number][] }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array }
  | { kind: 'huge'; field: number; value: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'random'; bytes: Uint8Array }
  | { kind: 'folder' };

/**
 * Mutations of a file; `fields` are the byte offsets of its header's size fields (set to huge values,
 * big-endian, `width` bytes); `folder`: the path may also be a folder instead of a file.
 */
function mutation(fields: number[] = [], folder = false): fc.Arbitrary<Mutation> {
  const pos = fc.nat({ max: 1 << 16 });
  const options: fc.Arbitrary<Mutation>[] = [
    fc.constant<Mutation>({ kind: 'keep' }),
    pos.map((at): Mutation => ({ kind: 'truncate', at })),
    fc.array(fc.tuple(pos, fc.nat({ max: 7 })), { minLength: 1, maxLength: 4 }).map((bits): Mutation => ({ kind: 'flip', bits })),
    fc.record({ at: pos, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }).map((r): Mutation => ({ kind: 'overwrite', ...r })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes): Mutation => ({ kind: 'append', bytes })),
    fc.uint8Array({ maxLength: 256 }).map((bytes): Mutation => ({ kind: 'random', bytes })),
  ];
  if (folder) options.push(fc.constant<Mutation>({ kind: 'folder' }));
  if (fields.length) {
    const huge = fc.oneof(fc.constantFrom(0, 0xffff, 0xffffffff, 0x7fffffff, 0x10000), fc.nat());
    options.push(fc.record({ field: fc.constantFrom(...fields), value: huge }).map((r): Mutation => ({ kind: 'huge', ...r })));
  }
  return fc.oneof(...options);
}

/** Applies a mutation; `width` is the byte width of header fields (4 for IDX and PNG, 2 for JPEG, 1 for CIFAR's label bytes). */
function mutate(valid: Uint8Array, m: Mutation, width = 4): Buffer {
  const b = Buffer.from(valid);
  switch (m.kind) {
    case 'folder':
      return FOLDER;
    case 'keep':
      return b;
    case 'truncate':
      return b.subarray(0, b.length ? m.at % b.length : 0);
    case 'flip':
      for (const [p, bit] of m.bits) if (b.length) b[p % b.length] ^= 1 << bit;
      return b;
    case 'overwrite':
      if (b.length) b.set(m.bytes.subarray(0, Math.max(0, b.length - (m.at % b.length))), m.at % b.length);
      return b;
    case 'huge':
      if (m.field + width <= b.length) {
        if (width === 4) b.writeUInt32BE(m.value >>> 0, m.field);
        else if (width === 2) b.writeUInt16BE(m.value & 0xffff, m.field);
        else b[m.field] = m.value & 0xff;
      }
      return b;
    case 'append':
      return Buffer.concat([b, m.bytes]);
    case 'random':
      return Buffer.from(m.bytes);
  }
}

/** The mutated "file" is a folder (`write` makes one). */
const FOLDER = Buffer.from('<folder>');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
/** Recomputes a PNG's IHDR CRC, so a mutated header reaches the decoder instead of failing its checksum. */
function fixIhdrCrc(b: Buffer): Buffer {
  if (b.length < 33 || b.toString('latin1', 12, 16) !== 'IHDR') return b;
  let c = 0xffffffff;
  for (let i = 12; i < 29; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  b.writeUInt32BE((c ^ 0xffffffff) >>> 0, 29);
  return b;
}

/** `run()` returns a valid result (checked by `check`) or throws a ZooError naming `file`; anything else fails. */
function outcome<T>(run: () => T, file: string, check: (r: T) => void): void {
  let result: T;
  try {
    result = run();
  } catch (err) {
    if (!(err instanceof ZooError)) throw new Error(`not a ZooError for ${file}: ${(err as Error)?.stack ?? String(err)}`);
    if (!err.message.includes(file)) throw new Error(`the error does not name ${file}: ${err.message}`);
    return;
  }
  check(result);
}

const isDataError = (e: unknown) => e instanceof DataCorruptError || e instanceof DataReadError || e instanceof DataMissingError;

describe(`reader fuzzing (seed ${SEED}, ${RUNS} runs; FUZZ_SEED / FUZZ_RUNS to change)`, () => {
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-fuzz-'));
    for (const [k, v] of Object.entries(LIMITS)) [saved[k], process.env[k]] = [process.env[k], v];
  });
  afterAll(() => {
    for (const k of Object.keys(LIMITS)) if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, bytes: Uint8Array) => {
    const f = path.join(dir, name);
    fs.rmSync(f, { recursive: true, force: true });
    if (bytes === FOLDER) fs.mkdirSync(f);
    else fs.writeFileSync(f, bytes);
    return f;
  };

  const idxValid = fc
    .array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 })
    .chain((dims) => fc.uint8Array({ minLength: dims.reduce((a, b) => a * b, 1), maxLength: dims.reduce((a, b) => a * b, 1) }).map((data) => encodeIdx(dims, data)));
  const idxFields = [4, 8, 12, 16];
  const idxCheck = (a: { dims: number[]; data: Uint8Array }) => {
    expect(a.data.length).toBe(a.dims.reduce((x, y) => x * y, 1));
    expect(a.data.length).toBeLessThanOrEqual(1 << 20);
  };

  it('IDX, plain: valid arrays or a named error', () => {
    fc.assert(
      fc.property(idxValid, mutation(idxFields, true), (valid, m) => {
        const f = write('a-idx', mutate(valid, m));
        outcome(() => readIdxFile(f), f, idxCheck);
      }),
      params(),
    );
  });

  it('IDX, gzipped: mutated streams, mutated contents and zero-run bombs stay under the inflation limit', () => {
    const zeros = fc.record({ dims: fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom(256, 65536, 0xffffffff)), { minLength: 1, maxLength: 3 }), run: fc.integer({ min: 0, max: 1 << 21 }) });
    const gz = fc.oneof(
      fc.tuple(idxValid, mutation(idxFields)).map(([v, m]) => gzipSync(mutate(v, m))),
      fc.tuple(idxValid, mutation()).map(([v, m]) => mutate(gzipSync(v), m)),
      zeros.map(({ dims, run }) => {
        const head = Buffer.alloc(4 + 4 * dims.length);
        head.set([0, 0, 8, dims.length]);
        dims.forEach((d, i) => head.writeUInt32BE(d >>> 0, 4 + 4 * i));
        return gzipSync(Buffer.concat([head, Buffer.alloc(run)]));
      }),
    );
    fc.assert(
      fc.property(gz, (bytes) => {
        const f = write('a-idx.gz', bytes);
        outcome(() => readIdxFile(f), f, (a) => {
          idxCheck(a);
          expect(a.data.length).toBeLessThanOrEqual(1 << 16);
        });
      }),
      params(),
    );
  });

  it('MNIST pair: images and labels files mutated independently', () => {
    const pair = fc.integer({ min: 0, max: 2 }).chain((n) =>
      fc.record({
        images: fc.uint8Array({ minLength: n * 784, maxLength: n * 784 }).map((px) => encodeIdx([n, 28, 28], px)),
        labels: fc.uint8Array({ minLength: n, maxLength: n }).map((l) => encodeIdx([n], Array.from(l, (v) => v % 12))),
      }),
    );
    fc.assert(
      fc.property(pair, mutation(idxFields), mutation(idxFields, true), fc.boolean(), (p, mi, ml, gz) => {
        const img = write(gz ? 'img.gz' : 'img', gz ? gzipSync(mutate(p.images, mi)) : mutate(p.images, mi));
        const lab = write('lab', mutate(p.labels, ml));
        let result: ReturnType<typeof readMnistPair> | undefined;
        try {
          result = readMnistPair(img, lab);
        } catch (err) {
          if (!isDataError(err)) throw err;
          expect([img, lab].some((f) => (err as Error).message.includes(f))).toBe(true);
          return;
        }
        expect(result.images.length).toBe(result.labels.length * 784);
        expect(result.labels.every((l) => l >= 0 && l <= 9)).toBe(true);
        expect(result.images.every((v) => v >= 0 && v <= 1)).toBe(true);
      }),
      params(),
    );
  });

  it('CIFAR binary batches (10 and 100): record count from the size, labels in range', () => {
    const batch = fc.record({ classes: fc.constantFrom<10 | 100>(10, 100), n: fc.integer({ min: 1, max: 2 }), seed: fc.nat() }).map(({ classes, n, seed }) => {
      const rec = (classes === 10 ? 1 : 2) + 3072;
      const b = Buffer.alloc(n * rec, seed % 256);
      for (let i = 0; i < n; i++) b[i * rec + rec - 3073] = (seed + i) % classes;
      return { classes, bytes: b };
    });
    fc.assert(
      fc.property(batch, mutation([0, 1, 3073], true), ({ classes, bytes }, m) => {
        const f = write('data_batch.bin', mutate(bytes, m, 1));
        outcome(() => readCifarFile(f, classes, 'LAYOUT'), f, (r) => {
          expect(r.images.length).toBe(r.labels.length * 3072);
          expect(r.labels.every((l) => l < classes)).toBe(true);
        });
      }),
      params(),
    );
  });

  it('sklearn digits CSV (the embedded format: 64 values 0..16 then the label), plain or gzipped', () => {
    const csv = fc.array(fc.tuple(fc.array(fc.integer({ min: 0, max: 16 }), { minLength: 64, maxLength: 64 }), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 3 }).map((rows) => Buffer.from(rows.map(([px, l]) => [...px, l].join(',') + '\n').join('')));
    const zeros = fc.integer({ min: 0, max: 1 << 21 }).map((n) => gzipSync(Buffer.alloc(n, 0x30)));
    const file = fc.oneof(
      fc.tuple(csv, mutation([], true)).map(([c, m]) => mutate(c, m)),
      fc.tuple(csv, mutation()).map(([c, m]) => gzipSync(mutate(c, m))),
      fc.tuple(csv, mutation()).map(([c, m]) => mutate(gzipSync(c), m)),
      zeros,
    );
    fc.assert(
      fc.property(file, (bytes) => {
        const f = write('digits.csv', bytes);
        outcome(() => readDigitsCsv(f), f, (r) => {
          expect(r.images.length).toBe(r.labels.length * 64);
          expect(r.images.every((v) => v >= 0 && v <= 1)).toBe(true);
          expect(r.labels.every((l) => Number.isInteger(l) && l >= 0 && l <= 9)).toBe(true);
        });
      }),
      params(),
    );
  });

  const size = fc.record({ w: fc.integer({ min: 1, max: 9 }), h: fc.integer({ min: 1, max: 9 }), seed: fc.nat() });
  const imageCheck = (r: { data: Uint8Array; width: number; height: number }) => {
    expect(r.width * r.height).toBeLessThanOrEqual(4096);
    expect(r.data.length).toBe(r.width * r.height * 3);
  };

  it('PNG (grey, RGB, alpha; 8 and 16 bit): declared size checked before decoding', () => {
    // 80×80 is over the 4096-pixel limit: a valid file the reader must refuse, not decode
    const png = fc.record({ s: fc.oneof(size, fc.constant({ w: 80, h: 80, seed: 1 })), colorType: fc.constantFrom(0, 2, 4, 6), bitDepth: fc.constantFrom<8 | 16>(8, 16) }).map(({ s, colorType, bitDepth }) => {
      const p = new PNG({ width: s.w, height: s.h });
      for (let i = 0; i < p.data.length; i++) p.data[i] = (s.seed + i * 37) % 256;
      return PNG.sync.write(p, { colorType: colorType as 0 | 2 | 4 | 6, bitDepth, inputHasAlpha: true });
    });
    fc.assert(
      fc.property(png, mutation([16, 20, 24, 28], true), (valid, m) => {
        const f = write('a.png', fixIhdrCrc(mutate(valid, m)));
        outcome(() => decodeImage(f), f, imageCheck);
      }),
      params(),
    );
  });

  it('JPEG (baseline, several sizes and qualities): frame size checked before decoding, jpeg-js limits on', () => {
    // jpeg-js encodes slowly (~0.1 s an image): a few valid files of different sizes and qualities, mutated many ways
    const pool = [
      [9, 8, 94],
      [1, 1, 50],
      [6, 3, 7],
      [8, 9, 100],
      [80, 80, 50], // over the 4096-pixel limit: valid, and refused
    ].map(([w, h, q]) => {
      const rgba = Buffer.alloc(w * h * 4);
      for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 13) % 256;
      return Buffer.from(jpeg.encode({ data: rgba, width: w, height: h }, q).data);
    });
    const jpg = fc.constantFrom(...pool);
    fc.assert(
      fc.property(jpg, mutation([], true), fc.constantFrom(0, 2), fc.constantFrom(0, 0xffff, 300, 1000), (valid, m, at, value) => {
        const bytes = mutate(valid, m, 2);
        // a huge or zero frame size, at the offset the header holds it (height at +0, width at +2)
        if (value && bytes !== FOLDER && bytes.length > 2) {
          try {
            const h = imageHeader(bytes, 'x');
            if (h.sizeOffset + at + 2 <= bytes.length) bytes.writeUInt16BE(value, h.sizeOffset + at);
          } catch {
            /* no frame header: the mutation alone is the case */
          }
        }
        const f = write('a.jpg', bytes);
        outcome(() => decodeImage(f), f, imageCheck);
      }),
      params(),
    );
  });

  it('labelled folders: odd names, folders, links in and out, broken links, damaged images', () => {
    const png = (w: number, h: number) => PNG.sync.write(new PNG({ width: w, height: h }));
    type Entry = { kind: 'png' | 'junk' | 'dir' | 'link-in' | 'link-out' | 'link-broken' | 'huge-png'; name: string };
    const entry = fc.record({
      kind: fc.constantFrom<Entry['kind']>('png', 'png', 'junk', 'dir', 'link-in', 'link-out', 'link-broken', 'huge-png'),
      name: fc.oneof(
        fc.tuple(fc.nat({ max: 99 }), fc.nat({ max: 12 }), fc.nat({ max: 12 })).map(([i, l, b]) => `${i}_${l}_${b}.png`),
        fc.constantFrom('x.png', 'a_1.png', '1_99999999999999999999_0.png', 'notes.txt', '1_1_1.PNG', '2_2_2.jpg'),
      ),
    });
    const tree = fc.array(fc.tuple(fc.constantFrom('0', '1', 'c'), entry), { minLength: 0, maxLength: 6 });
    const lexists = (p: string) => fs.statSync(p, { throwIfNoEntry: false }) !== undefined || fs.lstatSync(p, { throwIfNoEntry: false }) !== undefined;
    let n = 0;
    fc.assert(
      fc.property(tree, fc.constantFrom<1 | 2>(1, 2), (entries, depth) => {
        const root = path.join(dir, `tree-${n++}`);
        const top = path.join(root, 'align');
        fs.mkdirSync(top, { recursive: true });
        fs.writeFileSync(path.join(root, 'inside.png'), png(3, 2));
        for (const [sub, e] of entries) {
          const d = depth === 2 ? path.join(top, sub) : top;
          fs.mkdirSync(d, { recursive: true });
          const p = path.join(d, e.name);
          if (lexists(p) || fs.lstatSync(d).isSymbolicLink()) continue;
          if (e.kind === 'png') fs.writeFileSync(p, png(2, 3));
          else if (e.kind === 'junk') fs.writeFileSync(p, Buffer.from('not an image'));
          else if (e.kind === 'huge-png') fs.writeFileSync(p, mutate(png(2, 2), { kind: 'huge', field: 16, value: 0xffff }));
          else if (e.kind === 'dir') fs.mkdirSync(p);
          else if (e.kind === 'link-in') fs.symlinkSync(path.join(root, 'inside.png'), p);
          else if (e.kind === 'link-out') fs.symlinkSync(os.tmpdir(), p);
          else fs.symlinkSync(path.join(root, 'missing.png'), p);
        }
        outcome(
          () => readImages(listLabelledImages(top, depth, 'LAYOUT', root), 4),
          root,
          (r) => {
            expect(r.images.length).toBe(r.labels.length * 4 * 4 * 3);
            expect(r.bias.length).toBe(r.labels.length);
          },
        );
        fs.rmSync(root, { recursive: true, force: true });
      }),
      params(Math.ceil(RUNS / 2)),
    );
  });
});
