import { f32, newFloat32, type ArrayKernel } from './array-kernel';

/**
 * ZooSoftmaxCrossEntropy on arrays (kernel-names.ts gives the equation): per row the max, one exp per
 * value, the softmax kept for the backward pass, and the row's loss; labels are class ids when their
 * shape is [B], else dense rows [B, C].
 */
export const softmaxCrossEntropyReference: ArrayKernel = ({ logits, labels }, _attrs, alloc = newFloat32) => {
  const z = logits.values as Float32Array;
  const [B, C] = logits.shape;
  const y = labels.values;
  const sparse = labels.shape.length === 1;
  const p = alloc(B * C); // every value written
  const rowMass = new Float32Array(B);
  let total = 0;
  for (let i = 0, o = 0; i < B; i++, o += C) {
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (z[o + c] > m) m = z[o + c];
    let s = 0;
    for (let c = 0; c < C; c++) {
      const e = Math.exp(z[o + c] - m);
      p[o + c] = e;
      s += e;
    }
    const lse = m + Math.log(s);
    const inv = 1 / s;
    for (let c = 0; c < C; c++) p[o + c] *= inv;
    if (sparse) {
      const k = y[i];
      if (!(k >= 0 && k < C)) throw new Error(`softmaxCrossEntropy: label ${k} at row ${i} is outside [0, ${C})`);
      total += lse - z[o + k];
      rowMass[i] = 1;
    } else {
      let mass = 0;
      for (let c = 0; c < C; c++) {
        const w = y[o + c];
        if (w !== 0) total += w * (lse - z[o + c]);
        mass += w;
      }
      rowMass[i] = mass;
    }
  }
  return [f32(Float32Array.of(total / B), []), f32(p, [B, C]), f32(rowMass, [B])];
};

/** ZooSoftmaxCrossEntropyGrad on arrays: dz_ic = g·(p_ic·mass_i − y_ic), g = dy/B. */
export const softmaxCrossEntropyGradReference: ArrayKernel = ({ dy, probs, labels, rowMass }, _attrs, alloc = newFloat32) => {
  const [B, C] = probs.shape;
  const g = dy.values[0] / B;
  const pv = probs.values as Float32Array;
  const y = labels.values;
  const mass = rowMass.values;
  const sparse = labels.shape.length === 1;
  const d = alloc(B * C);
  for (let i = 0, o = 0; i < B; i++, o += C) {
    const gm = g * mass[i];
    for (let c = 0; c < C; c++) d[o + c] = pv[o + c] * gm;
    if (sparse) d[o + y[i]] -= g;
    else for (let c = 0; c < C; c++) d[o + c] -= g * y[o + c];
  }
  return [f32(d, [B, C])];
};
