import { concatColumns, hardSwish, splitColumns, multiViewConv, tf, type Rng, type VariableStore } from '@zoo/core';
import { BatchNorm, expectImage, kaimingNormal, type ChildInput, type Module, type Shape } from '@zoo/vision';
import { clipsOf, framesOf } from './clip-frames';

/**
 * The multi-view fusion (MVF) module (Wu et al., AAAI 2021, §3.2, Fig. 2; the code's `MVF` in
 * `codes/models/modules/MVF.py`), wrapped around a block's first conv `net` on the residual branch:
 *   x frames [N·T, H, W, C] → clips [N, T, H, W, C];  c = ⌊α·C⌋;  x = [x_a (first c channels), x_b]
 *   x_a ← Σ_views DWConv_view(x_a)    views T (3×1×1), H (1×3×1), W (1×1×3), depthwise, zero pad 1, no bias
 *   x_a ← hardSwish(BN3d(x_a))        when `useHs` (else nothing; no residual inside the module)
 *   y = net(frames(concat(x_a, x_b)))
 * Modes: 'T' (the temporal view only), 'TH', 'THW'. `share`: the T kernel is reused along H and W (the code's
 * `shift_conv` applied to transposed clips). α·C = 0 → y = net(x) exactly (C2D).
 * Init (the code's `_initialize_weights`): each view kernel w ~ N(0, 2/n), n = 3·c (kernel size · out channels).
 * Counts, per frame of shape [H, W, C]: params = 3·c per distinct kernel (+ 2c for the BN, a child);
 * MACs = 3 per view per element of the c-channel slice, views·3·H·W·c (+ the wrapped conv's).
 * Unlike the code, no BN is made when `useHs` is false (the code makes one and leaves it unused).
 */
export type MvfMode = 'T' | 'TH' | 'THW';

export interface MvfSpec {
  /** T: frames per clip at this layer. */
  segments: number;
  /** C: the wrapped conv's input channels. */
  channels: number;
  alpha: number;
  mode: MvfMode;
  share?: boolean;
  useHs?: boolean;
  bnMomentum?: number;
}

const VIEWS: Record<MvfMode, number> = { T: 1, TH: 2, THW: 3 };

export class MultiViewFusion implements Module {
  /** ⌊α·C⌋: the channels that go through the multi-view convolution. */
  readonly fused: number;
  readonly segments: number;
  readonly mode: MvfMode;
  readonly share: boolean;
  readonly useHs: boolean;
  readonly bn?: BatchNorm;
  private store?: VariableStore;

  constructor(
    readonly name: string,
    readonly net: Module,
    spec: MvfSpec,
  ) {
    if (!(spec.alpha >= 0 && spec.alpha <= 1)) throw new Error(`${name}: alpha must be in [0, 1], got ${spec.alpha}`);
    if (!(spec.mode in VIEWS)) throw new Error(`${name}: mode must be T, TH or THW, got ${String(spec.mode)}`);
    this.fused = Math.floor(spec.channels * spec.alpha);
    this.segments = spec.segments;
    this.mode = spec.mode;
    this.share = spec.share ?? false;
    this.useHs = spec.useHs ?? true;
    if (this.fused > 0 && this.useHs) this.bn = new BatchNorm(`${name}_bn`, this.fused, spec.bnMomentum ?? 0.1);
  }

  get views(): number {
    return VIEWS[this.mode];
  }

  /** The distinct kernels the module learns: T, then H and W unless shared. */
  get kernelNames(): string[] {
    if (this.fused === 0) return [];
    const views = ['t', 'h', 'w'].slice(0, this.views);
    return (this.share ? ['t'] : views).map((v) => `${this.name}_w${v}`);
  }

  outputShape(input: Shape): Shape {
    return this.net.outputShape(input);
  }

  paramCount(): number {
    return this.kernelNames.length * 3 * this.fused;
  }

  macCount(input: Shape): number {
    const [h, w] = expectImage(this.name, input);
    return this.views * 3 * h * w * this.fused;
  }

  children(input: Shape): ChildInput[] {
    const [h, w] = expectImage(this.name, input);
    return [...(this.bn ? [{ layer: this.bn, input: [h, w, this.fused] }] : []), { layer: this.net, input }];
  }

  create(store: VariableStore, rng: Rng): void {
    for (const k of this.kernelNames) store.add(k, tf.tensor2d(kaimingNormal(rng, 3 * this.fused, 3 * this.fused), [3, this.fused]), { regularized: true });
    this.bn?.create(store);
    this.net.create(store, rng);
    this.store = store;
  }

  /** The multi-view kernels [wT, wH?, wW?] as multiViewConv takes them (shared: wT three times). */
  private kernels(): [tf.Tensor2D, tf.Tensor2D?, tf.Tensor2D?] {
    if (!this.store) throw new Error(`${this.name}: create(store, rng) was not called before apply`);
    const v = this.store.getWeights();
    const k = (view: string) => v[`${this.name}_w${this.share ? 't' : view}`] as tf.Tensor2D;
    return [k('t'), this.views > 1 ? k('h') : undefined, this.views > 2 ? k('w') : undefined];
  }

  /** The fused input of the wrapped conv (exposed for tests): frames [N·T, H, W, C] → same shape. */
  fuse(x: tf.Tensor, training: boolean): tf.Tensor4D {
    if (this.fused === 0) return x.clone() as tf.Tensor4D;
    return tf.tidy(() => {
      const clips = clipsOf(x, this.segments, this.name);
      const [n, t, h, w, c] = clips.shape;
      // the channel split and the concat as column blocks of [N·T·H·W, C] (splitColumns / concatColumns, row
      // copies): tfjs's cpu Slice / SplitV / Pad on the channel axis go element by element, and dominated the step
      const rows = n * t * h * w;
      const x2 = tf.reshape(clips, [rows, c]) as tf.Tensor2D;
      const [a2, rest] = this.fused === c ? [x2] : splitColumns(x2, [this.fused, c - this.fused]);
      const a = tf.reshape(a2, [n, t, h, w, this.fused]);
      let y: tf.Tensor = multiViewConv(a, ...this.kernels());
      // BatchNorm3d normalizes over N, T, H, W: the same statistics as over the frames N·T, H, W
      if (this.bn) y = hardSwish(this.bn.apply(framesOf(y), training));
      y = tf.reshape(y, [n, t, h, w, this.fused]);
      if (this.fused === c) return framesOf(y);
      return tf.reshape(concatColumns([tf.reshape(y, [rows, this.fused]) as tf.Tensor2D, rest]), [n * t, h, w, c]) as tf.Tensor4D;
    });
  }

  apply(x: tf.Tensor, training: boolean): tf.Tensor {
    if (this.fused === 0) return this.net.apply(x, training);
    return tf.tidy(() => this.net.apply(this.fuse(x, training), training));
  }
}
