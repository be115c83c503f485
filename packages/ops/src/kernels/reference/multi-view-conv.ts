import type { MultiViewConvViews, ZooMultiViewConvAttrs } from '../../kernel-names';
import { f32, inputList, newFloat32, type ArrayKernel } from './array-kernel';

/**
 * ZooMultiViewConv and its gradient on arrays (kernel-names.ts has the equations): x [N, T, H, W, C] viewed,
 * per view, as [outer, L, s] with the view's axis of length L and stride s (T: [N, T, H·W·C], H: [N·T, H, W·C],
 * W: [N·T·H, W, C]), so one 3-tap loop serves the three views. The typed-array loops are exported for the
 * backends that fall back on them (blas without its C library).
 */
export interface MvfDims {
  N: number;
  T: number;
  H: number;
  W: number;
  C: number;
}

export function mvfDims(shape: number[]): MvfDims {
  if (shape.length !== 5) throw new Error(`ZooMultiViewConv: expected x [N, T, H, W, C], got [${shape.join(', ')}]`);
  const [N, T, H, W, C] = shape;
  return { N, T, H, W, C };
}

/** [outer, L, s] of each view, in the order of `views`. */
export function mvfAxes(d: MvfDims, views: MultiViewConvViews): [number, number, number][] {
  const all: Record<string, [number, number, number]> = { T: [d.N, d.T, d.H * d.W * d.C], H: [d.N * d.T, d.H, d.W * d.C], W: [d.N * d.T * d.H, d.W, d.C] };
  return [...views].map((v) => all[v]);
}

/** y += Σ_j w[j]·x[l + j − 1] along one axis ([outer, L, s] view; channel c = index mod C); `flip` reverses the taps. */
function addAlongAxis(x: ArrayLike<number>, w: ArrayLike<number>, y: Float32Array, [outer, L, s]: [number, number, number], C: number, flip: boolean): void {
  const [j0, j2] = flip ? [2 * C, 0] : [0, 2 * C];
  for (let o = 0; o < outer; o++)
    for (let l = 0; l < L; l++) {
      const base = (o * L + l) * s;
      for (let p = 0; p < s; p += C)
        for (let c = 0; c < C; c++) {
          const i = base + p + c;
          let a = w[C + c] * x[i];
          if (l > 0) a += w[j0 + c] * x[i - s];
          if (l < L - 1) a += w[j2 + c] * x[i + s];
          y[i] += a;
        }
    }
}

/** y = the multi-view convolution of x (every value of y written); `flip`: the taps reversed (∂x from ∂y). */
export function mvfForwardLoop(x: ArrayLike<number>, d: MvfDims, views: MultiViewConvViews, ws: ArrayLike<number>[], y: Float32Array, flip = false): Float32Array {
  y.fill(0);
  mvfAxes(d, views).forEach((axis, v) => addAlongAxis(x, ws[v], y, axis, d.C, flip));
  return y;
}

/** ∂w_v[j, c] = Σ dy·x shifted by j − 1 along view v's axis (float64 sums), for each view. */
export function mvfFilterGradLoop(dy: ArrayLike<number>, x: ArrayLike<number>, d: MvfDims, views: MultiViewConvViews): Float32Array[] {
  const C = d.C;
  return mvfAxes(d, views).map(([outer, L, s]) => {
    const acc = new Float64Array(3 * C);
    for (let o = 0; o < outer; o++)
      for (let l = 0; l < L; l++) {
        const base = (o * L + l) * s;
        for (let p = 0; p < s; p += C)
          for (let c = 0; c < C; c++) {
            const i = base + p + c;
            const g = dy[i];
            if (l > 0) acc[c] += g * x[i - s];
            acc[C + c] += g * x[i];
            if (l < L - 1) acc[2 * C + c] += g * x[i + s];
          }
      }
    return Float32Array.from(acc);
  });
}

export const multiViewConvReference: ArrayKernel = (inputs, attrs, alloc = newFloat32) => {
  const { views } = attrs as unknown as ZooMultiViewConvAttrs;
  const [x, ...ws] = inputList(inputs);
  const d = mvfDims(x.shape);
  return [f32(mvfForwardLoop(x.values, d, views, ws.map((w) => w.values), alloc(x.values.length)), x.shape)];
};

export const multiViewConvGradReference: ArrayKernel = (inputs, attrs, alloc = newFloat32) => {
  const { views } = attrs as unknown as ZooMultiViewConvAttrs;
  const [dy, x, ...ws] = inputList(inputs);
  const d = mvfDims(x.shape);
  const dx = mvfForwardLoop(dy.values, d, views, ws.map((w) => w.values), alloc(x.values.length), true);
  return [f32(dx, x.shape), ...mvfFilterGradLoop(dy.values, x.values, d, views).map((g) => f32(g, [3, d.C]))];
};
