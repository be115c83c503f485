import type { z } from 'zod';
import { tf } from '../tf';
import type { Rng } from '../rng';
import type { Task } from './model';

export type SplitName = 'train' | 'val' | 'test';

export interface DatasetMeta {
  task: Task;
  numClasses: number;
  numFeatures?: number;
  /** Where the data came from: an embedded copy, `--data-dir`, or generated. */
  source: 'embedded' | 'data-dir' | 'synthetic';
  /** The folder or file the data was read from, when it was read. */
  path?: string;
  sizes: Record<SplitName, number>;
  [extra: string]: unknown;
}

/**
 * Which data a run used, as result rows and run records report it: `embedded` (the copy shipped in the
 * plugin), `synthetic` (generated), or the folder or file read under `--data-dir`.
 */
export function dataSourceOf(meta: Pick<DatasetMeta, 'source' | 'path'>): string {
  return meta.source === 'data-dir' ? (meta.path ?? 'data-dir') : meta.source;
}

/** Every batch carries its labels; the rest is whatever the plugin's models consume. */
export interface Batch {
  labels: tf.Tensor;
}

export interface BatchOptions {
  /** Examples per batch; undefined means the whole split in one batch. */
  batchSize?: number;
  /** Shuffle with this generator (training only). */
  shuffle?: Rng;
}

export interface Dataset<B extends Batch = Batch> {
  readonly id: string;
  readonly meta: DatasetMeta;
  batches(split: SplitName, opts?: BatchOptions): Iterable<B>;
  dispose(): void;
}

export interface DatasetLoadContext {
  /** `--data-dir`, if the user gave one; a dataset found there wins over an embedded copy. */
  dataDir?: string;
  rng: Rng;
}

export interface DatasetDef<S extends z.ZodType = z.ZodType> {
  id: string;
  description: string;
  configSchema: S;
  /** Where the files are expected under `--data-dir`, and in which layout (shown when missing). */
  layout: string;
  /** License of the data, shown by `zoo info`. */
  license?: string;
  /** Throws DataMissingError when absent, DataCorruptError (file, offset) when unreadable. */
  load(config: z.output<S>, ctx: DatasetLoadContext): Promise<Dataset<any>>;
}
