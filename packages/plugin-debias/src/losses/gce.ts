import { tf } from '@zoo/core';

/**
 * Generalized cross-entropy (Zhang & Sabuncu 2018) as LfF and DCWP train the bias-capturing model:
 * per example GCE(p, y) = (1 − p_y^q)/q, whose gradient is p_y^q · ∂CE. The code computes it as
 * CE · q · p_y^q with p_y^q held constant, which has that gradient (scaled by q); so do we.
 * logits [B, C], labels [B] → per-example losses [B].
 */
export function generalizedCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, q = 0.7): tf.Tensor1D {
  return tf.tidy(() => {
    const C = logits.shape[1];
    const onehot = tf.oneHot(labels, C);
    const logp = tf.logSoftmax(logits);
    const ce = tf.neg(tf.sum(tf.mul(onehot, logp), 1));
    // the weight q·p_y^q enters as a constant (the code's .detach())
    const py = tf.sum(tf.mul(onehot, tf.softmax(logits)), 1).dataSync();
    const w = tf.tensor1d(Float32Array.from(py, (p) => q * Math.pow(p, q)));
    return tf.mul(ce, w) as tf.Tensor1D;
  });
}

/** Per-example cross-entropy [B]. */
export function crossEntropyPerExample(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => tf.neg(tf.sum(tf.mul(tf.oneHot(labels, logits.shape[1]), tf.logSoftmax(logits)), 1)) as tf.Tensor1D);
}
