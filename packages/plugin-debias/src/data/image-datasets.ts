import * as fs from 'node:fs';
import * as path from 'node:path';
import { z, type DatasetDef, type Rng } from '@zoo/core';
import { BiasedImageDataset } from './biased-dataset';
import { CONFLICT_PCTS, type BiasedSplit } from './colored-mnist';
import { listLabelledImages, readImages, type LabelledFile } from './image-folder';

/** The normalization the DCWP code applies to CIFAR-10-C and BFFHQ (`T.Normalize`). */
const NORMALIZE = { mean: [0.4914, 0.4822, 0.4465] as [number, number, number], std: [0.2023, 0.1994, 0.201] as [number, number, number] };
const EMPTY: BiasedSplit = { images: new Uint8Array(0), labels: new Int32Array(0), bias: new Int32Array(0) };

function split(files: LabelledFile[], size: number): BiasedSplit {
  return files.length ? readImages(files, size) : EMPTY;
}

function optional(dir: string, depth: 1 | 2, layout: string): LabelledFile[] {
  return fs.existsSync(dir) ? listLabelledImages(dir, depth, layout) : [];
}

const pctDir = (pct: number) => `${pct}pct`;

export const cifar10cConfigSchema = z
  .object({
    conflictPct: z
      .number()
      .default(5)
      .refine((v) => (CONFLICT_PCTS as readonly number[]).includes(v), { message: `conflictPct must be one of ${CONFLICT_PCTS.join(', ')} (the release's folders)` }),
    size: z.number().int().positive().default(32),
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
    const train = path.join(root, pctDir(config.conflictPct));
    const files = [...listLabelledImages(path.join(train, 'align'), 2, CIFAR10C_LAYOUT), ...listLabelledImages(path.join(train, 'conflict'), 2, CIFAR10C_LAYOUT)];
    const test = listLabelledImages(path.join(root, 'test'), 2, CIFAR10C_LAYOUT);
    return imageDataset('cifar10c', root, config.size, 10, { train: files, val: optional(path.join(root, 'valid'), 2, CIFAR10C_LAYOUT), test }, ctx.rng);
  },
};

export const bffhqConfigSchema = z
  .object({
    /** The code resizes BFFHQ's 128×128 faces to 224×224. */
    size: z.number().int().positive().default(224),
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
    const train = path.join(root, '0.5pct');
    const files = [...listLabelledImages(path.join(train, 'align'), 2, BFFHQ_LAYOUT), ...listLabelledImages(path.join(train, 'conflict'), 2, BFFHQ_LAYOUT)];
    const test = listLabelledImages(path.join(root, 'test'), 1, BFFHQ_LAYOUT);
    return imageDataset('bffhq', root, config.size, 2, { train: files, val: optional(path.join(root, 'valid'), 1, BFFHQ_LAYOUT), test }, ctx.rng);
  },
};

function imageDataset(id: string, root: string, size: number, classes: number, files: Record<'train' | 'val' | 'test', LabelledFile[]>, rng: Rng): BiasedImageDataset {
  for (const [name, list] of Object.entries(files)) {
    const bad = list.find((f) => f.label >= classes || f.bias >= classes);
    if (bad) throw new Error(`${id}/${name}: ${bad.file} has label ${bad.label} / bias ${bad.bias}, expected < ${classes}`);
  }
  return new BiasedImageDataset(id, [size, size, 3], { train: split(files.train, size), val: split(files.val, size), test: split(files.test, size) }, classes, 'data-dir', root, {
    normalize: NORMALIZE,
    // the code's training transform: RandomCrop(size, padding=4) + RandomHorizontalFlip
    augment: { pad: 4, flip: true, rng: rng.fork(`${id}-augment`) },
  });
}
