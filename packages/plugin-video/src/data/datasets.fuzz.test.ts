import * as fs from 'node:fs';
import * as path from 'node:path';
import { readDataText, Rng } from '@zoo/core';
import { applyMutation, fileMutation, FUZZ_SEED, fuzzOptions, readOrDataError, readOrDataErrorAsync, restoreFile } from '@zoo/core/fuzz';
import { tempDir } from '@zoo/core/testing';
import fc from 'fast-check';
import * as jpeg from 'jpeg-js';
import { readAnnotationList } from './annotation-list';
import { rawframesDataset } from './datasets';
import { RawframesReader } from './rawframes';
import { parseClassIndex, parseKineticsCsv, parseSthV2Labels, parseSthV2Split, parseUcfSplit } from './split-files';

/**
 * Fuzzing of the video readers (core's `@zoo/core/fuzz` mutations of files in their real formats): mutated
 * annotation lists, split files and JPEG frames give a valid result or a data error naming the file, never
 * another exception or a hang. Data limits are set small so an unchecked size shows as an error, not memory.
 */
const LIMITS = { ZOO_MAX_INFLATED_BYTES: String(1 << 16), ZOO_MAX_IMAGE_PIXELS: '4096', ZOO_MAX_FILE_BYTES: String(1 << 20) };

function jpegOf(w: number, h: number, v: number): Buffer {
  const rgba = Buffer.alloc(w * h * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = (v + i * 13) % 256;
  return Buffer.from(jpeg.encode({ data: rgba, width: w, height: h }, 80).data);
}

describe(`video reader fuzzing (seed ${FUZZ_SEED}; FUZZ_SEED / FUZZ_RUNS to change)`, () => {
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    dir = tempDir('zoo-video-fuzz-');
    for (const [k, v] of Object.entries(LIMITS)) [saved[k], process.env[k]] = [process.env[k], v];
  });
  afterAll(() => {
    for (const k of Object.keys(LIMITS)) if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const list = fc.array(fc.tuple(fc.constantFrom('a', 'b/c', 'v_1'), fc.integer({ min: 1, max: 300 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 })), { minLength: 1, maxLength: 6 });

  it('annotation lists (rawframes, offset, multi-label, video): records in range or a named error', () => {
    const file = path.join(dir, 'list.txt');
    fc.assert(
      fc.property(list, fc.constantFrom('rawframes', 'offset', 'video'), fc.boolean(), fileMutation({ text: true }), (rows, kind, multi, m) => {
        const text = rows.map(([p, n, ls]) => (kind === 'video' ? [p, ...(multi ? ls : ls.slice(0, 1))] : kind === 'offset' ? [p, 1, n, ...(multi ? ls : ls.slice(0, 1))] : [p, n, ...(multi ? ls : ls.slice(0, 1))]).join(' ')).join('\n');
        applyMutation(file, Buffer.from(text), m);
        const opts = { kind: kind === 'video' ? ('video' as const) : ('rawframes' as const), withOffset: kind === 'offset', multiLabel: multi, numClasses: 10 };
        const r = readOrDataError(() => readAnnotationList(file, opts), file);
        for (const rec of r ?? []) {
          expect(rec.labels.length).toBeGreaterThan(0);
          expect(rec.labels.every((l) => Number.isInteger(l) && l >= 0 && l < 10)).toBe(true);
          if (kind !== 'video') expect(Number.isSafeInteger(rec.totalFrames) && rec.totalFrames! >= 1).toBe(true);
          if (!multi) expect(rec.labels).toHaveLength(1);
        }
      }),
      fuzzOptions(60),
    );
  });

  it('split files (classInd + trainlist, SSv2 json, Kinetics csv): a valid parse or a named error', () => {
    const ind = path.join(dir, 'classInd.txt');
    const train = path.join(dir, 'trainlist01.txt');
    const v2 = path.join(dir, 'v2.json');
    const k4 = path.join(dir, 'k400.csv');
    const indText = '1 Archery\n2 Biking\n3 Diving\n';
    const trainText = 'Archery/v_a.avi 1\nBiking/v_b.avi 2\nDiving/v_c.avi\n';
    const v2Text = JSON.stringify([{ id: '12', label: 'x', template: 'Moving [something] up', placeholders: ['x'] }, { id: '7' }]);
    const k4Text = 'label,youtube_id,time_start,time_end,split\n"zumba",abc,10,20,train\nyoga,def,0,10,train\n';
    fc.assert(
      fc.property(fc.constantFrom('ind', 'train', 'v2', 'k4'), fileMutation({ text: true }), (which, m) => {
        restoreFile(ind, Buffer.from(indText));
        restoreFile(train, Buffer.from(trainText));
        if (which === 'ind') applyMutation(ind, Buffer.from(indText), m);
        if (which === 'train') applyMutation(train, Buffer.from(trainText), m);
        if (which === 'v2') applyMutation(v2, Buffer.from(v2Text), m);
        if (which === 'k4') applyMutation(k4, Buffer.from(k4Text), m);
        if (which === 'ind' || which === 'train') {
          const file = which === 'ind' ? ind : train;
          const r = readOrDataError(() => parseUcfSplit(readDataText(train), train, parseClassIndex(readDataText(ind), ind), ind), file);
          for (const rec of r ?? []) expect(rec.labels[0]).toBeGreaterThanOrEqual(0);
        } else if (which === 'v2') {
          readOrDataError(() => parseSthV2Split(readDataText(v2), v2, parseSthV2Labels('{"Moving something up": "3"}', 'labels.json')), v2);
        } else {
          const r = readOrDataError(() => parseKineticsCsv(readDataText(k4), k4), k4);
          for (const c of r ?? []) expect(Number.isSafeInteger(c.start) && Number.isSafeInteger(c.end)).toBe(true);
        }
      }),
      fuzzOptions(60),
    );
  });

  it('JPEG frames: a mutated frame decodes to a valid clip or is named', () => {
    const root = path.join(dir, 'frames');
    fs.mkdirSync(path.join(root, 'v'), { recursive: true });
    const valid = [jpegOf(9, 7, 1), jpegOf(9, 7, 50), jpegOf(9, 7, 99)];
    valid.forEach((b, i) => fs.writeFileSync(path.join(root, 'v', `img_0000${i + 1}.jpg`), b));
    const rec = { path: 'v', totalFrames: 3, labels: [0], where: `${path.join(root, 'list.txt')} line 1` };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fileMutation(), (k, m) => {
        const f = path.join(root, 'v', `img_0000${k + 1}.jpg`);
        applyMutation(f, valid[k], m);
        const reader = new RawframesReader(root, { cache: undefined });
        const r = readOrDataError(() => reader.read(rec, [0, 1, 2]), f);
        if (r) expect(r.data.length).toBe(3 * r.height * r.width * 3);
        restoreFile(f, valid[k]);
      }),
      fuzzOptions(40),
    );
  });

  it('the rawframes dataset end to end: a mutated list gives batches or an error naming the list or a frame', async () => {
    const data = path.join(dir, 'ds');
    const root = path.join(data, 'rawframes');
    for (const d of ['a', 'b']) {
      fs.mkdirSync(path.join(root, d), { recursive: true });
      for (let i = 1; i <= 4; i++) fs.writeFileSync(path.join(root, d, `img_0000${i}.jpg`), jpegOf(8, 8, i * 30));
    }
    const trainText = 'a 4 0\nb 4 1\n';
    fs.writeFileSync(path.join(root, 'val.txt'), 'a 4 0\n');
    const c = rawframesDataset.configSchema.parse({ numClasses: 2, numSegments: 2, size: 8, shortSide: 8 });
    await fc.assert(
      fc.asyncProperty(fileMutation({ text: true }), async (m) => {
        const listFile = path.join(root, 'train.txt');
        applyMutation(listFile, Buffer.from(trainText), m);
        await readOrDataErrorAsync(async () => {
          const ds = await rawframesDataset.load(c, { dataDir: data, rng: new Rng(1) });
          for (const b of ds.batches('train', { batchSize: 2, shuffle: new Rng(2) })) b.dispose();
          return ds;
        }, root);
      }),
      fuzzOptions(30, { timeout: 20_000 }),
    );
  });
});
