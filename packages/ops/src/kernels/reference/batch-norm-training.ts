import type { ZooBatchNormTrainingAttrs, ZooBatchNormTrainingGradAttrs } from '../../kernel-names';
import { f32, newFloat32, type ArrayKernel, type ArrayTensor } from './array-kernel';
import { jsChannelPasses, type ChannelPasses } from './channel-loops';

/**
 * ZooBatchNormTraining and its gradient on arrays (equations in kernel-names.ts), two channel passes
 * each; `passes` are the JS loops by default, or a backend's faster ones (same arithmetic).
 */
export function batchNormTrainingWith(passes: ChannelPasses): ArrayKernel {
  return ({ x, gamma, beta }, attrs, alloc = newFloat32) => {
    const { epsilon, relu } = attrs as unknown as ZooBatchNormTrainingAttrs;
    const xv = x.values as Float32Array;
    const gv = gamma.values;
    const bv = beta.values;
    const C = x.shape[x.shape.length - 1];
    const M = xv.length / C;
    const mean = new Float64Array(C);
    const variance = new Float64Array(C);
    passes.channelMoments(xv, M, C, mean, variance);
    const invStd = new Float32Array(C);
    const scale = new Float32Array(C);
    const shift = new Float32Array(C);
    for (let c = 0; c < C; c++) {
      invStd[c] = 1 / Math.sqrt(variance[c] + epsilon);
      scale[c] = gv[c] * invStd[c];
      shift[c] = bv[c] - mean[c] * scale[c];
    }
    const y = alloc(xv.length);
    passes.scaleShift(xv, scale, shift, y, M, C, relu);
    return [f32(y, x.shape), f32(Float32Array.from(mean), [C]), f32(Float32Array.from(variance), [C]), f32(invStd, [C])];
  };
}

export function batchNormTrainingGradWith(passes: ChannelPasses): ArrayKernel {
  return (inputs, attrs, alloc = newFloat32) => {
    const { relu } = attrs as unknown as ZooBatchNormTrainingGradAttrs;
    const { dy, x, gamma, mean, invStd } = inputs;
    const yIn: ArrayTensor | undefined = relu ? inputs.y : undefined;
    const dyv = dy.values as Float32Array;
    const xd = x.values as Float32Array;
    const gd = gamma.values;
    const md = mean.values as Float32Array;
    const id = invStd.values;
    const yd = yIn ? (yIn.values as Float32Array) : null;
    const C = x.shape[x.shape.length - 1];
    const M = xd.length / C;
    // ∂β = Σ g, ∂γ = Σ g·x̂ = inv·Σ g·(x − μ), with g = ∂y (masked by y > 0 under the fused ReLU)
    const dBeta = new Float64Array(C);
    const sdyx = new Float64Array(C);
    passes.bnBackwardSums(dyv, xd, yd, md, M, C, dBeta, sdyx);
    const dGamma = new Float32Array(C);
    const k1 = new Float32Array(C);
    const k2 = new Float32Array(C);
    const k3 = new Float32Array(C);
    for (let c = 0; c < C; c++) {
      dGamma[c] = sdyx[c] * id[c];
      // ∂x = γ·inv/M · (M·g − ∂β − x̂·∂γ) = k1·g + k2·x + k3
      const a = gd[c] * id[c];
      k1[c] = a;
      k2[c] = (-a / M) * dGamma[c] * id[c];
      k3[c] = (-a / M) * dBeta[c] - k2[c] * md[c];
    }
    const dx = alloc(xd.length);
    passes.bnBackwardApply(dyv, xd, yd, k1, k2, k3, dx, M, C);
    return [f32(dx, x.shape), f32(dGamma, [C]), f32(Float32Array.from(dBeta), [C])];
  };
}

export const batchNormTrainingReference = batchNormTrainingWith(jsChannelPasses);
export const batchNormTrainingGradReference = batchNormTrainingGradWith(jsChannelPasses);
