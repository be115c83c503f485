import type { Tensor, Tensor1D } from '@tensorflow/tfjs-core';
import { dispose } from '@tensorflow/tfjs-core';
import { batchNormTraining, batchNormTrainingComposition } from '../ops/batch-norm-training';
import type { OpCase } from './check-op';

/**
 * An OpCase for `batchNormTraining` (`@zoo/ops/testing`): y = BN(x; γ, β, ε = 1e-5) (+ ReLU) for x of
 * `shape` (channels last, C = shape[-1]) against `batchNormTrainingComposition`; the batch statistics are
 * disposed, y compared. `inputs(n, C)` makes x (n = ∏ shape), γ [C] and β [C]; the name is the shape,
 * '+ relu' and `label`; the tolerance (default 1e-4) applies to the value and the gradients.
 */
export function batchNormTrainingCase(
  shape: number[],
  relu: boolean,
  c: { label: string; inputs: (n: number, C: number) => Tensor[]; tolerance?: number },
): OpCase {
  const n = shape.reduce((a, b) => a * b, 1);
  const C = shape[shape.length - 1];
  const pick = (f: typeof batchNormTraining) => (x: Tensor, g: Tensor, b: Tensor) => {
    const o = f(x, g as Tensor1D, b as Tensor1D, 1e-5, { relu });
    dispose([o.mean, o.variance]);
    return o.y;
  };
  return {
    name: `${shape.join('×')}${relu ? ' + relu' : ''}${c.label}`,
    inputs: () => c.inputs(n, C),
    op: pick(batchNormTraining),
    composition: pick(batchNormTrainingComposition),
    valueTolerance: c.tolerance ?? 1e-4,
    gradTolerance: c.tolerance ?? 1e-4,
  };
}
