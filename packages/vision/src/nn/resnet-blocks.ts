import { relu, tf, type Rng, type VariableStore } from '@zoo/core';
import { BatchNorm } from './batch-norm';
import { Conv2d } from './conv2d';
import { chainChildren, chainOutputShape, LayerGroup, type ChildInput, type Shape } from './layer';
import type { Module } from './module';
import type { PlannedBlock } from './stage-plan';

/**
 * Residual blocks of torchvision's ResNets, NHWC:
 *   out = ReLU(F(x) + S(x)),   S = identity, or 1×1 conv (stride s) + BN when the plan says `shortcut`
 *   basic block (expansion 1):      F = BN ∘ conv3×3 ∘ ReLU ∘ BN ∘ conv3×3/s
 *   bottleneck (expansion 4, v1.5): F = BN ∘ conv1×1↑ ∘ ReLU ∘ BN ∘ conv3×3/s ∘ ReLU ∘ BN ∘ conv1×1↓
 * (the stride on the 3×3 conv, as torchvision). Convs have no bias (BN follows). Variables are named
 * `<block>_conv1`, `<block>_bn1`, …, `<block>_down`, `<block>_down_bn`.
 */
export class ResidualBlock extends LayerGroup implements Module {
  /** The residual branch F as (layer, ReLU after it?) steps. */
  readonly main: { layer: Module; relu: boolean }[];
  readonly shortcut: Module[];

  constructor(
    readonly name: string,
    main: { layer: Module; relu: boolean }[],
    shortcut: Module[],
  ) {
    super();
    this.main = main;
    this.shortcut = shortcut;
  }

  outputShape(input: Shape): Shape {
    const out = chainOutputShape(this.main.map((m) => m.layer), input);
    const id = chainOutputShape(this.shortcut, input);
    if (out.join('x') !== id.join('x')) throw new Error(`${this.name}: residual [${out.join(', ')}] and shortcut [${id.join(', ')}] differ`);
    return out;
  }

  children(input: Shape): ChildInput[] {
    return [...chainChildren(this.main.map((m) => m.layer), input), ...chainChildren(this.shortcut, input)];
  }

  create(store: VariableStore, rng: Rng): void {
    for (const m of this.main) m.layer.create(store, rng);
    for (const m of this.shortcut) m.create(store, rng);
  }

  apply(x: tf.Tensor, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      let h = x;
      for (const m of this.main) {
        h = m.layer.apply(h, training);
        if (m.relu) h = relu(h); // ZooRelu: its gradient is one select pass (tfjs's: step(x) then a multiply)
      }
      const id = this.shortcut.reduce((s, m) => m.apply(s, training), x);
      return relu(tf.add(h, id)) as tf.Tensor4D;
    });
  }
}

const conv = (name: string, cin: number, cout: number, k: number, stride = 1) => new Conv2d(name, { cin, cout, k, stride, pad: (k - 1) / 2 });

function projection(name: string, b: PlannedBlock, momentum: number): Module[] {
  return b.shortcut ? [conv(`${name}_down`, b.cin, b.cout, 1, b.stride), new BatchNorm(`${name}_down_bn`, b.cout, momentum)] : [];
}

/** torchvision's BasicBlock for one planned block (expansion 1). */
export function basicBlock(name: string, b: PlannedBlock, bnMomentum = 0.1): ResidualBlock {
  return new ResidualBlock(
    name,
    [
      { layer: conv(`${name}_conv1`, b.cin, b.width, 3, b.stride), relu: false },
      { layer: new BatchNorm(`${name}_bn1`, b.width, bnMomentum), relu: true },
      { layer: conv(`${name}_conv2`, b.width, b.cout, 3), relu: false },
      { layer: new BatchNorm(`${name}_bn2`, b.cout, bnMomentum), relu: false },
    ],
    projection(name, b, bnMomentum),
  );
}

/** torchvision's Bottleneck (v1.5: stride on the 3×3 conv) for one planned block (expansion 4). */
export function bottleneckBlock(name: string, b: PlannedBlock, bnMomentum = 0.1): ResidualBlock {
  return new ResidualBlock(
    name,
    [
      { layer: conv(`${name}_conv1`, b.cin, b.width, 1), relu: false },
      { layer: new BatchNorm(`${name}_bn1`, b.width, bnMomentum), relu: true },
      { layer: conv(`${name}_conv2`, b.width, b.width, 3, b.stride), relu: false },
      { layer: new BatchNorm(`${name}_bn2`, b.width, bnMomentum), relu: true },
      { layer: conv(`${name}_conv3`, b.width, b.cout, 1), relu: false },
      { layer: new BatchNorm(`${name}_bn3`, b.cout, bnMomentum), relu: false },
    ],
    projection(name, b, bnMomentum),
  );
}
