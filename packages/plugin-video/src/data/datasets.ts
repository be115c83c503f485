import * as path from 'node:path';
import { boundedInt, DataMissingError, LIMITS, z, type DatasetDef, type DatasetLoadContext, type Rng, type SplitName } from '@zoo/core';
import { hmdb51Dataset, kinetics400Dataset, rawframesDataset, sthv1Dataset, sthv2Dataset, ucf101Dataset } from './file-datasets';
import { movingBarClips } from './moving-bars';
import { FMNIST_LAYOUT, FMNIST_LICENSE, locateFashionMnist, motionClassNames, motionClips, motionTwins, readFashionMnist } from './moving-fmnist';
import { InMemoryVideoDataset, type VideoSplit } from './video-dataset';

/**
 * The video datasets: Moving Fashion-MNIST (generated from the real Fashion-MNIST files; the class is a motion,
 * in time-reversed twin pairs) and moving bars (synthetic, smoke) here, generated on the fly and cached per
 * process by config + seed; the paper's datasets in mmaction2's layouts in file-datasets.ts.
 */

const generatedCache = new Map<string, InMemoryVideoDataset>();

/** The rng's identity (seed and fork path: forks depend on these only) + config: a generated dataset's cache key. */
const cacheKey = (id: string, c: unknown, rng: Rng, extra = '') => `${id}|${rng.seed}|${rng.path}|${JSON.stringify(c)}|${extra}`;

function movingFmnistSchema(frames: number, size: number, train: number, val: number, test: number) {
  return z
    .object({
      frames: boundedInt(2, LIMITS.depth).default(frames),
      size: boundedInt(8, LIMITS.pixels).default(size),
      /** garment side in px (default 9/16 of the frame) */
      garment: boundedInt(4, LIMITS.pixels).optional(),
      pairs: boundedInt(1, 6).default(4),
      channels: z.union([z.literal(1), z.literal(3)]).default(1),
      train: boundedInt(1, 1_000_000).default(train),
      val: boundedInt(1, 1_000_000).default(val),
      test: boundedInt(1, 1_000_000).default(test),
      /** clips per batch of an evaluation pass (the trainer asks for whole splits) */
      evalBatchSize: boundedInt(1, LIMITS.batch).default(64),
    })
    .strict()
    .refine((c) => (c.garment ?? 0) <= c.size, { message: 'garment must be at most size', path: ['garment'] });
}

function replicate(grey: Uint8Array, channels: number): Uint8Array {
  if (channels === 1) return grey;
  const out = new Uint8Array(grey.length * channels);
  for (let i = 0; i < grey.length; i++) for (let c = 0; c < channels; c++) out[i * channels + c] = grey[i];
  return out;
}

function movingFmnistDef(id: string, frames: number, size: number, sizes: [number, number, number]): DatasetDef<ReturnType<typeof movingFmnistSchema>> {
  const schema = movingFmnistSchema(frames, size, ...sizes);
  return {
    id,
    description: `Moving Fashion-MNIST, ${frames} frames of ${size}×${size}: the class is the motion of a real garment (right/left, down/up, clockwise/anticlockwise, zoom in/out), every class with a time-reversed twin`,
    configSchema: schema,
    layout: FMNIST_LAYOUT,
    license: FMNIST_LICENSE,
    async load(c, ctx: DatasetLoadContext) {
      const dir = locateFashionMnist(ctx.dataDir);
      if (!dir) throw new DataMissingError(ctx.dataDir ? path.join(ctx.dataDir, 'fashion-mnist') : '<data-dir>/fashion-mnist', FMNIST_LAYOUT);
      const key = cacheKey(id, c, ctx.rng, dir);
      const hit = generatedCache.get(key);
      if (hit) return hit;
      const g = c.garment ?? Math.max(4, Math.round((c.size * 9) / 16));
      const fm = readFashionMnist(dir);
      const nTest = fm.test.length / 784;
      const half = Math.floor(nTest / 2);
      const make = (images: Uint8Array, from: number, to: number, n: number, name: SplitName): VideoSplit => {
        const m = motionClips(images, from, to, n, c.pairs, c.frames, c.size, g, ctx.rng.fork(name));
        return { clips: replicate(m.frames, c.channels), labels: m.labels };
      };
      const splits = {
        train: make(fm.train, 0, fm.train.length / 784, c.train, 'train'),
        val: make(fm.test, 0, half, c.val, 'val'),
        test: make(fm.test, half, nTest, c.test, 'test'),
      };
      const ds = new InMemoryVideoDataset(id, { frames: c.frames, height: c.size, width: c.size, channels: c.channels }, splits, 2 * c.pairs, {
        source: 'data-dir', // read from files: <data-dir>/fashion-mnist or the system copy, named by path
        path: dir,
        twins: motionTwins(c.pairs),
        classNames: motionClassNames(c.pairs),
        defaultBatchSize: c.evalBatchSize,
      });
      generatedCache.set(key, ds);
      return ds;
    },
  };
}

export const movingFmnistDataset = movingFmnistDef('moving-fmnist', 8, 32, [4000, 500, 1000]);
export const movingFmnist16Dataset = movingFmnistDef('moving-fmnist-16', 16, 64, [2000, 250, 500]);

export const movingBarsConfigSchema = z
  .object({
    frames: boundedInt(2, 64).default(4),
    size: boundedInt(8, 256).default(16),
    pairs: boundedInt(1, 2).default(2),
    n: boundedInt(10, 1_000_000).default(400),
  })
  .strict();

export const movingBarsSmokeDataset: DatasetDef<typeof movingBarsConfigSchema> = {
  id: 'moving-bars-smoke',
  description: 'Moving bars (synthetic): a bar moving right/left or down/up, twin classes hold the same frames reversed; seconds to train',
  configSchema: movingBarsConfigSchema,
  layout: 'generated from the seed; no files',
  license: 'synthetic (no data files)',
  async load(c, { rng }) {
    const key = cacheKey('moving-bars-smoke', c, rng);
    const hit = generatedCache.get(key);
    if (hit) return hit;
    const nTrain = Math.floor(0.6 * c.n);
    const nVal = Math.floor(0.2 * c.n);
    const split = (n: number, name: string): VideoSplit => {
      const m = movingBarClips(n, c.frames, c.size, rng.fork(name), c.pairs);
      return { clips: m.frames, labels: m.labels };
    };
    const ds = new InMemoryVideoDataset('moving-bars-smoke', { frames: c.frames, height: c.size, width: c.size, channels: 1 }, { train: split(nTrain, 'train'), val: split(nVal, 'val'), test: split(c.n - nTrain - nVal, 'test') }, 2 * c.pairs, {
      source: 'synthetic',
      twins: motionTwins(c.pairs),
      classNames: motionClassNames(c.pairs),
    });
    generatedCache.set(key, ds);
    return ds;
  },
};

/** Every video dataset of the plugin. */
export { hmdb51Dataset, kinetics400Dataset, rawframesDataset, sthv1Dataset, sthv2Dataset, ucf101Dataset };

export const videoDatasets: DatasetDef[] = [movingFmnistDataset, movingFmnist16Dataset, movingBarsSmokeDataset, rawframesDataset, kinetics400Dataset, sthv1Dataset, sthv2Dataset, ucf101Dataset, hmdb51Dataset] as DatasetDef[];
