import { tf, type Rng, type VariableStore } from '@zoo/core';
import { BatchNorm, bottleneckBlock, Conv2d, MaxPool, Relu, ResidualBlock, resnetStagePlan, Sequential, type Module, type PlannedBlock } from '@zoo/vision';
import { MultiViewFusion, type MvfMode } from './mvf';
import { TemporalConv } from './temporal-conv';
import { TEMPORAL_POOLS, TemporalMaxPool, type TemporalPoolKind } from './temporal-pool';
import { TemporalShift } from './temporal-shift';

/**
 * A bottleneck ResNet on frames [N·T, H, W, C] → features [N·T', h, w, 4·widths[last]] whose blocks' first
 * conv (conv1, on the residual branch) is made temporal in the stages `temporal.stages` flags (the MVF code's
 * `mvf_freq`; every block of a flagged stage, the code's n_round = 1):
 *   'none'      conv1 unchanged: C2D, frames processed independently
 *   'mvf'       MultiViewFusion(conv1)  (MVFNet; α, mode T | TH | THW, share, useHs)   paper: stages (0,0,1,1)
 *   'tsm'       TemporalShift(conv1)    (TSM 'blockres', shift 1/shiftDiv each way)       paper: all stages
 *   'slowonly'  conv1 → a 3×1×1 conv    (SlowOnly's inflated res4–5)                      paper: stages (0,0,1,1)
 * Stems: 'imagenet' = 7×7/2 conv (widths[0]) + BN + ReLU + 3×3/2 max pool (ResNet-50/101 at 224²);
 * 'small' = 3×3/1 conv + BN + ReLU, no pool (32–64 px frames). `temporalPool` ('tsm' or 'c2d', see
 * temporal-pool.ts) adds a max pool over time after res2; later temporal layers are built for T' frames.
 * Blocks are torchvision's v1.5 bottlenecks (stride on the 3×3 conv), names `layer<s>_<b>_conv1`, ….
 */
export type TemporalKind = 'none' | 'mvf' | 'tsm' | 'slowonly';

export interface TemporalSpec {
  kind: TemporalKind;
  /** One flag per stage: 1 = every block of the stage gets the temporal conv1. */
  stages: readonly number[];
  alpha?: number;
  mode?: MvfMode;
  share?: boolean;
  useHs?: boolean;
  shiftDiv?: number;
}

export interface VideoResNetSpec {
  /** T: frames per clip at the input. */
  frames: number;
  inChannels: number;
  stem: 'imagenet' | 'small';
  widths: readonly number[];
  blocks: readonly number[];
  temporal: TemporalSpec;
  temporalPool?: 'none' | TemporalPoolKind;
  bnMomentum?: number;
}

/** The block's conv1 made temporal as `t` says (shortcut and the rest of the branch unchanged). */
function temporalBlock(block: ResidualBlock, b: PlannedBlock, t: TemporalSpec, segments: number, m: number): ResidualBlock {
  const [first, ...rest] = block.main;
  const conv1 = first.layer;
  let layer: Module;
  switch (t.kind) {
    case 'mvf':
      layer = new MultiViewFusion(`${block.name}_mvf`, conv1, { segments, channels: b.cin, alpha: t.alpha ?? 0.125, mode: t.mode ?? 'THW', share: t.share, useHs: t.useHs, bnMomentum: m });
      break;
    case 'tsm':
      layer = new TemporalShift(`${block.name}_shift`, conv1, segments, t.shiftDiv ?? 8);
      break;
    case 'slowonly':
      layer = new TemporalConv(conv1.name, b.cin, b.width, segments);
      break;
    default:
      return block;
  }
  return new ResidualBlock(block.name, [{ layer, relu: first.relu }, ...rest], block.shortcut);
}

export class VideoResNet extends Sequential<Module> implements Module {
  /** Frames per clip each of `layers` sees (T before the temporal pool, T' after). */
  readonly segmentsAt: number[];
  /** Frames per clip of the output. */
  readonly segmentsOut: number;
  /** Output channels (4·widths[last]). */
  readonly outChannels: number;

  constructor(readonly spec: VideoResNetSpec) {
    const { widths, blocks, temporal } = spec;
    if (widths.length !== blocks.length || temporal.stages.length !== widths.length) {
      throw new Error(`video resnet: ${widths.length} widths, ${blocks.length} block counts and ${temporal.stages.length} temporal stage flags (one each per stage)`);
    }
    const m = spec.bnMomentum ?? 0.1;
    const layers: Module[] = [];
    const segmentsAt: number[] = [];
    let segments = spec.frames;
    const push = (l: Module) => {
      layers.push(l);
      segmentsAt.push(segments);
    };
    const imagenet = spec.stem === 'imagenet';
    push(new Conv2d('stem', { cin: spec.inChannels, cout: widths[0], k: imagenet ? 7 : 3, stride: imagenet ? 2 : 1, pad: imagenet ? 3 : 1 }));
    push(new BatchNorm('stem_bn', widths[0], m));
    push(new Relu('stem_relu'));
    if (imagenet) push(new MaxPool('pool', 3, 2, 1));
    for (const b of resnetStagePlan(widths[0], widths, blocks, 4)) {
      const block = bottleneckBlock(`layer${b.stage + 1}_${b.block}`, b, m);
      push(temporal.stages[b.stage] ? temporalBlock(block, b, temporal, segments, m) : block);
      const pool = spec.temporalPool ?? 'none';
      if (b.stage === 0 && b.block === blocks[0] - 1 && pool !== 'none' && widths.length > 1) {
        const p = new TemporalMaxPool('temporal_pool', segments, TEMPORAL_POOLS[pool]);
        push(p);
        segments = p.segmentsOut;
      }
    }
    super('backbone', layers);
    this.segmentsAt = segmentsAt;
    this.segmentsOut = segments;
    this.outChannels = widths[widths.length - 1] * 4;
  }

  create(store: VariableStore, rng: Rng): void {
    for (const l of this.layers) l.create(store, rng);
  }

  apply(x: tf.Tensor, training: boolean): tf.Tensor4D {
    const t = this.spec.frames;
    if (x.rank !== 4 || x.shape[0] % t !== 0) throw new Error(`backbone: expected frames [N·${t}, H, W, C], got [${x.shape.join(', ')}]`);
    return tf.tidy(() => this.layers.reduce((h, l) => l.apply(h, training), x) as tf.Tensor4D);
  }
}
