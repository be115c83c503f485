import { tf, z, boundedInt, LIMITS, type ModelDef, type Rng } from '@zoo/core';
import { kaimingNormal, requireImageShape, resnetStagePlan } from '@zoo/vision';
import { PARK_2023 } from '../papers';
import { maskSchemaFields } from './masked-cnn';
import { MaskedNet, pad } from './masked-net';

/**
 * ResNet-18 with every conv and the classifier maskable: the torchvision layout the DCWP code uses for
 * CIFAR-10-C, BFFHQ and CelebA (`GateResNet18`): 7×7/2 stem conv, BN, ReLU, 3×3/2 max pool, four stages
 * of two BasicBlocks (3×3 conv–BN–ReLU–3×3 conv–BN, + identity or 1×1/2 conv–BN shortcut, ReLU) with
 * 64/128/256/512 channels, global average pool, linear. Convs are Kaiming-normal (fan_out), no bias.
 * Shapes: x [B, H, W, 3] → features [B, 512] → logits [B, C].
 */
export const maskedResNetConfigSchema = z
  .object({
    widths: z.array(boundedInt(1, LIMITS.width)).length(4).default([64, 128, 256, 512]),
    blocks: z.array(boundedInt(1, LIMITS.depth)).length(4).default([2, 2, 2, 2]),
    ...maskSchemaFields,
  })
  .strict();
export type MaskedResNetConfig = z.output<typeof maskedResNetConfigSchema>;

export class MaskedResNet extends MaskedNet {
  private readonly plan: { name: string; stride: number; shortcut: boolean }[] = [];

  constructor(
    readonly config: MaskedResNetConfig,
    classes: number,
    rng: Rng,
  ) {
    super(config, classes, rng);
    this.kaiming('stem', 7, 3, config.widths[0]);
    this.addBn('stem_bn', config.widths[0]);
    for (const b of resnetStagePlan(config.widths[0], config.widths, config.blocks)) {
      const name = `l${b.stage + 1}b${b.block + 1}`;
      this.kaiming(`${name}_conv1`, 3, b.cin, b.width);
      this.addBn(`${name}_bn1`, b.width);
      this.kaiming(`${name}_conv2`, 3, b.width, b.width);
      this.addBn(`${name}_bn2`, b.width);
      if (b.shortcut) {
        this.kaiming(`${name}_down`, 1, b.cin, b.width);
        this.addBn(`${name}_down_bn`, b.width);
      }
      this.plan.push({ name, stride: b.stride, shortcut: b.shortcut });
    }
    this.addClassifier(config.widths[config.widths.length - 1]);
  }

  /** A masked conv with kaiming_normal_(mode='fan_out', nonlinearity='relu'): N(0, 2/(k²·c_out)). */
  private kaiming(name: string, k: number, cin: number, cout: number): void {
    this.addMasked(name, [k, k, cin, cout], cin * k * k);
    const w = this.store.getWeights()[`${name}_w`] as tf.Variable;
    tf.tidy(() => w.assign(tf.tensor(kaimingNormal(this.rng, w.size, k * k * cout), w.shape)));
  }

  sibling(rng: Rng): MaskedResNet {
    return new MaskedResNet(this.config, this.classes, rng);
  }

  run(x: tf.Tensor4D, training: boolean): { logits: tf.Tensor2D; features: tf.Tensor2D } {
    return tf.tidy(() => {
      let h = tf.relu(this.bn('stem_bn', this.conv('stem', x, 2, pad(3)), training));
      h = tf.maxPool(h, 3, 2, 1);
      for (const { name, stride, shortcut } of this.plan) {
        const out = this.bn(`${name}_bn2`, this.conv(`${name}_conv2`, tf.relu(this.bn(`${name}_bn1`, this.conv(`${name}_conv1`, h, stride, pad(1)), training)), 1, pad(1)), training);
        const id = shortcut ? this.bn(`${name}_down_bn`, this.conv(`${name}_down`, h, stride, 'valid'), training) : h;
        h = tf.relu(tf.add(out, id)) as tf.Tensor4D;
      }
      const features = tf.mean(h, [1, 2]) as tf.Tensor2D;
      return { logits: this.classify(features), features };
    });
  }
}

export const maskedResNet18: ModelDef<typeof maskedResNetConfigSchema> = {
  id: 'resnet18-masked',
  task: 'classification',
  description: 'ResNet-18 (torchvision layout) with every conv and the classifier maskable, for DCWP on image datasets',
  paper: PARK_2023,
  configSchema: maskedResNetConfigSchema,
  create(config, ctx) {
    requireImageShape(ctx.dataset, 'resnet18-masked');
    return new MaskedResNet(config, ctx.dataset.meta.numClasses, ctx.rng);
  },
};
