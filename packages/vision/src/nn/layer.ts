/**
 * The layer contract of `nn/`: a model is a tree of layers. Every layer says, for the shape of one
 * example (NHWC without N: [H, W, C], or [F] after pooling), its output shape; a leaf also reports its
 * own trainable parameters and multiply-adds (MACs), a container which child sees which input shape.
 * `countModel` walks the tree from these alone, so counting needs no weights (shapes only).
 */
export type Shape = readonly number[];

export interface ChildInput {
  layer: Layer;
  input: Shape;
}

export interface Layer {
  readonly name: string;
  outputShape(input: Shape): Shape;
  /** Own trainable parameters (containers: 0, their children report theirs). */
  paramCount(): number;
  /** Own multiply-adds for one example of shape `input` (containers: 0). */
  macCount(input: Shape): number;
  /** A container's children, each with the input shape it sees. */
  children?(input: Shape): ChildInput[];
}

/** Checks an [H, W, C] input with C channels. */
export function expectImage(layer: string, input: Shape, channels?: number): [number, number, number] {
  if (input.length !== 3) throw new Error(`${layer}: expected an [H, W, C] input, got [${input.join(', ')}]`);
  if (channels !== undefined && input[2] !== channels) throw new Error(`${layer}: expected ${channels} channels, got ${input[2]}`);
  return [input[0], input[1], input[2]];
}

/** Output size of a window op: ⌊(n + 2p − k) / s⌋ + 1. */
export function windowOut(n: number, k: number, stride: number, pad: number): number {
  const out = Math.floor((n + 2 * pad - k) / stride) + 1;
  if (out < 1) throw new Error(`a ${k}×${k} window (stride ${stride}, padding ${pad}) does not fit an input of ${n}`);
  return out;
}

/** The shape after applying `layers` in order to `input`. */
export function chainOutputShape(layers: readonly Layer[], input: Shape): Shape {
  return layers.reduce((s, l) => l.outputShape(s), input);
}

/** Each of `layers` with the input shape it sees when they are applied in order to `input`. */
export function chainChildren(layers: readonly Layer[], input: Shape): ChildInput[] {
  const out: ChildInput[] = [];
  let s = input;
  for (const layer of layers) {
    out.push({ layer, input: s });
    s = layer.outputShape(s);
  }
  return out;
}

/** A container: no parameters or multiply-adds of its own (its children report theirs). */
export abstract class LayerGroup implements Layer {
  abstract readonly name: string;
  abstract outputShape(input: Shape): Shape;
  abstract children(input: Shape): ChildInput[];

  paramCount(): number {
    return 0;
  }

  macCount(): number {
    return 0;
  }
}

/** Layers applied one after another: each child sees the previous one's output. */
export class Sequential<L extends Layer = Layer> extends LayerGroup {
  constructor(
    readonly name: string,
    readonly layers: readonly L[],
  ) {
    super();
  }

  outputShape(input: Shape): Shape {
    return chainOutputShape(this.layers, input);
  }

  children(input: Shape): ChildInput[] {
    return chainChildren(this.layers, input);
  }
}
