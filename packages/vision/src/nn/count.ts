import type { Layer, Shape } from './layer';

/**
 * Parameter and multiply-add counter: walks a layer tree for one example of shape `input`, summing
 *   params = Σ_leaves own trainable parameters,   MACs = Σ_leaves own multiply-adds,
 * with one row per leaf (its path in the tree, input and output shape). Conventions (torchvision's):
 * MACs are those of convolutions and linear layers (one multiply-add per weight use); batch norm,
 * activations, pooling and residual additions cost 0 MACs; BN running statistics are buffers, not
 * parameters. Needs no weights: a tree built without allocating variables counts the same.
 */
export interface CountRow {
  path: string;
  input: Shape;
  output: Shape;
  params: number;
  macs: number;
}

export interface ModelCount {
  params: number;
  macs: number;
  output: Shape;
  rows: CountRow[];
}

export function countModel(root: Layer, input: Shape): ModelCount {
  const rows: CountRow[] = [];
  const walk = (layer: Layer, x: Shape, prefix: string): void => {
    const path = prefix ? `${prefix}.${layer.name}` : layer.name;
    const kids = layer.children?.(x);
    const params = layer.paramCount();
    const macs = layer.macCount(x);
    if (!kids || params || macs) rows.push({ path, input: x, output: layer.outputShape(x), params, macs });
    for (const k of kids ?? []) walk(k.layer, k.input, path);
  };
  walk(root, input, '');
  return {
    params: rows.reduce((a, r) => a + r.params, 0),
    macs: rows.reduce((a, r) => a + r.macs, 0),
    output: root.outputShape(input),
    rows,
  };
}
