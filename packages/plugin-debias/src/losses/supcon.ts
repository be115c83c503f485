import { tf } from '@zoo/core';

/**
 * DCWP's debiased supervised contrastive loss (Sec. 4.3; the code's `DebiasedSupConLoss`, one view):
 * features z_i are L2-normalized, s_ij = z_i·z_j / T. Positives of anchor i are the j ≠ i of the same
 * class where i or j is a mined (bias-conflicting proxy) example; anchors without positives are left out.
 *   ℓ_i = −(T/T_b) · mean_{j ∈ P(i)} [ s_ij − log Σ_{k ≠ i} exp(s_ik) ],  L = mean_i ℓ_i
 * features [B, D], labels and mined flags per example (constants) → scalar (0 when no anchor has a positive).
 */
export function debiasedSupCon(features: tf.Tensor2D, labels: ArrayLike<number>, mined: ArrayLike<number>, temperature = 0.07, baseTemperature = 0.07): tf.Scalar {
  const B = features.shape[0];
  if (labels.length !== B || mined.length !== B) throw new Error(`debiasedSupCon: ${B} features but ${labels.length} labels and ${mined.length} mined flags`);
  const pos = new Float32Array(B * B);
  const valid = new Float32Array(B);
  let anchors = 0;
  for (let i = 0; i < B; i++) {
    let c = 0;
    for (let j = 0; j < B; j++) {
      if (j !== i && labels[i] === labels[j] && (mined[i] || mined[j])) {
        pos[i * B + j] = 1;
        c++;
      }
    }
    if (c > 0) {
      for (let j = 0; j < B; j++) pos[i * B + j] /= c;
      valid[i] = 1;
      anchors++;
    }
  }
  if (anchors === 0) return tf.scalar(0);
  return tf.tidy(() => {
    // √(‖f‖² + ε²) rather than ‖f‖: finite gradient for an all-zero feature row (a fully pruned layer)
    const z = tf.div(features, tf.sqrt(tf.add(tf.sum(tf.square(features), 1, true), 1e-24)));
    // s_ij − 1/T: the shift (cosines are ≤ 1) keeps exp() in range and cancels in the log-ratio
    const s = tf.sub(tf.div(tf.matMul(z, z, false, true), temperature), 1 / temperature);
    const offDiag = tf.sub(tf.onesLike(s), tf.eye(B));
    const logZ = tf.log(tf.sum(tf.mul(tf.exp(s), offDiag), 1, true));
    const logProb = tf.sub(s, logZ);
    const perAnchor = tf.sum(tf.mul(tf.tensor2d(pos, [B, B]), logProb), 1);
    return tf.mul(tf.sum(tf.mul(perAnchor, tf.tensor1d(valid))), -(temperature / baseTemperature) / anchors) as tf.Scalar;
  });
}
