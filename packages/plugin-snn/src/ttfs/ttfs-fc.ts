import { glorotUniform, StoreModel, tf, z, boundedInt, LIMITS, type Dataset, type ForwardOptions, type ModelDef, type Rng, type SplitName } from '@zoo/core';
import type { ImageBatch } from '@zoo/vision';
import { STANOJEVIC_2024 } from '../papers';
import { spikeStatsOver, type SpikeStats } from './spike-stats';
import { alpha1Dense, b1Dense, readout, widenedWindowSize, type Window } from './ttfs-layer';

export type { SpikeStats } from './spike-stats';

export const ttfsFcConfigSchema = z
  .object({
    /** Hidden layer widths (fc2 = [340]: the paper's 784-340-10 MNIST net). */
    hidden: z.array(boundedInt(1, LIMITS.width)).default([340]),
    /** `b1` (identity mapping), `alpha1` (weights divided by the slope) or `relu` (the ReLU twin). */
    parameterization: z.enum(['b1', 'alpha1', 'relu']).default('b1'),
    /** Initial window size t_max − t_min of every spiking layer ((1 + 0.5)·X_n with X_n = 1). */
    initialWindow: z.number().positive().default(1.5),
    /** Widen windows after each training step as the code does. */
    adaptWindows: z.boolean().default(true),
  })
  .strict();
export type TtfsFcConfig = z.output<typeof ttfsFcConfigSchema>;

/**
 * A fully connected TTFS network (or its ReLU twin) on flattened images in [0, 1]: see ttfs-layer.ts for
 * the B1 and α1 equations. Variables: w_l (in×out, Glorot), d_l (zeros); α1 adds the fixed A_l set by the
 * smart initialization A = 1 − Σ_j J_ij; `windows` (non-trainable) holds each spiking layer's window size
 * so checkpoints restore the timing exactly.
 */
export class TtfsFcNet extends StoreModel<ImageBatch> {
  readonly dims: number[];

  constructor(
    features: number,
    classes: number,
    rng: Rng,
    readonly config: TtfsFcConfig,
  ) {
    super();
    this.dims = [features, ...config.hidden, classes];
    for (let l = 0; l + 1 < this.dims.length; l++) {
      const w = this.store.add(`w${l}`, glorotUniform(rng, this.dims[l], this.dims[l + 1]), { regularized: true });
      this.store.add(`d${l}`, tf.zeros([this.dims[l + 1]]));
      if (config.parameterization === 'alpha1' && l + 2 < this.dims.length) {
        this.store.add(`a${l}`, tf.tidy(() => tf.sub(1, tf.sum(w, 0))), { trainable: false }); // α = A + ΣJ = 1 at init
      }
    }
    this.store.add('windows', tf.fill([config.hidden.length], config.initialWindow), { trainable: false });
  }

  /** Each spiking layer's window, chained: layer 0 opens when the input window [0, 1] closes. */
  windows(): Window[] {
    const sizes = this.store.getWeights().windows.dataSync();
    const out: Window[] = [];
    let tMin = 1;
    for (const s of sizes) {
      out.push({ tMin, tMax: tMin + s });
      tMin += s;
    }
    return out;
  }

  /** Logits; with `collect`, also each hidden layer's spike times (kept, caller disposes). */
  run(x: tf.Tensor, training: boolean, collect = false): { logits: tf.Tensor2D; times: tf.Tensor2D[]; windows: Window[] } {
    let windows: Window[] = [];
    const out = tf.tidy(() => {
      const r = this.runUntidied(x, training, collect);
      windows = r.windows;
      return { logits: r.logits, times: r.times };
    });
    return { logits: out.logits, times: out.times, windows };
  }

  private runUntidied(x: tf.Tensor, training: boolean, collect: boolean): { logits: tf.Tensor2D; times: tf.Tensor2D[]; windows: Window[] } {
    const w = this.store.getWeights();
    const L = this.dims.length - 1;
    const flat = x.reshape([x.shape[0], -1]) as tf.Tensor2D;
    if (this.config.parameterization === 'relu') {
      let h = flat;
      for (let l = 0; l < L; l++) {
        const z = tf.add(tf.matMul(h, w[`w${l}`] as tf.Tensor2D), w[`d${l}`]) as tf.Tensor2D;
        h = l + 1 < L ? (tf.relu(z) as tf.Tensor2D) : z;
      }
      return { logits: h, times: [], windows: [] };
    }
    const windows = this.windows();
    let t = tf.sub(1, flat) as tf.Tensor2D; // input coding t = 1 − x in [0, 1]
    let inWin: Window = { tMin: 0, tMax: 1 };
    const times: tf.Tensor2D[] = [];
    for (let l = 0; l + 1 < L; l++) {
      t =
        this.config.parameterization === 'b1'
          ? b1Dense(t, w[`w${l}`] as tf.Tensor2D, w[`d${l}`] as tf.Tensor1D, inWin, windows[l])
          : alpha1Dense(t, w[`w${l}`] as tf.Tensor2D, w[`d${l}`] as tf.Tensor1D, w[`a${l}`] as tf.Tensor1D, inWin, windows[l]);
      if (collect || (training && this.config.adaptWindows)) times.push(t);
      inWin = windows[l];
    }
    const logits = readout(t, w[`w${L - 1}`] as tf.Tensor2D, w[`d${L - 1}`] as tf.Tensor1D, inWin);
    return { logits, times, windows };
  }

  forward(batch: ImageBatch, opts: ForwardOptions): tf.Tensor2D {
    const { logits, times, windows } = this.run(batch.x, opts.training);
    if (opts.training && this.config.adaptWindows && times.length > 0) {
      // the code widens each window after the step from this step's earliest spike (values do not depend on it)
      const earliest = times.map((t) => tf.tidy(() => t.min().dataSync()[0]));
      const sizes = windows.map((win, l) => widenedWindowSize(win, earliest[l]));
      const next = tf.tensor1d(sizes);
      (this.store.getWeights().windows as tf.Variable).assign(next);
      next.dispose();
    }
    if (!opts.training) tf.dispose(times); // (in training they belong to the enclosing minimize's tidy and tape)
    return logits;
  }

  /** Weights of the ReLU twin this SNN maps to (B1: W, D; α1: J/α, D/α). */
  reluTwin(): { w: tf.Tensor2D; d: tf.Tensor1D }[] {
    const w = this.store.getWeights();
    return tf.tidy(() =>
      Array.from({ length: this.dims.length - 1 }, (_, l) => {
        const W = w[`w${l}`] as tf.Tensor2D;
        const D = w[`d${l}`] as tf.Tensor1D;
        if (this.config.parameterization !== 'alpha1' || l + 2 >= this.dims.length) return { w: tf.keep(W.clone()), d: tf.keep(D.clone()) };
        const alpha = tf.add(w[`a${l}`], tf.sum(W, 0));
        const safe = tf.tensor1d(Float32Array.from(alpha.dataSync(), (v) => (v > 1e-6 ? v : Infinity))); // never fires: weight 0
        return { w: tf.keep(tf.div(W, safe) as tf.Tensor2D), d: tf.keep(tf.div(D, safe) as tf.Tensor1D) };
      }),
    );
  }

  /** Spikes per hidden neuron, max |SNN − ReLU twin| output difference, early spikes, prediction mismatches. */
  spikeStats(dataset: Dataset<ImageBatch>, split: SplitName): SpikeStats {
    if (this.config.parameterization === 'relu') return { spikesPerNeuron: NaN, maxOutputDiff: 0, earlySpikes: 0, predictionMismatch: 0 };
    const twin = this.reluTwin();
    try {
      return spikeStatsOver(dataset, split, (x) => {
        const { logits, times, windows } = this.runUntidied(x, false, true);
        let h = x.reshape([x.shape[0], -1]) as tf.Tensor2D;
        twin.forEach((p, l) => {
          const z = tf.add(tf.matMul(h, p.w), p.d) as tf.Tensor2D;
          h = l + 1 < twin.length ? (tf.relu(z) as tf.Tensor2D) : z;
        });
        return { snn: logits, twin: h, times, windows };
      });
    } finally {
      tf.dispose(twin.flatMap((p) => [p.w, p.d]));
    }
  }
}

function fcModel(id: string, description: string, defaults: Partial<TtfsFcConfig>): ModelDef<typeof ttfsFcConfigSchema> {
  const schema = ttfsFcConfigSchema.extend({
    hidden: z.array(boundedInt(1, LIMITS.width)).default(defaults.hidden ?? [340]),
    parameterization: z.enum(['b1', 'alpha1', 'relu']).default(defaults.parameterization ?? 'b1'),
  }) as unknown as typeof ttfsFcConfigSchema;
  return {
    id,
    task: 'classification',
    description,
    paper: STANOJEVIC_2024,
    configSchema: schema,
    create: (config, ctx) => new TtfsFcNet(ctx.dataset.meta.numFeatures ?? 0, ctx.dataset.meta.numClasses, ctx.rng, config),
  };
}

const FC8 = [340, 340, 340, 340, 340, 340, 340];
export const ttfsB1Fc2 = fcModel('ttfs-b1-fc2', 'TTFS SNN, B1 identity mapping, 784-340-10 (trains exactly as its ReLU twin)', { hidden: [340], parameterization: 'b1' });
export const reluFc2 = fcModel('relu-fc2', 'The ReLU twin of ttfs-b1-fc2 (784-340-10)', { hidden: [340], parameterization: 'relu' });
export const ttfsB1Fc8 = fcModel('ttfs-b1-fc8', 'TTFS SNN, B1 identity mapping, 8 layers (7×340 hidden)', { hidden: FC8, parameterization: 'b1' });
export const ttfsAlpha1Fc8 = fcModel('ttfs-alpha1-fc8', 'TTFS SNN, α1 parameterization with smart initialization, 8 layers (7×340 hidden)', { hidden: FC8, parameterization: 'alpha1' });
