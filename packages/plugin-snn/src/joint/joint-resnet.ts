import { StoreModel, tf, z, boundedInt, LIMITS, type Dataset, type ForwardOptions, type ModelDef, type Rng } from '@zoo/core';
import { GUO_2023 } from '../papers';
import { addBatchNormVariables, applyBatchNorm, kaimingNormal, requireImageShape, resnetStagePlan, type ImageBatch } from '@zoo/vision';
import { FactorizedConv, type Mode } from './factorized-conv';
import { lifOverTime } from './lif';

/**
 * Joint A-SNN's network (Guo et al. 2023, Sec. 3; the code's `Multi_ResNet`): one ResNet whose layers run
 * in ANN mode (ReLU) or SNN mode (LIF neurons, T time steps, direct input coding), with
 *  - convolutions factorized per kernel position, W = U·diag(σ)·Vᵀ, U and V shared, σ_ann and σ_snn
 *    separate (`FactorizedConv`, Sec. 3.3); batch norms separate per mode; linear layers have separate
 *    weights per mode and one shared bias (the code's `ASLinear` keeps `nn.Linear`'s bias);
 *  - side heads after every stage but the last (the code's `branchBottleNeck`, Sec. 3.2): 1×1 conv to
 *    C/4 → BN → act → k×k conv stride k (k = the stage's size over the last stage's) → BN → act → 1×1 conv
 *    to C → BN → act → global average pool → linear; C is the last stage's width.
 * Shapes: x [B, H, W, C_in] NHWC. SNN activations are time-major [T·B, h, w, c]: convolutions and batch
 * norms see all T steps as one batch (the repo's tdBN containers; its ResNet loops over steps and takes
 * batch statistics per step), LIF runs over the steps (`lifOverTime`). The stem sees the same input at
 * every step, so its conv + BN run once and are repeated T times. SNN outputs are summed over T:
 *   logits = Σ_t FC(pool(s_t)) = FC_w·Σ_t pool(s_t) + T·b,   features = Σ_t pool(s_t)       [B, C]
 * Heads are ordered side heads first, final head last; evaluation uses the SNN's final head.
 */
interface Variant {
  widths: number[];
  blocks: number[];
  timeSteps: number;
  shared: boolean;
  ann: boolean;
  branches: boolean;
}

/** The config schema with one variant's defaults. */
function jointSchema(d: Variant) {
  return z
    .object({
      /** Stage widths; each stage after the first halves the resolution. */
      widths: z.array(boundedInt(1, LIMITS.width)).min(1).default(d.widths),
      /** BasicBlocks per stage. */
      blocks: z.array(boundedInt(1, LIMITS.depth)).min(1).default(d.blocks),
      /** T: SNN time steps. */
      timeSteps: boundedInt(1, LIMITS.depth).default(d.timeSteps),
      /** Shared SVD-factorized conv weights (false: independent ANN and SNN weights, the ablation). */
      shared: z.boolean().default(d.shared),
      /** Train an ANN next to the SNN (false: the SNN alone). */
      ann: z.boolean().default(d.ann),
      /** Side heads after every stage but the last (false: final head only). */
      branches: z.boolean().default(d.branches),
      lif: z
        .object({ decay: z.number().min(0).max(1).default(0.25), threshold: z.number().positive().default(0.5), gamma: z.number().positive().default(1) })
        .strict()
        .default({ decay: 0.25, threshold: 0.5, gamma: 1 }),
      /** PyTorch's BN momentum: running ← (1 − m)·running + m·batch. */
      bnMomentum: z.number().min(0).max(1).default(0.1),
      /** Images per forward pass at evaluation (bounds memory: T·batch activations). */
      evalBatch: boundedInt(1, LIMITS.batch).default(250),
    })
    .strict()
    .refine((c) => c.widths.length === c.blocks.length, { message: 'widths and blocks need one entry per stage', path: ['blocks'] });
}

/** ResNet-8: He et al.'s CIFAR family (6n + 2 layers) with n = 1, widths 16/32/64; three heads. */
const RESNET8: Variant = { widths: [16, 32, 64], blocks: [1, 1, 1], timeSteps: 4, shared: true, ann: true, branches: true };
/** ResNet-18 as the code's `multi_resnet18_kd`: widths 64–512, 2 blocks per stage, four heads. */
const RESNET18: Variant = { widths: [64, 128, 256, 512], blocks: [2, 2, 2, 2], timeSteps: 4, shared: true, ann: true, branches: true };

export const jointResNetConfigSchema = jointSchema(RESNET8);
export type JointResNetConfig = z.output<typeof jointResNetConfigSchema>;

/** One network's outputs: per head (side heads first, final last) logits [B, classes] and pooled features [B, C]. */
export interface HeadOutputs {
  logits: tf.Tensor2D[];
  features: tf.Tensor2D[];
}

type Pad = 'same3' | 'valid';
const PAD1: [[number, number], [number, number], [number, number], [number, number]] = [
  [0, 0],
  [1, 1],
  [1, 1],
  [0, 0],
];

export class JointResNet extends StoreModel<ImageBatch> {
  private readonly convs = new Map<string, FactorizedConv>();
  readonly modes: Mode[];
  readonly numClasses: number;
  private readonly stages: { blocks: { name: string; stride: number; down: boolean }[] }[] = [];
  private readonly branchKernels: number[] = [];
  private readonly width: number;

  constructor(
    dataset: Dataset<ImageBatch>,
    private readonly rng: Rng,
    readonly config: JointResNetConfig,
  ) {
    super();
    const shape = requireImageShape(dataset, 'joint-a-snn');
    this.modes = config.ann ? ['ann', 'snn'] : ['snn'];
    this.numClasses = dataset.meta.numClasses;
    const { widths, blocks } = config;
    this.width = widths[widths.length - 1];
    this.conv('stem', 3, shape[2], widths[0]);
    this.bn('stem', widths[0]);
    const sizes: number[] = [];
    let h = shape[0];
    const plan = resnetStagePlan(widths[0], widths, blocks);
    widths.forEach((_, s) => {
      const stage: (typeof this.stages)[number] = { blocks: [] };
      for (const b of plan.filter((p) => p.stage === s)) {
        const name = `s${s + 1}b${b.block + 1}`;
        this.conv(`${name}_c1`, 3, b.cin, b.width);
        this.bn(`${name}_c1`, b.width);
        this.conv(`${name}_c2`, 3, b.width, b.width);
        this.bn(`${name}_c2`, b.width);
        if (b.shortcut) {
          this.conv(`${name}_down`, 1, b.cin, b.width);
          this.bn(`${name}_down`, b.width);
        }
        if (b.stride === 2) h = Math.ceil(h / 2);
        stage.blocks.push({ name, stride: b.stride, down: b.shortcut });
      }
      sizes.push(h);
      this.stages.push(stage);
    });
    if (config.branches) {
      const mid = Math.max(1, Math.floor(this.width / 4));
      for (let s = 0; s < widths.length - 1; s++) {
        const k = Math.max(1, Math.round(sizes[s] / sizes[sizes.length - 1]));
        this.branchKernels.push(k);
        const name = `branch${s + 1}`;
        this.conv(`${name}_c1`, 1, widths[s], mid);
        this.bn(`${name}_c1`, mid);
        this.conv(`${name}_c2`, k, mid, mid);
        this.bn(`${name}_c2`, mid);
        this.conv(`${name}_c3`, 1, mid, this.width);
        this.bn(`${name}_c3`, this.width);
        this.linear(`${name}_fc`, this.width, this.numClasses);
      }
    }
    this.linear('fc', this.width, this.numClasses);
  }

  private conv(name: string, k: number, cin: number, cout: number): void {
    this.convs.set(name, new FactorizedConv(this.store, name, k, cin, cout, this.config.shared, FactorizedConv.heInit(this.rng, k, cin, cout), this.modes));
  }

  private bn(name: string, c: number): void {
    for (const m of this.modes) addBatchNormVariables(this.store, `${name}_bn_${m}`, c);
  }

  /** nn.Linear as the code initializes it: weight kaiming-normal (fan_out), bias U(±1/√in). */
  private linear(name: string, cin: number, cout: number): void {
    const w = kaimingNormal(this.rng, cin * cout, cout);
    for (const m of this.modes) this.store.add(`${name}_${m}_w`, tf.tensor2d(w, [cin, cout]), { regularized: true });
    const bound = 1 / Math.sqrt(cin);
    this.store.add(`${name}_b`, tf.tensor1d(Float32Array.from({ length: cout }, () => (2 * this.rng.next() - 1) * bound)), { regularized: true });
  }

  private applyConv(name: string, mode: Mode, x: tf.Tensor4D, stride: number, pad: Pad): tf.Tensor4D {
    const c = this.convs.get(name)!;
    return tf.conv2d(x, c.weight(mode), stride, pad === 'same3' ? PAD1 : 'valid');
  }

  private applyBn(name: string, mode: Mode, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return applyBatchNorm(this.store, `${name}_bn_${mode}`, x, training, this.config.bnMomentum) as tf.Tensor4D;
  }

  private act(x: tf.Tensor4D, mode: Mode): tf.Tensor4D {
    return (mode === 'ann' ? tf.relu(x) : lifOverTime(x, this.config.timeSteps, this.config.lif)) as tf.Tensor4D;
  }

  /** Global average pool, then (SNN) the sum over the T steps: [N, h, w, C] → [B, C]. */
  private pool(x: tf.Tensor4D, mode: Mode): tf.Tensor2D {
    const p = tf.mean(x, [1, 2]) as tf.Tensor2D;
    if (mode === 'ann') return p;
    const T = this.config.timeSteps;
    return tf.sum(tf.reshape(p, [T, p.shape[0] / T, p.shape[1]]), 0) as tf.Tensor2D;
  }

  private head(name: string, mode: Mode, features: tf.Tensor2D): tf.Tensor2D {
    const v = this.store.getWeights();
    const steps = mode === 'ann' ? 1 : this.config.timeSteps;
    return tf.add(tf.matMul(features, v[`${name}_${mode}_w`] as tf.Tensor2D), tf.mul(v[`${name}_b`], steps)) as tf.Tensor2D;
  }

  /** One network (ANN or SNN) on images x [B, H, W, C]: every head's logits and pooled features. */
  run(x: tf.Tensor4D, mode: Mode, training: boolean): HeadOutputs {
    if (!this.modes.includes(mode)) throw new Error(`this Joint A-SNN model has no ${mode.toUpperCase()} (config.ann is false)`);
    let h = this.applyBn('stem', mode, this.applyConv('stem', mode, x, 1, 'same3'), training);
    if (mode === 'snn') h = tf.tile(h, [this.config.timeSteps, 1, 1, 1]);
    h = this.act(h, mode);
    const out: HeadOutputs = { logits: [], features: [] };
    this.stages.forEach((stage, s) => {
      for (const b of stage.blocks) {
        let o = this.act(this.applyBn(`${b.name}_c1`, mode, this.applyConv(`${b.name}_c1`, mode, h, b.stride, 'same3'), training), mode);
        o = this.applyBn(`${b.name}_c2`, mode, this.applyConv(`${b.name}_c2`, mode, o, 1, 'same3'), training);
        const res = b.down ? this.applyBn(`${b.name}_down`, mode, this.applyConv(`${b.name}_down`, mode, h, b.stride, 'valid'), training) : h;
        h = this.act(tf.add(o, res), mode);
      }
      if (this.config.branches && s < this.stages.length - 1) {
        const name = `branch${s + 1}`;
        let o = this.act(this.applyBn(`${name}_c1`, mode, this.applyConv(`${name}_c1`, mode, h, 1, 'valid'), training), mode);
        o = this.act(this.applyBn(`${name}_c2`, mode, this.applyConv(`${name}_c2`, mode, o, this.branchKernels[s], 'valid'), training), mode);
        o = this.act(this.applyBn(`${name}_c3`, mode, this.applyConv(`${name}_c3`, mode, o, 1, 'valid'), training), mode);
        const f = this.pool(o, mode);
        out.features.push(f);
        out.logits.push(this.head(`${name}_fc`, mode, f));
      }
    });
    const f = this.pool(h, mode);
    out.features.push(f);
    out.logits.push(this.head('fc', mode, f));
    return out;
  }

  /** Both networks on one batch (the ANN only when the model has one). */
  jointForward(x: tf.Tensor4D, training: boolean): { ann?: HeadOutputs; snn: HeadOutputs } {
    return { ann: this.config.ann ? this.run(x, 'ann', training) : undefined, snn: this.run(x, 'snn', training) };
  }

  /** One network's final-head logits, in chunks of `evalBatch` images at evaluation. */
  logits(x: tf.Tensor4D, mode: Mode, training: boolean): tf.Tensor2D {
    const n = x.shape[0];
    const chunk = training ? n : this.config.evalBatch;
    if (n <= chunk) return tf.tidy(() => last(this.run(x, mode, training).logits));
    const parts: tf.Tensor2D[] = [];
    for (let s = 0; s < n; s += chunk) {
      parts.push(tf.tidy(() => last(this.run(tf.slice(x, [s, 0, 0, 0], [Math.min(chunk, n - s), -1, -1, -1]), mode, false).logits)));
    }
    const all = tf.concat(parts) as tf.Tensor2D;
    tf.dispose(parts);
    return all;
  }

  /** The SNN's final head (what the paper evaluates), logits summed over the T steps. */
  forward(batch: ImageBatch, opts: ForwardOptions): tf.Tensor2D {
    return this.logits(batch.x, 'snn', opts.training);
  }
}

function last<T>(xs: T[]): T {
  return xs[xs.length - 1];
}

function jointModel(id: string, description: string, variant: Variant): ModelDef<typeof jointResNetConfigSchema> {
  const schema = jointSchema(variant);
  return {
    id,
    task: 'classification',
    description,
    paper: GUO_2023,
    configSchema: schema,
    create: (config, ctx) => new JointResNet(ctx.dataset as Dataset<ImageBatch>, ctx.rng, config),
  };
}

export const jointASnnResNet8 = jointModel('joint-a-snn-resnet8', 'Joint A-SNN, ResNet-8: ANN and SNN with shared SVD-factorized weights, side heads, ANN→SNN distillation', RESNET8);
export const jointASnnResNet18 = jointModel('joint-a-snn-resnet18', "Joint A-SNN, ResNet-18 (the paper's CIFAR network), T = 4", RESNET18);
/** Ablations (Sec. 4.3): the SNN alone; + distillation from an ANN with its own weights; + shared weights without distillation. */
export const snnResNet8 = jointModel('joint-a-snn-resnet8-snn-only', 'Ablation: the spiking ResNet-8 trained alone (CE on its final head)', { ...RESNET8, ann: false, shared: false, branches: false });
export const jointASnnResNet8Kd = jointModel('joint-a-snn-resnet8-kd-only', 'Ablation: ANN and SNN with separate weights, side heads and distillation (no weight sharing)', { ...RESNET8, shared: false });
export const jointASnnResNet8Shared = jointModel('joint-a-snn-resnet8-shared-only', 'Ablation: shared factorized weights and side heads, no distillation (run with α = β = 0)', RESNET8);
