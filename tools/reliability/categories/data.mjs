/**
 * Corrupted copies of the real data, read through `zoo eval <recipe> --data-dir <tmp>` (and `zoo train`):
 * the embedded Cora and sklearn digits always; MNIST, DBP15K zh_en and the tomato OctoMap files from
 * ../shared/data when it exists (full budget). A dataset whose recipe is not installed is n/a with a note.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, runZoo, readJson } from '../lib/zoo.mjs';
import { classifyBadInput } from '../lib/classify.mjs';
import * as m from '../lib/mutate.mjs';

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Peak resident memory a data probe may reach: the real files need a few hundred MB; a bomb's 1 GiB must not
 * be inflated (the probes set ZOO_MAX_INFLATED_BYTES to 64 MiB). */
const DATA_RSS_MB = 2048;
const BOMB_RSS_MB = 600;
const FRACTIONS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/** The mutations every binary file gets in the full budget. */
function binaryFull({ flips = 10, headerOnlyFlip = [] } = {}) {
  return [
    ...[0, 1, 2, 8, 64, ...FRACTIONS, -1].map((at) => m.truncate(at)),
    ...Array.from({ length: flips }, () => m.flip(null, { avoid: headerOnlyFlip })),
    m.zeroed(), m.randomBytes(), m.wrongMagic(), m.folder(), m.missing(), m.unreadable(),
  ];
}

/** Text files: truncation may end on a line boundary (a smaller valid file), so only mid-file edits are bad. */
function textFull(extraLines = []) {
  return [
    m.empty(), ...[0.3, 0.7].map((at) => ({ ...m.truncate(at), mayBeValid: true })),
    m.zeroed(), m.randomBytes(), m.folder(), m.missing(), m.unreadable(), ...extraLines,
  ];
}

const GZIP_HEADER_MTIME = [[4, 10]]; // mtime, xfl, os: not covered by the CRC, a flip there is still valid

/** name, recipe, where the copy comes from and goes, and the mutations per file for each budget. */
export const DATASETS = [
  {
    name: 'cora',
    recipe: 'gnn/gcn@cora',
    source: path.join(ROOT, 'packages/plugin-gnn/data/planetoid/Cora/raw'),
    dest: 'planetoid/Cora/raw',
    sets: ['trainer.maxEpochs=2'],
    small: {
      'ind.cora.allx': [m.truncate(20000)],
      'ind.cora.x': [m.truncate(0.5)],
      'ind.cora.graph': [m.zeroed()],
      'ind.cora.y': [m.randomBytes()],
      'ind.cora.tx': [m.wrongMagic()],
      'ind.cora.ty': [m.folder()],
      'ind.cora.ally': [m.unreadable(), m.missing()],
      'ind.cora.test.index': [m.line(3, '400000000'), m.line(5, 'abc'), m.folder()],
    },
    full: () => {
      const files = ['x', 'y', 'tx', 'ty', 'allx', 'ally', 'graph'].map((s) => `ind.cora.${s}`);
      const out = Object.fromEntries(files.map((f) => [f, binaryFull()]));
      out['ind.cora.test.index'] = textFull(
        ['400000000', '-1', 'abc', '2.5', '', '1e3', '2708', '99999999999999999999'].map((t) => m.line(7, t)),
      );
      return out;
    },
    train: true,
  },
  {
    name: 'digits',
    recipe: 'snn/ttfs-b1-fc2@digits',
    source: path.join(ROOT, 'packages/vision/data/sklearn-digits'),
    dest: 'sklearn-digits',
    sets: ['trainer.maxEpochs=1'],
    small: { 'digits.csv.gz': [m.truncate(0.5), m.gzipBomb(), m.insideGzip(m.line(3, '0,1,2')), m.insideGzip(m.line(4, `${'0,'.repeat(64)}10`)), m.folder()] },
    full: () => ({
      'digits.csv.gz': [
        // a flip is caught by the gzip CRC; a missing file is a missing dataset: the embedded copy is read
        ...binaryFull({ headerOnlyFlip: GZIP_HEADER_MTIME }).map((x) => (x.name.startsWith('flip') ? { ...x, mayBeValid: false } : x.name === 'missing' ? { ...x, mayBeValid: true } : x)),
        m.gzipBomb(),
        m.insideGzip(m.line(3, '0,1,2')),
        m.insideGzip(m.line(4, `${'0,'.repeat(64)}10`)),
        m.insideGzip(m.line(5, `${'0,'.repeat(64)}-1`)),
        m.insideGzip(m.line(6, `${'abc,'.repeat(64)}3`)),
        m.insideGzip({ ...m.line(7, `${'17,'.repeat(64)}3`), mayBeValid: true }),
        m.insideGzip(m.line(8, `${'0,'.repeat(200)}3`)),
        m.insideGzip(m.randomBytes()),
        m.insideGzip(m.empty()),
      ],
    }),
  },
  {
    name: 'mnist',
    recipe: 'snn/ttfs-b1-fc2@mnist',
    shared: 'mnist',
    dest: 'mnist',
    backend: 'blas',
    sets: ['trainer.maxEpochs=1'],
    full: () => {
      const idx = (file) => [
        ...[0, 3, 4, 15, 0.5, -1].map((at) => m.truncate(at)),
        ...Array.from({ length: 5 }, () => m.flip(null, { mayBeValid: false, avoid: GZIP_HEADER_MTIME })),
        m.zeroed(), m.randomBytes(), m.wrongMagic(), m.folder(), m.missing(), m.gzipBomb(),
        m.insideGzip(m.wrongMagic(Buffer.from([0, 0, 8, 9]))),
        m.insideGzip({ name: 'huge-count', apply: (f) => patchU32(f, 4, 0x7fffffff) }),
        m.insideGzip({ name: 'count+1', apply: (f) => patchU32(f, 4, readU32(f, 4) + 1) }),
        ...(file.includes('images') ? [m.insideGzip({ name: 'huge-rows', apply: (f) => patchU32(f, 8, 0x10000) })] : []),
        m.insideGzip(m.truncate(0.5)),
      ];
      return { 't10k-images-idx3-ubyte.gz': idx('images'), 't10k-labels-idx1-ubyte.gz': idx('labels') };
    },
  },
  {
    name: 'dbp15k',
    recipe: 'kg/dual-amn@dbp15k-zh_en',
    shared: 'dbp15k/zh_en',
    dest: 'dbp15k/zh_en',
    backend: 'blas', // 15k+19k entities: minutes per epoch on the cpu backend
    slow: 3, // × the per-probe timeout: a valid (mayBeValid) copy trains one epoch
    sets: ['trainer.maxEpochs=1', 'model.hidden=8', 'model.proxies=4'],
    full: () => {
      const tri = ['400000000\t0\t1', 'abc\tdef\tghi', '1\t2', '-1\t0\t1'].map((t) => m.line(10, t));
      const ids = ['400000000\thttp://x', 'abc\thttp://x', '', '1'].map((t) => m.line(10, t));
      const pairs = ['400000000\t1', 'abc\tdef', '1', '0\t0\t0'].map((t) => m.line(10, t));
      return {
        triples_1: textFull(tri), triples_2: textFull(tri), ent_ids_1: textFull(ids), ent_ids_2: textFull(ids),
        // sup_ent_ids and rel_ids_* are optional in the layout: missing is a valid dataset
        // rel_ids_* (relation names) are never read: Dual-AMN uses the relation ids in the triples, so any content is valid
        ref_ent_ids: textFull(pairs), sup_ent_ids: optional(textFull(pairs)), rel_ids_1: unread(textFull()), rel_ids_2: unread(textFull()),
      };
    },
  },
  {
    name: 'octomap',
    recipeMatch: /tomato|octomap|octree/i,
    shared: 'tomato-octomap',
    dest: 'tomato-octomap',
    full: () => Object.fromEntries([1, 2, 3, 4].map((i) => [`octree_tomato_${i}.bt`, [
      ...[0, 16, 0.5, -1].map((at) => m.truncate(at)), m.zeroed(), m.randomBytes(), m.wrongMagic(Buffer.from('# NotOctomap')),
      m.folder(), m.missing(), { name: 'huge-size', apply: (f) => replaceText(f, /\nsize \d+/, '\nsize 400000000') },
      { name: 'huge-res', apply: (f) => replaceText(f, /\nres [\d.e-]+/, '\nres 1e-30') },
    ]])),
  },
];

const optional = (muts) => muts.map((x) => (x.name === 'missing' ? { ...x, mayBeValid: true } : x));
const unread = (muts) => muts.map((x) => ({ ...x, mayBeValid: true }));
function readU32(f, at) { return fs.readFileSync(f).readUInt32BE(at); }
function patchU32(f, at, v) { const b = fs.readFileSync(f); b.writeUInt32BE(v >>> 0, at); fs.writeFileSync(f, b); }
function replaceText(f, re, s) { const b = fs.readFileSync(f); const head = b.subarray(0, 512).toString('latin1').replace(re, s); fs.writeFileSync(f, Buffer.concat([Buffer.from(head, 'latin1'), b.subarray(512)])); }

/** The probe cases of this category for `ctx` (budget, rng, sharedData, recipes, tmp). */
export function cases(ctx) {
  const out = [];
  for (const ds of DATASETS) {
    const recipe = ds.recipe ?? ctx.recipes.find((r) => ds.recipeMatch.test(r.id) || ds.recipeMatch.test(r.dataset ?? ''))?.id;
    const source = ds.source ?? (ctx.sharedData && path.join(ctx.sharedData, ds.shared));
    const table = ctx.budget === 'full' ? ds.full?.() : ds.small;
    if (!table) continue;
    for (const [file, muts] of Object.entries(table)) {
      for (const mut of muts) {
        const id = `${ds.name}/${file}/${mut.name}`;
        const na = !source || !fs.existsSync(source) ? `no ${ds.shared ?? ds.source} (needs ../shared/data)`
          : !recipe || !ctx.recipes.some((r) => r.id === recipe) ? `no recipe reads ${ds.name} yet (its reader has not landed)`
          : mut.naAsRoot && m.isRoot() ? 'running as root: EACCES cannot be provoked' : null;
        const commands = [['eval', recipe, '--jobs', '1']];
        if (ds.train && (ctx.budget === 'full' ? /^(folder|missing|random|truncate@0\.5)$/.test(mut.name) : /^(folder|truncate@20000)$/.test(mut.name))) {
          commands.push(['train', recipe]);
        }
        for (const cmd of commands) {
          out.push({
            category: 'data',
            id: cmd[0] === 'train' ? `${id} (train)` : id,
            na,
            async run(dir) {
              const dataDir = path.join(dir, 'data');
              const target = path.join(dataDir, ds.dest);
              fs.mkdirSync(path.dirname(target), { recursive: true });
              fs.cpSync(source, target, { recursive: true });
              fs.chmodSync(target, 0o755);
              for (const f of fs.readdirSync(target)) fs.chmodSync(path.join(target, f), 0o644);
              await mut.apply(path.join(target, file), ctx.rng.fork(id));
              const json = path.join(dir, 'out.json');
              const sets = (ds.sets ?? []).flatMap((s) => ['--set', s]);
              const res = await runZoo([...cmd, '--data-dir', dataDir, '--backend', ds.backend ?? 'cpu', '--json', json, ...sets], { timeoutMs: ctx.timeoutMs * (ds.slow ?? 1) });
              // a file under --data-dir must be named; a missing one may also be named by its layout
              return classifyBadInput(res, readJson(json), { names: new RegExp(esc(file.replace(/\.gz$/, ''))), mayBeValid: mut.mayBeValid, maxRssMb: mut.bomb ? BOMB_RSS_MB : DATA_RSS_MB });
            },
          });
        }
      }
    }
  }
  return out;
}
