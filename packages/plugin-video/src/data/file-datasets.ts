import * as path from 'node:path';
import { boundedInt, DataMissingError, LIMITS, readDataText, statData, z, type DatasetDef, type DatasetLoadContext, type SplitName } from '@zoo/core';
import { readAnnotationList, type VideoRecord } from './annotation-list';
import { SSV1_FLIP_LABEL_MAP, SSV2_FLIP_LABEL_MAP, type ClipPipeline } from './clip-transforms';
import { FrameCache, RawframesReader, RawframesSource } from './rawframes';
import { kineticsClasses, kineticsRecords, parseClassIndex, parseKineticsCsv, parseSthV1Labels, parseSthV1Split, parseSthV2Labels, parseSthV2Split, parseUcfSplit } from './split-files';
import { VideoFileSource } from './video-decode';
import { LazyVideoDataset, type ClipSource } from './video-dataset';

/**
 * The MVFNet paper's datasets (Kinetics-400, Something-Something V1/V2, UCF-101, HMDB-51) and any rawframes
 * dataset, in mmaction2's layouts (or the official split files), read lazily: rawframes through @zoo/vision's
 * JPEG decoder, videos through the system ffmpeg. Training passes sample TSN segments (or a dense clip) at
 * random and augment (random resized crop, flip); evaluation passes take segment centres and a centre crop.
 * The pixel statistics are mmaction2's (ImageNet mean / std in 0..255 units).
 */

const MMACTION_MEAN = [123.675, 116.28, 103.53];
const MMACTION_STD = [58.395, 57.12, 57.375];

/** The sampling / augmentation fields every file-backed video dataset has. */
function videoFields(numClasses: number, flip: boolean) {
  return {
    numClasses: boundedInt(1, LIMITS.count).default(numClasses),
    /** TSN segments (numClips with clipLen 1), or dense clips with clipLen > 1 */
    numSegments: boundedInt(1, LIMITS.depth).default(8),
    clipLen: boundedInt(1, LIMITS.depth).default(1),
    frameInterval: boundedInt(1, LIMITS.depth).default(1),
    size: boundedInt(8, LIMITS.pixels).default(224),
    shortSide: boundedInt(8, LIMITS.pixels).default(256),
    flip: z.boolean().default(flip),
    /** decoded-frame LRU, MiB */
    cacheMB: boundedInt(0, 1_048_576).default(512),
    /** clips per batch of an evaluation pass (the trainer asks for whole splits) */
    evalBatchSize: boundedInt(1, LIMITS.batch).default(8),
  };
}

/** the shared fields (rawframes' numClasses is optional: inferred from its lists) */
type VideoFields = Omit<z.output<z.ZodObject<ReturnType<typeof videoFields>>>, 'numClasses'> & { numClasses?: number };

function pipelineOf(c: VideoFields, flipLabelMap?: Readonly<Record<number, number>>): ClipPipeline {
  return { size: c.size, shortSide: c.shortSide, flip: c.flip, flipLabelMap, mean: MMACTION_MEAN, std: MMACTION_STD };
}

/** The file, or a DataMissingError naming it (as `<data-dir>/…` when no --data-dir was given) with the layout. */
function need(ctx: DatasetLoadContext, rel: string, layout: string): string {
  if (!ctx.dataDir) throw new DataMissingError(`<data-dir>/${rel}`, layout);
  const f = path.join(ctx.dataDir, rel);
  if (!statData(f)) throw new DataMissingError(f, layout);
  return f;
}

const has = (ctx: DatasetLoadContext, rel: string) => !!ctx.dataDir && !!statData(path.join(ctx.dataDir, rel));

const prefixed = (recs: VideoRecord[], prefix: string): VideoRecord[] => recs.map((r) => ({ ...r, path: prefix ? `${prefix}/${r.path}` : r.path }));

function lazyDataset(id: string, root: string, splits: Record<SplitName, VideoRecord[]>, source: ClipSource, c: VideoFields & { numClasses: number }, ctx: DatasetLoadContext, flipLabelMap?: Readonly<Record<number, number>>, classNames?: string[]): LazyVideoDataset {
  return new LazyVideoDataset(id, splits, source, {
    numClasses: c.numClasses,
    sampling: { clipLen: c.clipLen, frameInterval: c.frameInterval, numClips: c.clipLen > 1 ? 1 : c.numSegments, outOfBound: c.clipLen > 1 ? 'loop' : 'clamp' },
    pipeline: pipelineOf(c, flipLabelMap),
    rng: ctx.rng.fork('augment'),
    source: 'data-dir',
    path: root,
    classNames,
    defaultBatchSize: c.evalBatchSize,
  });
}

function rawSource(root: string, c: VideoFields, tmpl: string): RawframesSource {
  return new RawframesSource(new RawframesReader(root, { filenameTmpl: tmpl, cache: new FrameCache(c.cacheMB * 2 ** 20) }), tmpl);
}

export const RAWFRAMES_LAYOUT =
  "<data-dir>/rawframes/{train,val[,test]}.txt (mmaction2 rawframe lists: 'frame_dir total_frames label …'; test defaults to val) and <data-dir>/rawframes/<frame_dir>/img_00001.jpg …";

export const rawframesConfigSchema = z
  .object({
    ...videoFields(2, true),
    /** the class count; when not given, one more than the largest label in the train and val lists */
    numClasses: boundedInt(1, LIMITS.count).optional(),
    filenameTmpl: z.string().min(1).default('img_{:05}.jpg'),
    withOffset: z.boolean().default(false),
    multiLabel: z.boolean().default(false),
  })
  .strict();

export const rawframesDataset: DatasetDef<typeof rawframesConfigSchema> = {
  id: 'rawframes',
  description: "Any video dataset in mmaction2's rawframes layout (annotation lists + folders of JPEG frames)",
  configSchema: rawframesConfigSchema,
  layout: RAWFRAMES_LAYOUT,
  license: 'that of the data you provide',
  async load(c, ctx) {
    const opts = { kind: 'rawframes' as const, numClasses: c.numClasses, withOffset: c.withOffset, multiLabel: c.multiLabel };
    const train = readAnnotationList(need(ctx, 'rawframes/train.txt', RAWFRAMES_LAYOUT), opts);
    const val = readAnnotationList(need(ctx, 'rawframes/val.txt', RAWFRAMES_LAYOUT), opts);
    const numClasses = c.numClasses ?? 1 + [...train, ...val].reduce((m, r) => r.labels.reduce((a, l) => Math.max(a, l), m), 0);
    const test = has(ctx, 'rawframes/test.txt') ? readAnnotationList(path.join(ctx.dataDir!, 'rawframes/test.txt'), { ...opts, numClasses }) : val;
    const root = path.join(ctx.dataDir!, 'rawframes');
    return new LazyVideoDataset('rawframes', { train, val, test }, rawSource(root, c, c.filenameTmpl), {
      numClasses,
      multiLabel: c.multiLabel,
      sampling: { clipLen: c.clipLen, frameInterval: c.frameInterval, numClips: c.clipLen > 1 ? 1 : c.numSegments, outOfBound: c.clipLen > 1 ? 'loop' : 'clamp' },
      pipeline: pipelineOf(c),
      rng: ctx.rng.fork('augment'),
      source: 'data-dir',
      path: root,
      defaultBatchSize: c.evalBatchSize,
    });
  },
};

const sourceField = z.enum(['videos', 'rawframes']).default('videos');

/** A dataset in mmaction2's `<name>_{train,val}_list_{videos,rawframes}.txt` + `{videos,rawframes}_{train,val}/` layout. */
function mmactionListDef(id: string, folder: string, classes: number, flip: boolean, description: string, license: string, flipLabelMap?: Readonly<Record<number, number>>, tmpl = 'img_{:05}.jpg', single = false) {
  const layout = single
    ? `<data-dir>/${folder}/${folder}_{train,val}_list_rawframes.txt + <data-dir>/${folder}/rawframes/<frame_dir>/${tmpl.replace('{:05}', '00001')} (mmaction2's layout)`
    : `<data-dir>/${folder}/${folder}_{train,val}_list_{videos,rawframes}.txt + <data-dir>/${folder}/{videos,rawframes}_{train,val}/… (mmaction2's layout; videos read by the system ffmpeg)`;
  const schema = z.object({ ...videoFields(classes, flip), source: single ? z.literal('rawframes').default('rawframes') : sourceField, filenameTmpl: z.string().min(1).default(tmpl) }).strict();
  const def: DatasetDef<typeof schema> = {
    id,
    description,
    configSchema: schema,
    layout,
    license,
    async load(c, ctx) {
      const kind = c.source === 'videos' ? ('video' as const) : ('rawframes' as const);
      const read = (split: 'train' | 'val') => {
        const f = need(ctx, `${folder}/${folder}_${split}_list_${c.source}.txt`, layout);
        return prefixed(readAnnotationList(f, { kind, numClasses: c.numClasses }), single ? 'rawframes' : `${c.source}_${split}`);
      };
      const train = read('train');
      const val = read('val');
      const root = path.join(ctx.dataDir!, folder);
      const source = c.source === 'videos' ? new VideoFileSource(root, c.shortSide) : rawSource(root, c, c.filenameTmpl);
      return lazyDataset(id, root, { train, val, test: val }, source, c, ctx, c.flip ? flipLabelMap : undefined);
    },
  };
  return def;
}

const kineticsLists = mmactionListDef('kinetics400', 'kinetics400', 400, true, 'Kinetics-400 (Kay et al. 2017), 400 human action classes; test = val', "CC BY 4.0 annotations (DeepMind); videos from YouTube under their uploaders' terms");
const KINETICS_LAYOUT = `${kineticsLists.layout}; or the official csvs <data-dir>/kinetics400/annotations/kinetics_{train,val}.csv + videos_{train,val}/<label_with_underscores>/<youtube_id>_<start:06d>_<end:06d>.mp4`;

/** Kinetics-400: mmaction2's lists, else the official csvs (classes = the training csv's sorted labels). */
export const kinetics400Dataset: DatasetDef<typeof kineticsLists.configSchema> = {
  ...kineticsLists,
  layout: KINETICS_LAYOUT,
  async load(c, ctx) {
    if (has(ctx, `kinetics400/kinetics400_train_list_${c.source}.txt`) || !has(ctx, 'kinetics400/annotations/kinetics_train.csv')) {
      if (!has(ctx, `kinetics400/kinetics400_train_list_${c.source}.txt`)) need(ctx, `kinetics400/kinetics400_train_list_${c.source}.txt`, KINETICS_LAYOUT);
      return kineticsLists.load(c, ctx);
    }
    const root = path.join(ctx.dataDir!, 'kinetics400');
    const read = (split: 'train' | 'val') => {
      const f = need(ctx, `kinetics400/annotations/kinetics_${split}.csv`, KINETICS_LAYOUT);
      return { f, clips: parseKineticsCsv(readDataText(f), f) };
    };
    const tr = read('train');
    const va = read('val');
    const classes = kineticsClasses(tr.clips);
    const recs = (r: typeof tr, split: string) => prefixed(kineticsRecords(r.clips, classes, r.f), `videos_${split}`);
    const train = recs(tr, 'train');
    const val = recs(va, 'val');
    const names = [...classes.keys()];
    return lazyDataset('kinetics400', root, { train, val, test: val }, new VideoFileSource(root, c.shortSide), { ...c, numClasses: names.length }, ctx, undefined, names);
  },
};

const sthv1Lists = mmactionListDef('sthv1', 'sthv1', 174, false, 'Something-Something V1 (Goyal et al. 2017), 174 classes, frames as distributed; test = val; flip swaps the left/right classes', 'Something-Something license (Qualcomm / 20BN), non-commercial research', SSV1_FLIP_LABEL_MAP, '{:05}.jpg', true);
const STHV1_LAYOUT = `${sthv1Lists.layout}; or the official release <data-dir>/sthv1/something-something-v1-{train,validation,labels}.csv + <data-dir>/sthv1/20bn-something-something-v1/<id>/00001.jpg (frames counted in each folder)`;

/** Something-Something V1: mmaction2's lists, else the official csvs and frame folders. */
export const sthv1Dataset: DatasetDef<typeof sthv1Lists.configSchema> = {
  ...sthv1Lists,
  layout: STHV1_LAYOUT,
  async load(c, ctx) {
    if (has(ctx, 'sthv1/sthv1_train_list_rawframes.txt') || !has(ctx, 'sthv1/something-something-v1-labels.csv')) {
      if (!has(ctx, 'sthv1/sthv1_train_list_rawframes.txt')) need(ctx, 'sthv1/sthv1_train_list_rawframes.txt', STHV1_LAYOUT);
      return sthv1Lists.load(c, ctx);
    }
    const root = path.join(ctx.dataDir!, 'sthv1');
    const lf = path.join(root, 'something-something-v1-labels.csv');
    const labels = parseSthV1Labels(readDataText(lf), lf);
    const split = (name: string) => {
      const f = need(ctx, `sthv1/something-something-v1-${name}.csv`, STHV1_LAYOUT);
      return prefixed(parseSthV1Split(readDataText(f), f, labels), '20bn-something-something-v1');
    };
    const train = split('train');
    const val = split('validation');
    return lazyDataset('sthv1', root, { train, val, test: val }, rawSource(root, c, c.filenameTmpl), { ...c, numClasses: labels.size }, ctx, c.flip ? SSV1_FLIP_LABEL_MAP : undefined, [...labels.keys()]);
  },
};

export const STHV2_LAYOUT =
  '<data-dir>/sthv2/something-something-v2-{train,validation,labels}.json + <data-dir>/sthv2/videos/<id>.webm (official release), or mmaction2 lists sthv2_{train,val}_list_{videos,rawframes}.txt + {videos,rawframes}_{train,val}/';
const sthv2Schema = z.object({ ...videoFields(174, false), source: sourceField, filenameTmpl: z.string().min(1).default('img_{:05}.jpg') }).strict();

export const sthv2Dataset: DatasetDef<typeof sthv2Schema> = {
  id: 'sthv2',
  description: 'Something-Something V2 (Goyal et al. 2017), 174 classes; test = validation; flip swaps the left/right classes (mmaction2 flip_label_map)',
  configSchema: sthv2Schema,
  layout: STHV2_LAYOUT,
  license: 'Something-Something license (Qualcomm / 20BN), non-commercial research',
  async load(c, ctx) {
    const map = c.flip ? SSV2_FLIP_LABEL_MAP : undefined;
    if (has(ctx, 'sthv2/something-something-v2-labels.json')) {
      const root = path.join(ctx.dataDir!, 'sthv2');
      const lf = path.join(root, 'something-something-v2-labels.json');
      const labels = parseSthV2Labels(readDataText(lf), lf);
      const split = (name: string) => {
        const f = need(ctx, `sthv2/something-something-v2-${name}.json`, STHV2_LAYOUT);
        return parseSthV2Split(readDataText(f), f, labels);
      };
      const train = split('train');
      const val = split('validation');
      const source = c.source === 'videos' ? new VideoFileSource(path.join(root, 'videos'), c.shortSide, { ext: '.webm' }) : rawSource(path.join(root, 'rawframes'), c, c.filenameTmpl);
      return lazyDataset('sthv2', root, { train, val, test: val }, source, c, ctx, map);
    }
    const viaLists = mmactionListDef('sthv2', 'sthv2', 174, false, '', '', SSV2_FLIP_LABEL_MAP, c.filenameTmpl);
    if (!has(ctx, `sthv2/sthv2_train_list_${c.source}.txt`)) need(ctx, 'sthv2/something-something-v2-labels.json', STHV2_LAYOUT);
    return viaLists.load(c, ctx);
  },
};

/** UCF-101 / HMDB-51 from their official split files (classInd.txt or category.txt, trainlist0N / testlist0N). */
function ucfStyleDef(id: string, classes: number, description: string, license: string) {
  const layout = `<data-dir>/${id}/annotations/{classInd.txt|category.txt, trainlist0{1,2,3}.txt, testlist0{1,2,3}.txt} + <data-dir>/${id}/videos/<Class>/<name>.avi (ffmpeg) or <data-dir>/${id}/rawframes/<Class>/<name>/img_00001.jpg …`;
  const schema = z.object({ ...videoFields(classes, true), split: boundedInt(1, 3).default(1), source: sourceField, filenameTmpl: z.string().min(1).default('img_{:05}.jpg') }).strict();
  const def: DatasetDef<typeof schema> = {
    id,
    description,
    configSchema: schema,
    layout,
    license,
    async load(c, ctx) {
      const ann = `${id}/annotations`;
      const indRel = has(ctx, `${ann}/classInd.txt`) ? `${ann}/classInd.txt` : `${ann}/category.txt`;
      const indFile = need(ctx, indRel, layout);
      const classMap = parseClassIndex(readDataText(indFile), indFile);
      const list = (name: string) => {
        const f = need(ctx, `${ann}/${name}list0${c.split}.txt`, layout);
        const recs = parseUcfSplit(readDataText(f), f, classMap, indFile);
        return c.source === 'videos' ? prefixed(recs, 'videos') : prefixed(recs.map((r) => ({ ...r, path: r.path.replace(/\.\w+$/, '') })), 'rawframes');
      };
      const root = path.join(ctx.dataDir!, id);
      const train = list('train');
      const test = list('test');
      const source = c.source === 'videos' ? new VideoFileSource(root, c.shortSide) : rawSource(root, c, c.filenameTmpl);
      const names = [...classMap.entries()].sort((a, b) => a[1] - b[1]).map(([n]) => n);
      return lazyDataset(id, root, { train, val: test, test }, source, { ...c, numClasses: classMap.size }, ctx, undefined, names);
    },
  };
  return def;
}

export const ucf101Dataset = ucfStyleDef('ucf101', 101, 'UCF-101 (Soomro et al. 2012), 101 action classes, official splits 1–3; val = test', 'UCF-101: free for research (University of Central Florida)');
export const hmdb51Dataset = ucfStyleDef('hmdb51', 51, 'HMDB-51 (Kuehne et al. 2011), 51 action classes, splits 1–3 in UCF-style lists (as MVFNet ships them); val = test', 'HMDB-51: research use (Serre lab, Brown University; clips from movies and YouTube)');
