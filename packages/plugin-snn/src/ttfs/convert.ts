import { batchNormTraining, glorotUniform, StoreModel, tf, z, boundedInt, LIMITS, type Dataset, type ForwardOptions, type ModelDef, type Rng, type SplitName } from '@zoo/core';
import { requireImageShape, type ImageBatch } from '@zoo/vision';
import { STANOJEVIC_2024 } from '../papers';
import { spikeStatsOver, type SpikeStats } from './spike-stats';
import { minPoolTimes, type Window } from './ttfs-layer';

/**
 * A ReLU network trained as an ANN and converted into a TTFS SNN for evaluation (Stanojevic et al.
 * 2024, "mapping a trained ReLU network"): conv 3×3 ('same') or dense layers with batch norm before
 * ReLU, 2×2 max pooling, a linear head. Conversion (the code's `fuse_bn` with BN before ReLU):
 *   W' = W·γ/√(σ² + ε) per output channel,  D = β + (b − μ)·γ/√(σ² + ε)      (BN folded, Eqs. 7–8)
 * then every layer becomes a B1 spiking layer with its window size set to 1.5× the largest activation
 * seen on the training images (X_n of the code); max pooling becomes min pooling of spike times and
 * 'same' zero padding is a padded input at t_min (value 0), so the mapping stays exact. Training mode
 * runs the ANN (batch statistics); evaluation runs the SNN (running statistics folded).
 */
export const convertConfigSchema = z
  .object({
    /** Conv widths and 'pool' markers, e.g. [32, 'pool', 64, 'pool']; empty for an MLP. */
    conv: z.array(z.union([boundedInt(1, LIMITS.width), z.literal('pool')])).default([]),
    dense: z.array(boundedInt(1, LIMITS.width)).default([340]),
    batchNorm: z.boolean().default(true),
    /** BN running-average momentum (Keras's 0.99). */
    momentum: z.number().min(0).max(1).default(0.99),
    /** Window = margin × the largest training activation of the layer. */
    windowMargin: z.number().min(1).default(1.5),
    /** `snn`: evaluate the converted SNN; `ann`: the ReLU net itself (its twin, for comparison). */
    evaluate: z.enum(['snn', 'ann']).default('snn'),
  })
  .strict();
export type ConvertConfig = z.output<typeof convertConfigSchema>;

type Layer = { kind: 'conv' | 'dense'; name: string; out: number } | { kind: 'pool' } | { kind: 'flatten' };
type Folded = { w: tf.Tensor; d: tf.Tensor1D };

export class ConvertedTtfsNet extends StoreModel<ImageBatch> {
  private readonly layers: Layer[] = [];
  private readonly shape: [number, number, number];
  private version = 0;
  private converted?: { version: number; folded: Folded[]; windows: Window[] };

  constructor(
    private readonly dataset: Dataset<ImageBatch>,
    rng: Rng,
    readonly config: ConvertConfig,
  ) {
    super();
    this.shape = requireImageShape(dataset, 'ttfs-convert');
    let [h, w, c] = this.shape;
    let k = 0;
    const add = (name: string, fanIn: number, out: number, shape: number[]) => {
      this.store.add(`${name}_w`, tf.tidy(() => tf.reshape(glorotUniform(rng, fanIn, out), shape)), { regularized: true });
      this.store.add(`${name}_b`, tf.zeros([out]));
      if (config.batchNorm) {
        this.store.add(`${name}_gamma`, tf.ones([out]));
        this.store.add(`${name}_beta`, tf.zeros([out]));
        this.store.add(`${name}_mean`, tf.zeros([out]), { trainable: false });
        this.store.add(`${name}_var`, tf.ones([out]), { trainable: false });
      }
    };
    for (const item of config.conv) {
      if (item === 'pool') {
        this.layers.push({ kind: 'pool' });
        h = Math.floor(h / 2);
        w = Math.floor(w / 2);
        continue;
      }
      const name = `conv${k++}`;
      add(name, 9 * c, item, [3, 3, c, item]);
      this.layers.push({ kind: 'conv', name, out: item });
      c = item;
    }
    this.layers.push({ kind: 'flatten' });
    let width = h * w * c;
    for (const units of config.dense) {
      const name = `dense${k++}`;
      add(name, width, units, [width, units]);
      this.layers.push({ kind: 'dense', name, out: units });
      width = units;
    }
    this.store.add('head_w', glorotUniform(rng, width, dataset.meta.numClasses));
    this.store.add('head_b', tf.zeros([dataset.meta.numClasses]));
  }

  private linear(l: { kind: 'conv' | 'dense'; name: string }, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
    return l.kind === 'conv' ? tf.add(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'), b) : tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);
  }

  /** The ANN: training uses batch statistics (and updates the running ones), inference the running ones. */
  private ann(x: tf.Tensor, training: boolean, taps?: tf.Tensor[]): tf.Tensor2D {
    const v = this.store.getWeights();
    let h: tf.Tensor = x;
    for (const l of this.layers) {
      if (l.kind === 'pool') h = tf.maxPool(h as tf.Tensor4D, 2, 2, 'valid');
      else if (l.kind === 'flatten') h = tf.reshape(h, [h.shape[0], -1]);
      else {
        let z = this.linear(l, h, v[`${l.name}_w`], v[`${l.name}_b`]);
        if (this.config.batchNorm) {
          if (training) {
            const o = batchNormTraining(z, v[`${l.name}_gamma`] as tf.Tensor1D, v[`${l.name}_beta`] as tf.Tensor1D, 1e-3);
            const m = this.config.momentum;
            tf.tidy(() => {
              (v[`${l.name}_mean`] as tf.Variable).assign(tf.add(tf.mul(v[`${l.name}_mean`], m), tf.mul(o.mean, 1 - m)));
              (v[`${l.name}_var`] as tf.Variable).assign(tf.add(tf.mul(v[`${l.name}_var`], m), tf.mul(o.variance, 1 - m)));
            });
            z = o.y;
          } else {
            z = tf.batchNorm(z, v[`${l.name}_mean`] as tf.Tensor1D, v[`${l.name}_var`] as tf.Tensor1D, v[`${l.name}_beta`] as tf.Tensor1D, v[`${l.name}_gamma`] as tf.Tensor1D, 1e-3);
          }
        }
        h = tf.relu(z);
        if (taps) taps.push(h);
      }
    }
    return tf.add(tf.matMul(h as tf.Tensor2D, v.head_w as tf.Tensor2D), v.head_b) as tf.Tensor2D;
  }

  /** BN folded into each layer (W', D) and windows from the largest training activation per layer. */
  convert(): { folded: Folded[]; windows: Window[] } {
    if (this.converted?.version === this.version) return this.converted;
    if (this.converted) tf.dispose(this.converted.folded.flatMap((f) => [f.w, f.d]));
    const v = this.store.getWeights();
    const folded: Folded[] = tf.tidy(() =>
      this.layers.flatMap((l) => {
        if (l.kind === 'pool' || l.kind === 'flatten') return [];
        const w = v[`${l.name}_w`];
        const b = v[`${l.name}_b`] as tf.Tensor1D;
        if (!this.config.batchNorm) return [{ w: tf.keep(w.clone()), d: tf.keep(b.clone()) }];
        const kappa = tf.div(v[`${l.name}_gamma`], tf.sqrt(tf.add(v[`${l.name}_var`], 1e-3))) as tf.Tensor1D;
        return [{ w: tf.keep(tf.mul(w, kappa)), d: tf.keep(tf.add(v[`${l.name}_beta`], tf.mul(tf.sub(b, v[`${l.name}_mean`]), kappa)) as tf.Tensor1D) }];
      }),
    );
    const maxAct = new Array(folded.length).fill(0);
    for (const batch of this.dataset.batches('train', { batchSize: 500 })) {
      tf.tidy(() => {
        const taps: tf.Tensor[] = [];
        this.ann(batch.x, false, taps);
        taps.forEach((t, i) => (maxAct[i] = Math.max(maxAct[i], t.max().dataSync()[0])));
      });
      (batch as { dispose?: () => void }).dispose?.();
    }
    const windows: Window[] = [];
    let tMin = 1;
    for (const m of maxAct) {
      const size = Math.max(1e-3, this.config.windowMargin * m);
      windows.push({ tMin, tMax: tMin + size });
      tMin += size;
    }
    this.converted = { version: this.version, folded, windows };
    return this.converted;
  }

  /** The converted SNN: spike times layer by layer, the head reads the membrane potential at t_min. */
  snn(x: tf.Tensor, collect?: { times: tf.Tensor[]; windows: Window[] }): tf.Tensor2D {
    const { folded, windows } = this.convert();
    const v = this.store.getWeights();
    let t: tf.Tensor = tf.sub(1, x); // t = 1 − x in [0, 1]
    let inWin: Window = { tMin: 0, tMax: 1 };
    let k = 0;
    for (const l of this.layers) {
      if (l.kind === 'pool') t = minPoolTimes(t as tf.Tensor4D, 2);
      else if (l.kind === 'flatten') t = tf.reshape(t, [t.shape[0], -1]);
      else {
        const win = windows[k];
        const value = tf.sub(inWin.tMax, t); // x_j = t_min − t_j ('same' padding adds value 0 = a spike at t_min)
        const pre = this.linear(l, value, folded[k].w, folded[k].d);
        t = tf.minimum(tf.sub(win.tMax, pre), win.tMax); // t_i = t_min + ϑ − Σ W x, ϑ = (t_max − t_min) − D
        if (collect) {
          collect.times.push(t);
          collect.windows.push(win);
        }
        inWin = win;
        k++;
      }
    }
    return tf.add(tf.matMul(tf.sub(inWin.tMax, t) as tf.Tensor2D, v.head_w as tf.Tensor2D), v.head_b) as tf.Tensor2D;
  }

  forward(batch: ImageBatch, opts: ForwardOptions): tf.Tensor2D {
    if (opts.training) {
      this.version++;
      return this.ann(batch.x, true);
    }
    return this.config.evaluate === 'ann' ? tf.tidy(() => this.ann(batch.x, false)) : tf.tidy(() => this.snn(batch.x));
  }

  /** Same statistics as TtfsFcNet.spikeStats: the twin is the ANN in inference mode. */
  spikeStats(dataset: Dataset<ImageBatch>, split: SplitName): SpikeStats {
    return spikeStatsOver(dataset, split, (x) => {
      const collect = { times: [] as tf.Tensor[], windows: [] as Window[] };
      const snn = this.snn(x, collect);
      return { snn, twin: this.ann(x, false), times: collect.times, windows: collect.windows };
    });
  }

  override setWeights(w: tf.NamedTensorMap): void {
    super.setWeights(w);
    this.version++;
  }

  override dispose(): void {
    if (this.converted) tf.dispose(this.converted.folded.flatMap((f) => [f.w, f.d]));
    super.dispose();
  }
}

function convertModel(id: string, description: string, conv: ConvertConfig['conv'], dense: number[]): ModelDef<typeof convertConfigSchema> {
  const schema = convertConfigSchema.extend({
    conv: z.array(z.union([boundedInt(1, LIMITS.width), z.literal('pool')])).default(conv),
    dense: z.array(boundedInt(1, LIMITS.width)).default(dense),
  }) as unknown as typeof convertConfigSchema;
  return {
    id,
    task: 'classification',
    description,
    paper: STANOJEVIC_2024,
    configSchema: schema,
    create: (config, ctx) => new ConvertedTtfsNet(ctx.dataset as Dataset<ImageBatch>, ctx.rng, config),
  };
}

export const ttfsConvertFc2 = convertModel('ttfs-convert-fc2', 'ReLU MLP 784-340-10 with batch norm, trained as an ANN, converted to a B1 TTFS SNN (BN folded)', [], [340]);
/** The VGG-like net of the code's CIFAR runs (widths halved per the CPU budget are a recipe override). */
export const ttfsConvertVgg = convertModel(
  'ttfs-convert-vgg',
  'VGG-like ReLU CNN with batch norm, trained as an ANN, converted to a TTFS SNN (conv layers, min-pooling)',
  [64, 64, 'pool', 128, 128, 'pool', 256, 256, 'pool'],
  [512],
);
