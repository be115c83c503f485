import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Rng, ZooError } from '@zoo/core';
import fc from 'fast-check';
import * as jpeg from 'jpeg-js';
import { celebaConfigSchema, celebaDataset } from './image-datasets';
import type { ImageDataset } from '@zoo/vision';

/**
 * Property-based fuzzing of the CelebA-style lists (issue 17): `list_attr_celeba.txt` and
 * `list_eval_partition.txt` built valid, then edited line by line (paths out of the dataset folder,
 * absolute paths, links out, missing and duplicated files, bad counts and values, cut or random
 * text, a folder for a list). Loading must give a valid dataset of images inside `img_align_celeba`
 * or a ZooError naming a list file (and line) or the image; never another exception or a hang (each
 * case has a time limit). The binary image formats are fuzzed in @zoo/vision's readers.fuzz.test.ts.
 * Reproduce with `FUZZ_SEED=<n>` (printed in the suite's name); go deeper with `FUZZ_RUNS=<n>`.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 17);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

type Edit =
  | { kind: 'name'; row: number; to: string }
  | { kind: 'field'; row: number; col: number; to: string }
  | { kind: 'drop'; row: number }
  | { kind: 'repeat'; row: number }
  | { kind: 'count'; to: string }
  | { kind: 'cut'; at: number }
  | { kind: 'noise'; at: number; text: string }
  | { kind: 'folder' };

const NAMES = ['../secret.jpg', '../../secret.jpg', 'x/../../secret.jpg', '/etc/passwd', 'out.jpg', 'missing.jpg', 'junk.jpg', 'sub/000001.jpg', '000001.jpg', ''];
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('name' as const), row: fc.nat({ max: 5 }), to: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant('field' as const), row: fc.nat({ max: 5 }), col: fc.nat({ max: 4 }), to: fc.constantFrom('0', '1', '-1', '2', '3', '1.0', 'x', '', '99999999999999999999') }),
  fc.record({ kind: fc.constant('drop' as const), row: fc.nat({ max: 5 }) }),
  fc.record({ kind: fc.constant('repeat' as const), row: fc.nat({ max: 5 }) }),
  fc.record({ kind: fc.constant('count' as const), to: fc.constantFrom('0', '-1', '1e9', 'abc', '', '4000000000') }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: 400 }) }),
  fc.record({ kind: fc.constant('noise' as const), at: fc.nat({ max: 400 }), text: fc.string({ maxLength: 12 }) }),
  fc.constant({ kind: 'folder' as const }),
);

/** Applies an edit to a list's lines (`header` lines before the rows are left to 'count'). */
function apply(lines: string[][], header: number, e: Edit): string {
  const rows = lines.map((l) => [...l]);
  const r = (i: number) => header + (i % Math.max(1, rows.length - header));
  if (e.kind === 'name' && rows.length > header) rows[r(e.row)][0] = e.to;
  if (e.kind === 'field' && rows.length > header) rows[r(e.row)][1 + (e.col % Math.max(1, rows[r(e.row)].length - 1))] = e.to;
  if (e.kind === 'drop' && rows.length > header) rows.splice(r(e.row), 1);
  if (e.kind === 'repeat' && rows.length > header) rows.push(rows[r(e.row)]);
  if (e.kind === 'count' && header > 0) rows[0] = [e.to];
  const text = rows.map((l) => l.join(' ')).join('\n') + '\n';
  if (e.kind === 'cut') return text.slice(0, e.at % (text.length + 1));
  if (e.kind === 'noise') return text.slice(0, e.at % (text.length + 1)) + e.text + text.slice(e.at % (text.length + 1));
  return text;
}

describe(`CelebA list fuzzing (seed ${SEED}, ${RUNS} runs; FUZZ_SEED / FUZZ_RUNS to change)`, () => {
  let dir: string;
  let image: Buffer;
  let secret: Buffer;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-fuzz-celeba-'));
    image = Buffer.from(jpeg.encode({ data: Buffer.alloc(6 * 5 * 4, 120), width: 6, height: 5 }, 80).data);
    // the file outside the dataset is bright: a dataset holding a bright pixel has read it
    secret = Buffer.from(jpeg.encode({ data: Buffer.alloc(6 * 5 * 4, 250), width: 6, height: 5 }, 80).data);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('valid datasets inside img_align_celeba, or a ZooError naming the list and line or the image', async () => {
    let n = 0;
    const lists = fc.record({
      n: fc.integer({ min: 1, max: 4 }),
      values: fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.nat({ max: 2 })), { minLength: 4, maxLength: 4 }),
      attrEdits: fc.array(edit, { maxLength: 2 }),
      partEdits: fc.array(edit, { maxLength: 2 }),
      // the same image renamed in both lists (so a path out of the folder is listed consistently)
      rename: fc.option(fc.record({ row: fc.nat({ max: 3 }), to: fc.constantFrom(...NAMES) })),
    });
    await fc.assert(
      fc.asyncProperty(lists, async ({ n: count, values, attrEdits, partEdits, rename }) => {
        const data = path.join(dir, `case-${n++}`);
        const root = path.join(data, 'celeba');
        const imgs = path.join(root, 'img_align_celeba');
        fs.mkdirSync(path.join(imgs, 'sub'), { recursive: true });
        fs.writeFileSync(path.join(data, 'secret.jpg'), secret); // outside the dataset: must never be read
        fs.symlinkSync(path.join(data, 'secret.jpg'), path.join(imgs, 'out.jpg'));
        fs.writeFileSync(path.join(imgs, 'junk.jpg'), 'not a jpeg');
        fs.writeFileSync(path.join(imgs, 'sub', '000001.jpg'), image);
        const names = Array.from({ length: count }, (_, i) => `00000${i + 1}.jpg`);
        for (const f of names) fs.writeFileSync(path.join(imgs, f), image);
        if (rename) names[rename.row % count] = rename.to;
        const pm = (b: boolean) => (b ? '1' : '-1');
        const attr: string[][] = [[String(count)], ['Blond_Hair', 'Male', 'Smiling'], ...names.map((f, i) => [f, pm(values[i][0]), pm(values[i][1]), pm(values[i][2])])];
        const part: string[][] = names.map((f, i) => [f, String(values[i][3])]);
        const write = (file: string, lines: string[][], header: number, edits: Edit[]) => {
          if (edits.some((e) => e.kind === 'folder')) return fs.mkdirSync(file);
          let text = lines.map((l) => l.join(' ')).join('\n') + '\n';
          for (const e of edits) text = apply(text.split('\n').filter((l, i, a) => i < a.length - 1 || l !== '').map((l) => l.split(' ')), header, e);
          fs.writeFileSync(file, text);
        };
        const attrFile = path.join(root, 'list_attr_celeba.txt');
        const partFile = path.join(root, 'list_eval_partition.txt');
        write(attrFile, attr, 2, attrEdits);
        write(partFile, part, 0, partEdits);
        let ds: ImageDataset;
        try {
          ds = (await celebaDataset.load(celebaConfigSchema.parse({ size: 4 }), { dataDir: data, rng: new Rng(1) })) as ImageDataset;
        } catch (err) {
          if (!(err instanceof ZooError)) throw new Error(`not a ZooError: ${(err as Error)?.stack ?? String(err)}`);
          expect(err.message).toMatch(/list_attr_celeba\.txt|list_eval_partition\.txt|img_align_celeba/);
          if (/line \d+/.test(err.message)) expect(err.message).toMatch(/\.txt.*line \d+/);
          return;
        } finally {
          fs.rmSync(data, { recursive: true, force: true });
        }
        const total = ds.meta.sizes.train + ds.meta.sizes.val + ds.meta.sizes.test;
        expect(total).toBeLessThanOrEqual(count + 1); // at most the listed images (sub/000001.jpg is a valid extra name)
        expect(ds.splits.train.images.length).toBe(ds.meta.sizes.train * 4 * 4 * 3);
        for (const split of [ds.splits.train, ds.splits.val, ds.splits.test]) expect(split.images.every((v) => v < 200)).toBe(true);
        ds.dispose();
      }),
      { seed: SEED, numRuns: RUNS, timeout: 10_000, interruptAfterTimeLimit: Math.max(8000, RUNS * 60), endOnFailure: true },
    );
  });
});
