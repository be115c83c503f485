import { temporalShift, tf, type Rng, type VariableStore } from '@zoo/core';
import type { ChildInput, Module, Shape } from '@zoo/vision';

/**
 * TSM's temporal shift (Lin et al., ICCV 2019) in mmaction2's 'blockres' place (`ResNetTSM`,
 * `TemporalShift(b.conv1.conv)`): the shift runs on the input of a block's first conv on the residual branch,
 *   y = net(shift(x)),   shift: fold = ⌊C / shiftDiv⌋ channels take frame t + 1, the next fold take t − 1,
 *                        zero at the clip ends, the rest stay (core's `temporalShift`, x frames [N·T, H, W, C]).
 * The shortcut of the block sees the unshifted x. The shift has no parameters and no multiply-adds.
 */
export class TemporalShift implements Module {
  constructor(
    readonly name: string,
    readonly net: Module,
    readonly segments: number,
    readonly shiftDiv = 8,
  ) {
    if (!Number.isInteger(shiftDiv) || shiftDiv < 1) throw new Error(`${name}: shiftDiv must be a positive integer, got ${shiftDiv}`);
  }

  outputShape(input: Shape): Shape {
    return this.net.outputShape(input);
  }

  paramCount(): number {
    return 0;
  }

  macCount(): number {
    return 0;
  }

  children(input: Shape): ChildInput[] {
    return [{ layer: this.net, input }];
  }

  create(store: VariableStore, rng: Rng): void {
    this.net.create(store, rng);
  }

  apply(x: tf.Tensor, training: boolean): tf.Tensor {
    if (x.rank !== 4) throw new Error(`${this.name}: expected frames [N·T, H, W, C], got [${x.shape.join(', ')}]`);
    return tf.tidy(() => this.net.apply(temporalShift(x as tf.Tensor4D, this.segments, this.shiftDiv), training));
  }
}
