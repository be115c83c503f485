import { tf, type Rng, type VariableStore } from '@zoo/core';
import { BatchNorm } from './batch-norm';
import { Conv2d } from './conv2d';
import { Sequential } from './layer';
import { Linear } from './linear';
import type { Module } from './module';
import { basicBlock, bottleneckBlock } from './resnet-blocks';
import { resnetStagePlan } from './stage-plan';
import { GlobalAvgPool, MaxPool, Relu } from './simple-layers';

/**
 * torchvision's ImageNet ResNets (He et al. 2016): 7×7/2 stem conv (64) → BN → ReLU → 3×3/2 max pool,
 * four stages of basic blocks (18, 34) or bottlenecks (50, 101, 152) at widths 64/128/256/512, global
 * average pool, linear. x [B, H, W, 3] → logits [B, classes]. Layers are made at construction without
 * weights, so a ResNet-50 can be counted (`countModel`) without allocating its 25.6 M parameters;
 * `create(store, rng)` allocates them.
 */
export const RESNET_DEPTHS = {
  18: { blocks: [2, 2, 2, 2], bottleneck: false },
  34: { blocks: [3, 4, 6, 3], bottleneck: false },
  50: { blocks: [3, 4, 6, 3], bottleneck: true },
  101: { blocks: [3, 4, 23, 3], bottleneck: true },
  152: { blocks: [3, 8, 36, 3], bottleneck: true },
} as const;
export type ResNetDepth = keyof typeof RESNET_DEPTHS;

export interface ResNetSpec {
  depth: ResNetDepth;
  classes?: number;
  inChannels?: number;
  widths?: readonly number[];
  bnMomentum?: number;
}

/** The ResNet's layers in order: stem, the planned blocks, pool and classifier. */
function resnetLayers(spec: ResNetSpec): Module[] {
  const { blocks, bottleneck } = RESNET_DEPTHS[spec.depth];
  const widths = spec.widths ?? [64, 128, 256, 512];
  const m = spec.bnMomentum ?? 0.1;
  const expansion = bottleneck ? 4 : 1;
  const plan = resnetStagePlan(widths[0], widths, blocks, expansion);
  const block = bottleneck ? bottleneckBlock : basicBlock;
  return [
    new Conv2d('stem', { cin: spec.inChannels ?? 3, cout: widths[0], k: 7, stride: 2, pad: 3 }),
    new BatchNorm('stem_bn', widths[0], m),
    new Relu('stem_relu'),
    new MaxPool('pool', 3, 2, 1),
    ...plan.map((b) => block(`layer${b.stage + 1}_${b.block}`, b, m)),
    new GlobalAvgPool('avgpool'),
    new Linear('fc', widths[widths.length - 1] * expansion, spec.classes ?? 1000),
  ];
}

export class ResNet extends Sequential<Module> implements Module {
  constructor(spec: ResNetSpec) {
    super('resnet', resnetLayers(spec));
  }

  create(store: VariableStore, rng: Rng): void {
    for (const l of this.layers) l.create(store, rng);
  }

  apply(x: tf.Tensor, training: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      return this.layers.reduce((h, l) => l.apply(h, training), x) as tf.Tensor2D;
    });
  }
}
