import { dispose, losses, oneHot, reshape, tidy, type Scalar, type Tensor, type Tensor1D } from '@tensorflow/tfjs-core';
import { ZooSoftmaxCrossEntropy } from '../kernel-names';
import { detach } from '../detach';
import { backendHasKernel, runKernel } from '../run-kernel';

/**
 * Mean softmax cross-entropy over the rows of `logits` [..., C], fused:
 *   L = (1/B)·Σ_i Σ_c y_ic·(lse_i − z_ic),  lse_i = m_i + log Σ_c exp(z_ic − m_i),  m_i = max_c z_ic
 *   ∂L/∂z_ic = (softmax(z_i)_c·Σ_c' y_ic' − y_ic)/B
 * `labels` are class ids (int32, logits' shape without C) or one-hot rows / distributions (logits' shape);
 * labels get no gradient (teachers in distillation are detached anyway). Same value and gradient as
 * `tf.losses.softmaxCrossEntropy(oneHot, logits)`, but where the backend registers ZooSoftmaxCrossEntropy
 * (blas, cpu, wasm) it is one pass with one exp per value, where tfjs's composition runs ~12 full-size
 * ops and three exps (PyTorch's F.cross_entropy is fused the same way). Other backends get the composition.
 */
export function softmaxCrossEntropy(labels: Tensor, logits: Tensor): Scalar {
  const C = logits.shape[logits.rank - 1];
  const B = logits.size / Math.max(C, 1);
  const sameShape = labels.rank === logits.rank && labels.shape.every((d, i) => d === logits.shape[i]);
  const sparse = !sameShape && labels.rank === logits.rank - 1 && labels.size === B;
  if (!sameShape && !(sparse && labels.dtype === 'int32')) {
    throw new Error(`softmaxCrossEntropy: logits have shape [${logits.shape}] so labels must be ${B} int32 class ids (shape [${logits.shape.slice(0, -1)}]) or one-hot/probabilities of shape [${logits.shape}], got [${labels.shape}] (${labels.dtype})`);
  }
  if (!backendHasKernel(ZooSoftmaxCrossEntropy)) return softmaxCrossEntropyComposition(labels, logits);
  return tidy(() => {
    const z = reshape(logits, [B, C]);
    // detached: labels are targets, no gradient flows into them (a teacher's logits in distillation)
    const y = detach(reshape(labels, sparse ? [B] : [B, C]));
    const [loss, probs, rowMass] = runKernel(ZooSoftmaxCrossEntropy, { logits: z, labels: y });
    dispose([probs, rowMass]);
    return loss as Scalar;
  });
}

/** tfjs's composition (oneHot rows from class ids), as the op runs where the backend lacks the kernel. */
export function softmaxCrossEntropyComposition(labels: Tensor, logits: Tensor): Scalar {
  const C = logits.shape[logits.rank - 1];
  const B = logits.size / Math.max(C, 1);
  const sparse = !(labels.rank === logits.rank);
  return tidy(() => {
    const z = reshape(logits, [B, C]);
    const y = sparse ? oneHot(reshape(labels, [B]) as Tensor1D, C) : reshape(labels, [B, C]);
    return losses.softmaxCrossEntropy(y, z) as Scalar;
  });
}
