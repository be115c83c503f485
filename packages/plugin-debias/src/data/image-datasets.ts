import { constants } from 'node:buffer';
import * as path from 'node:path';
import { boundedInt, ConfigError, confinedPath, dataLimits, DataCorruptError, DataMissingError, LIMITS, readDataText, statData, z, type DatasetDef, type Rng } from '@zoo/core';
import { biasedImageDataset } from './biased-dataset';
import { listLabelledImages, readImages, type ImageDataset, type LabelledFile } from '@zoo/vision';
import { CONFLICT_PCTS, type BiasedSplit } from './colored-mnist';


/** The normalization the DCWP code applies to CIFAR-10-C and BFFHQ (`T.Normalize`). */
const NORMALIZE = { mean: [0.4914, 0.4822, 0.4465] as [number, number, number], std: [0.2023, 0.1994, 0.201] as [number, number, number] };
const EMPTY: BiasedSplit = { images: new Uint8Array(0), labels: new Int32Array(0), bias: new Int32Array(0) };

function split(files: LabelledFile[], size: number): BiasedSplit {
  return files.length ? readImages(files, size) : EMPTY;
}

/**
 * The DisEnt release's splits: training = `<pct>/align/*\/*` + `<pct>/conflict/*\/*`, test = `test/` and the
 * optional `valid/` at `evalDepth` (2: class sub-folders, 1: files directly, as BFFHQ's).
 */
function releaseFiles(root: string, pct: string, evalDepth: 1 | 2, layout: string): Record<'train' | 'val' | 'test', LabelledFile[]> {
  const train = path.join(root, pct);
  // links inside the release folder are followed, links out of it refused
  const list = (dir: string, depth: 1 | 2) => listLabelledImages(dir, depth, layout, root);
  return {
    train: [...list(path.join(train, 'align'), 2), ...list(path.join(train, 'conflict'), 2)],
    val: statData(path.join(root, 'valid')) ? list(path.join(root, 'valid'), evalDepth) : [],
    test: list(path.join(root, 'test'), evalDepth),
  };
}

export const cifar10cConfigSchema = z
  .object({
    conflictPct: z
      .number()
      .default(5)
      .refine((v) => (CONFLICT_PCTS as readonly number[]).includes(v), { message: `conflictPct must be one of ${CONFLICT_PCTS.join(', ')} (the release's folders)` }),
    size: boundedInt(1, LIMITS.pixels).default(32),
  })
  .strict();

const CIFAR10C_LAYOUT = '<data-dir>/cifar10c/{0.5pct,1pct,2pct,5pct}/{align,conflict}/<class>/<n>_<label>_<bias>.png, <data-dir>/cifar10c/test/<class>/*.png, optional valid/<class>/*.png (the DisEnt release)';

/** Corrupted CIFAR-10 (type 1) as DisEnt releases it: the label is the class, the bias the corruption. */
export const cifar10cDataset: DatasetDef<typeof cifar10cConfigSchema> = {
  id: 'cifar10c',
  description: 'Corrupted CIFAR-10: each class tied to one of 10 corruptions except conflictPct% (DisEnt release, PNG)',
  configSchema: cifar10cConfigSchema,
  layout: CIFAR10C_LAYOUT,
  async load(config, ctx) {
    const root = path.join(ctx.dataDir ?? '<data-dir>', 'cifar10c');
    return imageDataset('cifar10c', root, config.size, 10, releaseFiles(root, `${config.conflictPct}pct`, 2, CIFAR10C_LAYOUT), ctx.rng);
  },
};

export const bffhqConfigSchema = z
  .object({
    /** The code resizes BFFHQ's 128×128 faces to 224×224. */
    size: boundedInt(1, LIMITS.pixels).default(224),
  })
  .strict();

const BFFHQ_LAYOUT = '<data-dir>/bffhq/0.5pct/{align,conflict}/<dir>/<n>_<age>_<gender>.png, <data-dir>/bffhq/test/*.png, optional valid/*.png (the DisEnt release)';

/** Biased FFHQ: age (young/old) to predict, gender the bias, 0.5% conflicting in training. */
export const bffhqDataset: DatasetDef<typeof bffhqConfigSchema> = {
  id: 'bffhq',
  description: 'Biased FFHQ: age classification with gender as the bias, 0.5% bias-conflicting (DisEnt release, PNG)',
  configSchema: bffhqConfigSchema,
  layout: BFFHQ_LAYOUT,
  async load(config, ctx) {
    const root = path.join(ctx.dataDir ?? '<data-dir>', 'bffhq');
    return imageDataset('bffhq', root, config.size, 2, releaseFiles(root, '0.5pct', 1, BFFHQ_LAYOUT), ctx.rng);
  },
};

function imageDataset(id: string, root: string, size: number, classes: number, files: Record<'train' | 'val' | 'test', LabelledFile[]>, rng: Rng): ImageDataset {
  for (const [name, list] of Object.entries(files)) {
    const bad = list.find((f) => f.label >= classes || f.bias >= classes);
    if (bad) throw new DataCorruptError(bad.file, `${id}/${name}: label ${bad.label} / bias ${bad.bias} in the file name, expected < ${classes}`);
  }
  return biasedImageDataset(id, [size, size, 3], { train: split(files.train, size), val: split(files.val, size), test: split(files.test, size) }, classes, 'data-dir', root, {
    normalize: NORMALIZE,
    // the code's training transform: RandomCrop(size, padding=4) + RandomHorizontalFlip
    augment: { pad: 4, flip: true, rng: rng.fork(`${id}-augment`) },
  });
}

export const celebaConfigSchema = z
  .object({
    /** The attribute to predict and the one that biases it (bias = 1 − Male, so label ≠ bias is bias-conflicting). */
    target: z.string().default('Blond_Hair'),
    biasAttribute: z.string().default('Male'),
    /** Images are resized to size × size (the code: 224; the aligned crops are 178×218). */
    size: boundedInt(1, LIMITS.pixels).default(224),
    /** Seeded subsample of each split (CelebA at 224² is ~24 GB as bytes); null = all. */
    maxPerSplit: boundedInt(1, LIMITS.count).nullable().default(null),
  })
  .strict();

const CELEBA_LAYOUT = '<data-dir>/celeba/{list_attr_celeba.txt, list_eval_partition.txt, img_align_celeba/*.jpg} (the official release)';

/** A CelebA list file's lines (bounded: read whole, at most the data limit and the longest string V8 holds). */
function listLines(file: string): string[] {
  return readDataText(file, { maxBytes: Math.min(dataLimits().maxFileBytes, constants.MAX_STRING_LENGTH) }).split(/\r?\n/);
}

/** Parses `list_attr_celeba.txt`: a count line, the attribute names, then `<file> ±1 …` per image. */
export function readCelebaAttributes(file: string): { names: string[]; rows: Map<string, Int8Array> } {
  const lines = listLines(file);
  const count = Number(lines[0]);
  const names = (lines[1] ?? '').trim().split(/\s+/);
  if (!Number.isInteger(count) || names.length < 2) throw new DataCorruptError(file, 'expected the image count on line 1 and the attribute names on line 2');
  const rows = new Map<string, Int8Array>();
  for (let i = 2; i < lines.length; i++) {
    const parts = lines[i].trim().split(/\s+/);
    if (parts.length === 1 && parts[0] === '') continue;
    if (parts.length !== names.length + 1) throw new DataCorruptError(file, `line ${i + 1}: ${parts.length - 1} attribute values, expected ${names.length}`);
    if (parts.slice(1).some((x) => x !== '1' && x !== '-1')) throw new DataCorruptError(file, `line ${i + 1}: attribute values must be 1 or -1`);
    if (rows.has(parts[0])) throw new DataCorruptError(file, `line ${i + 1}: '${parts[0]}' is listed twice`);
    rows.set(parts[0], Int8Array.from(parts.slice(1), Number));
  }
  if (rows.size !== count) throw new DataCorruptError(file, `line 1 announces ${count} images, ${rows.size} listed`);
  return { names, rows };
}

/** CelebA (Liu et al. 2015) as DCWP uses it: blond hair to predict, gender the bias, the official partition. */
export const celebaDataset: DatasetDef<typeof celebaConfigSchema> = {
  id: 'celeba',
  description: 'CelebA: Blond_Hair with gender as the bias, official train/val/test partition (JPEG)',
  configSchema: celebaConfigSchema,
  layout: CELEBA_LAYOUT,
  async load(config, ctx) {
    const root = path.join(ctx.dataDir ?? '<data-dir>', 'celeba');
    const attrFile = path.join(root, 'list_attr_celeba.txt');
    const partFile = path.join(root, 'list_eval_partition.txt');
    for (const f of [attrFile, partFile]) if (!ctx.dataDir || !statData(f)) throw new DataMissingError(f, CELEBA_LAYOUT);
    const { names, rows } = readCelebaAttributes(attrFile);
    const t = names.indexOf(config.target);
    const b = names.indexOf(config.biasAttribute);
    if (t < 0 || b < 0) throw new ConfigError(`data.${t < 0 ? 'target' : 'biasAttribute'}: attribute '${t < 0 ? config.target : config.biasAttribute}' is not in ${attrFile} (it has ${names.join(', ')})`);
    const images = path.join(root, 'img_align_celeba');
    const parts: LabelledFile[][] = [[], [], []];
    const seen = new Map<string, number>();
    listLines(partFile).forEach((line, i) => {
      if (!line.trim()) return;
      const fields = line.trim().split(/\s+/);
      const [name, p] = fields;
      const a = rows.get(name);
      if (!a || fields.length !== 2 || !['0', '1', '2'].includes(p)) throw new DataCorruptError(partFile, `line ${i + 1}: '${line.trim().slice(0, 80)}' (expected '<file listed in list_attr_celeba.txt> 0|1|2')`);
      if (seen.has(name)) throw new DataCorruptError(partFile, `line ${i + 1}: '${name}' is already listed on line ${seen.get(name)}`);
      seen.set(name, i + 1);
      // a name from the list is a path: it must stay inside img_align_celeba (no '..', absolute paths or links out)
      const file = confinedPath(images, name, `${partFile} line ${i + 1}`);
      // bias = 1 − Male: blond ↔ female is the shortcut, so label ≠ bias marks the conflicting groups
      parts[Number(p)].push({ file, label: a[t] === 1 ? 1 : 0, bias: a[b] === 1 ? 0 : 1 });
    });
    const rng = ctx.rng.fork('celeba-subsample');
    const cap = (list: LabelledFile[]) => (config.maxPerSplit && list.length > config.maxPerSplit ? rng.shuffle([...list]).slice(0, config.maxPerSplit) : list);
    return imageDataset('celeba', root, config.size, 2, { train: cap(parts[0]), val: cap(parts[1]), test: cap(parts[2]) }, ctx.rng);
  },
};
