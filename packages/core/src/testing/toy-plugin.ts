import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { Batch, Dataset, DatasetDef, SplitName } from '../contracts/dataset';
import type { ForwardOptions, ModelDef } from '../contracts/model';
import { DataCorruptError, DataMissingError } from '../errors';
import { definePlugin } from '../plugin';
import type { Rng } from '../rng';
import { tf } from '../tf';
import { glorotUniform, StoreModel } from '../variables';

/**
 * The smallest complete plugin: softmax regression on Gaussian blobs. Used by core's tests and as a
 * worked example of the contracts. `blobs-file` reads `<data-dir>/blobs/blobs.csv` (x0,x1,...,label),
 * so tests can exercise missing and corrupt data.
 */
interface BlobBatch extends Batch {
  x: tf.Tensor2D;
  labels: tf.Tensor1D;
  dispose?: () => void;
}

class BlobDataset implements Dataset<BlobBatch> {
  readonly meta;
  private readonly tensors: Record<SplitName, { x: tf.Tensor2D; y: tf.Tensor1D }>;

  constructor(
    readonly id: string,
    x: Float32Array[],
    y: number[],
    classes: number,
    rng: Rng,
    source: Dataset['meta']['source'] = 'synthetic',
    file?: string,
  ) {
    const order = rng.shuffle(Array.from({ length: y.length }, (_, i) => i));
    const cut = (a: number, b: number) => order.slice(Math.floor(a * y.length), Math.floor(b * y.length));
    const make = (idx: number[]) => ({
      x: tf.keep(tf.tensor2d(idx.map((i) => Array.from(x[i])))),
      y: tf.keep(tf.tensor1d(idx.map((i) => y[i]), 'int32')),
    });
    this.tensors = { train: make(cut(0, 0.6)), val: make(cut(0.6, 0.8)), test: make(cut(0.8, 1)) };
    this.meta = {
      task: 'node-classification',
      numClasses: classes,
      numFeatures: x[0].length,
      source,
      ...(file ? { path: file } : {}),
      sizes: { train: this.tensors.train.y.shape[0], val: this.tensors.val.y.shape[0], test: this.tensors.test.y.shape[0] },
    };
  }

  *batches(split: SplitName, opts: { batchSize?: number } = {}): Iterable<BlobBatch> {
    const { x, y } = this.tensors[split];
    const n = y.shape[0];
    const bs = opts.batchSize ?? n;
    if (bs >= n) {
      yield { x, labels: y };
      return;
    }
    for (let s = 0; s < n; s += bs) {
      const size = Math.min(bs, n - s);
      const bx = x.slice([s, 0], [size, -1]) as tf.Tensor2D;
      const by = y.slice([s], [size]) as tf.Tensor1D;
      yield { x: bx, labels: by, dispose: () => tf.dispose([bx, by]) };
    }
  }

  dispose(): void {
    for (const t of Object.values(this.tensors)) tf.dispose([t.x, t.y]);
  }
}

const blobsSchema = z.object({ n: z.number().int().min(10).default(300), classes: z.number().int().min(2).default(3), spread: z.number().positive().default(0.6) }).strict();

export const blobsDataset: DatasetDef<typeof blobsSchema> = {
  id: 'blobs',
  description: 'Gaussian blobs in 2-D (synthetic)',
  configSchema: blobsSchema,
  layout: 'generated',
  async load(c, ctx) {
    const x: Float32Array[] = [];
    const y: number[] = [];
    for (let i = 0; i < c.n; i++) {
      const k = i % c.classes;
      const angle = (2 * Math.PI * k) / c.classes;
      x.push(Float32Array.from([2 * Math.cos(angle) + c.spread * ctx.rng.normal(), 2 * Math.sin(angle) + c.spread * ctx.rng.normal()]));
      y.push(k);
    }
    return new BlobDataset('blobs', x, y, c.classes, ctx.rng);
  },
};

export const blobsFileDataset: DatasetDef = {
  id: 'blobs-file',
  description: 'Blobs read from <data-dir>/blobs/blobs.csv',
  configSchema: z.object({}).strict(),
  layout: '<data-dir>/blobs/blobs.csv with rows x0,x1,label',
  async load(_c, ctx) {
    const file = path.join(ctx.dataDir ?? '<data-dir>', 'blobs', 'blobs.csv');
    if (!ctx.dataDir || !fs.existsSync(file)) throw new DataMissingError(file, this.layout);
    const x: Float32Array[] = [];
    const y: number[] = [];
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        const v = line.split(',').map(Number);
        if (v.length !== 3 || v.some((n) => !Number.isFinite(n))) throw new DataCorruptError(`${file} line ${i + 1}`, `expected x0,x1,label`);
        x.push(Float32Array.from(v.slice(0, 2)));
        y.push(v[2]);
      });
    return new BlobDataset('blobs-file', x, y, y.reduce((m, v) => Math.max(m, v), -1) + 1, ctx.rng, 'data-dir', file);
  },
};

const softmaxSchema = z.object({ init: z.enum(['glorot', 'zeros']).default('glorot') }).strict();

class SoftmaxRegression extends StoreModel<BlobBatch> {
  constructor(features: number, classes: number, rng: Rng, init: string) {
    super();
    this.store.add('w', init === 'zeros' ? tf.zeros([features, classes]) : glorotUniform(rng, features, classes), { regularized: true });
    this.store.add('b', tf.zeros([classes]));
  }

  forward(batch: BlobBatch, _o: ForwardOptions): tf.Tensor {
    const { w, b } = this.store.getWeights();
    return tf.tidy(() => tf.matMul(batch.x, w as tf.Tensor2D).add(b));
  }
}

export const softmaxModel: ModelDef<typeof softmaxSchema> = {
  id: 'softmax',
  task: 'node-classification',
  description: 'Softmax regression',
  configSchema: softmaxSchema,
  create: (c, ctx) => new SoftmaxRegression(ctx.dataset.meta.numFeatures ?? 0, ctx.dataset.meta.numClasses, ctx.rng, c.init),
};

export const toyPlugin = definePlugin({
  meta: { name: 'toy', version: '0.0.0', packageName: '@zoo/core (testing)' },
  models: [softmaxModel],
  datasets: [blobsDataset, blobsFileDataset],
  recipes: [
    {
      id: 'toy/softmax@blobs',
      model: 'softmax',
      dataset: 'blobs',
      tier: 'smoke',
      metrics: ['accuracy', 'micro_f1'],
      config: { trainer: { lr: 0.1, maxEpochs: 60, patience: 20 } },
      // 3 balanced blobs: guessing scores 1/3
      beats: { chance: 1 / 3, margin: 0.3 },
      paper: [{ metric: 'accuracy', value: 0.95, ref: { title: 'A made-up paper for tests', year: 2024 }, where: 'Table 1, row softmax' }],
    },
    { id: 'toy/softmax@blobs-file', model: 'softmax', dataset: 'blobs-file', tier: 'cpu', metrics: ['accuracy'], config: { trainer: { lr: 0.1, maxEpochs: 30 } } },
  ],
});
