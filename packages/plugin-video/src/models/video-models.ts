import { boundedInt, LIMITS, StoreModel, tf, z, type ForwardOptions, type ModelDef, type Rng } from '@zoo/core';
import { countModel, Sequential } from '@zoo/vision';
import { clipShapeOf, type VideoBatch } from '../data/video-batch';
import { PAPER } from '../papers';
import { TsnHead } from './tsn-head';
import { VideoResNet } from './video-resnet';

/**
 * The MVFNet family as one factory with one config per variant (timm style): a bottleneck ResNet on the
 * frames of each clip (video-resnet.ts) + TSN head with average consensus (tsn-head.ts), mmaction2's
 * Recognizer2D:  clips [B, T, H, W, C] → frames [B·T, H, W, C] → backbone → head → logits [B, K].
 * Variants (paper tier: ResNet-50/101, ImageNet stem, 224² frames; tiny tier: small stem, 32–64 px frames):
 *   c2d        no temporal modelling                       tsm       TemporalShift on every block's conv1
 *   slowonly   3×1×1 conv1 in res4–5                       mvfnet    MVF (α = 1/8, THW) on conv1 in res4–5
 * (MVFNet config `mvf_kinetics400_2d_rgb_r50_dense.py`: alpha 0.125, mvf_freq (0,0,1,1), mode THW; TSNClsHead
 * dropout 0.5, init_std 0.01). T, H, W, C come from the dataset's meta (`clipShapeOf`), K from numClasses.
 */
const stageFlags = z.array(boundedInt(0, 1)).min(1);

export interface VideoVariant {
  stem: 'imagenet' | 'small';
  widths: number[];
  blocks: number[];
  kind: 'none' | 'mvf' | 'tsm' | 'slowonly';
  stages: number[];
  mode?: 'T' | 'TH' | 'THW';
}

/** The config schema with one variant's defaults. */
export function videoModelSchema(d: VideoVariant) {
  const temporalDefaults = { kind: d.kind, stages: d.stages, alpha: 0.125, mode: d.mode ?? ('THW' as const), share: false, useHs: true, shiftDiv: 8 };
  return z
    .object({
      /** 'imagenet': 7×7/2 conv + 3×3/2 max pool; 'small': 3×3/1 conv, no pool. */
      stem: z.enum(['imagenet', 'small']).default(d.stem),
      /** Bottleneck widths per stage (the block output is 4×). */
      widths: z.array(boundedInt(1, LIMITS.width)).min(1).default(d.widths),
      /** Bottlenecks per stage. */
      blocks: z.array(boundedInt(1, LIMITS.depth)).min(1).default(d.blocks),
      temporal: z
        .object({
          kind: z.enum(['none', 'mvf', 'tsm', 'slowonly']).default(temporalDefaults.kind),
          /** Per stage: 1 = every block's conv1 is temporal (MVF code's mvf_freq). */
          stages: stageFlags.default(d.stages),
          /** MVF: the fraction of conv1's input channels that are fused. */
          alpha: z.number().min(0).max(1).default(0.125),
          /** MVF views: T, TH or THW. */
          mode: z.enum(['T', 'TH', 'THW']).default(temporalDefaults.mode),
          /** MVF: reuse the T kernel along H and W. */
          share: z.boolean().default(false),
          /** MVF: BatchNorm3d + hard swish after the fused convs. */
          useHs: z.boolean().default(true),
          /** TSM: 1/shiftDiv of the channels shift each way. */
          shiftDiv: boundedInt(1, LIMITS.width).default(8),
        })
        .strict()
        .default(temporalDefaults),
      /** A max pool over time after res2: 'tsm' (k 3, s 2, p 1) or 'c2d' (k 2, s 2); off in the paper's models. */
      temporalPool: z.enum(['none', 'tsm', 'c2d']).default('none'),
      /** Head dropout before the classifier. */
      dropout: z.number().min(0).max(0.99).default(0.5),
      /** Classifier init std. */
      initStd: z.number().positive().default(0.01),
      /** PyTorch's BN momentum. */
      bnMomentum: z.number().min(0).max(1).default(0.1),
    })
    .strict()
    .refine((c) => c.widths.length === c.blocks.length && c.temporal.stages.length === c.widths.length, {
      message: 'widths, blocks and temporal.stages need one entry per stage',
      path: ['temporal', 'stages'],
    });
}

export type VideoModelConfig = z.output<ReturnType<typeof videoModelSchema>>;

export interface ClipShape {
  frames: number;
  height: number;
  width: number;
  channels: number;
  classes: number;
}

/** The backbone and head for a config and clip shape (no weights: count or `create` them). */
export function buildVideoNet(config: VideoModelConfig, shape: ClipShape, rng?: Rng): { backbone: VideoResNet; head: TsnHead } {
  const backbone = new VideoResNet({
    frames: shape.frames,
    inChannels: shape.channels,
    stem: config.stem,
    widths: config.widths,
    blocks: config.blocks,
    temporal: config.temporal,
    temporalPool: config.temporalPool,
    bnMomentum: config.bnMomentum,
  });
  const head = new TsnHead('head', { channels: backbone.outChannels, classes: shape.classes, segments: backbone.segmentsOut, dropout: config.dropout, initStd: config.initStd }, rng);
  return { backbone, head };
}

export class VideoRecognizer extends StoreModel<VideoBatch> {
  readonly backbone: VideoResNet;
  readonly head: TsnHead;

  constructor(
    readonly config: VideoModelConfig,
    readonly shape: ClipShape,
    rng: Rng,
  ) {
    super();
    ({ backbone: this.backbone, head: this.head } = buildVideoNet(config, shape, rng));
    this.backbone.create(this.store, rng);
    this.head.create(this.store, rng);
  }

  forward(batch: VideoBatch, opts: ForwardOptions): tf.Tensor2D {
    const x = batch.clips;
    const { frames, height, width, channels } = this.shape;
    if (x.rank !== 5 || x.shape[1] !== frames || x.shape[2] !== height || x.shape[3] !== width || x.shape[4] !== channels) {
      throw new Error(`video model: expected clips [B, ${frames}, ${height}, ${width}, ${channels}], got [${x.shape.join(', ')}]`);
    }
    return tf.tidy(() => {
      const f = tf.reshape(x, [x.shape[0] * frames, height, width, channels]);
      return this.head.apply(this.backbone.apply(f, opts.training), opts.training);
    });
  }
}

/**
 * Parameters and multiply-adds per clip (the MVFNet code's `count_flops` counts MACs as FLOPs) of a variant
 * on clips of `shape`, from shapes alone: each layer's per-frame count times the frames it sees.
 */
export function countVideoModel(model: ModelDef | VideoModelConfig, shape: ClipShape): { params: number; macs: number; macsPerFrame: number } {
  const config = 'configSchema' in model ? (model.configSchema.parse({}) as VideoModelConfig) : model;
  const { backbone, head } = buildVideoNet(config, shape);
  let input: readonly number[] = [shape.height, shape.width, shape.channels];
  let macs = 0;
  backbone.layers.forEach((l, i) => {
    macs += countModel(l, input).macs * backbone.segmentsAt[i];
    input = l.outputShape(input);
  });
  macs += head.macCount() * backbone.segmentsOut;
  const params = countModel(new Sequential('net', [backbone, head]), [shape.height, shape.width, shape.channels]).params;
  return { params, macs, macsPerFrame: macs / shape.frames };
}

function videoModelDef(id: string, description: string, variant: VideoVariant): ModelDef<ReturnType<typeof videoModelSchema>> {
  return {
    id,
    task: 'classification',
    description,
    paper: PAPER,
    configSchema: videoModelSchema(variant),
    create(config, { dataset, rng }) {
      const clip = clipShapeOf(dataset.meta, dataset.id);
      return new VideoRecognizer(config, { ...clip, classes: dataset.meta.numClasses }, rng);
    },
  };
}

const R50 = { stem: 'imagenet' as const, widths: [64, 128, 256, 512], blocks: [3, 4, 6, 3] };
const R101 = { ...R50, blocks: [3, 4, 23, 3] };
/** The cpu tier: ≈ 5 M MACs per 32×32 grey frame (C2D; 8×32×32 Moving Fashion-MNIST clips: ≈ 40 M per clip). */
const TINY = { stem: 'small' as const, widths: [8, 16, 24, 32], blocks: [1, 1, 1, 1] };
const RES45 = [0, 0, 1, 1];
const ALL = [1, 1, 1, 1];
const NONE = [0, 0, 0, 0];

export const c2dR50 = videoModelDef('c2d-r50', 'C2D ResNet-50 (frames independent, TSN average consensus)', { ...R50, kind: 'none', stages: NONE });
export const tsmR50 = videoModelDef('tsm-r50', 'TSM ResNet-50 (temporal shift 1/8 + 1/8 on every block\'s conv1)', { ...R50, kind: 'tsm', stages: ALL });
export const slowOnlyR50 = videoModelDef('slowonly-r50', 'SlowOnly-like ResNet-50 (3×1×1 conv1 in res4–5)', { ...R50, kind: 'slowonly', stages: RES45 });
export const mvfnetR50 = videoModelDef('mvfnet-r50', 'MVFNet ResNet-50 (MVF α = 1/8, THW, in res4–5)', { ...R50, kind: 'mvf', stages: RES45, mode: 'THW' });
export const mvfnetR101 = videoModelDef('mvfnet-r101', 'MVFNet ResNet-101 (MVF α = 1/8, THW, in res4–5)', { ...R101, kind: 'mvf', stages: RES45, mode: 'THW' });
export const c2dTiny = videoModelDef('c2d-tiny', 'C2D on a small bottleneck ResNet for 32–64 px frames', { ...TINY, kind: 'none', stages: NONE });
export const tsmTiny = videoModelDef('tsm-tiny', 'TSM on a small bottleneck ResNet for 32–64 px frames', { ...TINY, kind: 'tsm', stages: ALL });
export const slowOnlyTiny = videoModelDef('slowonly-tiny', 'SlowOnly-like small bottleneck ResNet (3×1×1 conv1 in stages 3–4)', { ...TINY, kind: 'slowonly', stages: RES45 });
export const mvfnetTTiny = videoModelDef('mvfnet-t-tiny', 'MVFNet (mode T: temporal view only) on a small bottleneck ResNet', { ...TINY, kind: 'mvf', stages: RES45, mode: 'T' });
export const mvfnetThwTiny = videoModelDef('mvfnet-thw-tiny', 'MVFNet (mode THW) on a small bottleneck ResNet', { ...TINY, kind: 'mvf', stages: RES45, mode: 'THW' });

/** Every variant, for the plugin's `models` list. */
export const videoModels = [c2dR50, tsmR50, slowOnlyR50, mvfnetR50, mvfnetR101, c2dTiny, tsmTiny, slowOnlyTiny, mvfnetTTiny, mvfnetThwTiny];
