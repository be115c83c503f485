import { softmaxCrossEntropy, tf } from '@zoo/core';
import type { HeadOutputs } from './joint-resnet';

/**
 * Joint A-SNN's training loss (Guo et al. 2023, Sec. 3.2, in the form of the self-distillation code it
 * builds on, "Be Your Own Teacher"), with H heads per network (side heads first, final last):
 *   L = (1 − α)·Σ_k [CE(ann_k, y) + CE(snn_k, y)]
 *     + α·τ²·[Σ_{k<H} KD(ann_k ← ann_H) + Σ_k KD(snn_k ← ann_k)]
 *     + β·Σ_k F(snn_fea_k, ann_fea_k)
 *   KD(s ← t) = −(1/B)·Σ_i Σ_c softmax(t_i/τ)_c·log softmax(s_i/τ)_c      (teacher detached)
 *   F(s, t)   = Σ (s − t)²·1[s > 0 ∨ t > 0]                                    (teacher detached)
 * with α = 0.1, β = 1e-6, τ = 3. CE is the batch mean. Without an ANN (the SNN alone) only the SNN's CE
 * terms remain, at full weight.
 */
export interface JointLossOptions {
  alpha: number;
  beta: number;
  temperature: number;
}

/** Identity forward, zero gradient: the teacher side of a distillation term. */
export function detach<T extends tf.Tensor>(x: T): T {
  const f = tf.customGrad(((a: tf.Tensor) => ({ value: a.clone(), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) })) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(x) as T;
}

/** KD(student ← teacher) at temperature τ, without the τ² factor; the teacher gets no gradient. */
export function kdLoss(student: tf.Tensor2D, teacher: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => softmaxCrossEntropy(tf.softmax(tf.div(teacher, temperature)), tf.div(student, temperature)));
}

/** Σ (s − t)² where s > 0 or t > 0; the teacher t gets no gradient. */
export function maskedFeatureLoss(student: tf.Tensor, teacher: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const t = detach(teacher);
    // the mask is a constant built from the values (boolean ops cannot sit on tfjs's gradient tape)
    const sv = student.dataSync();
    const tv = teacher.dataSync();
    const mask = tf.tensor(Float32Array.from(sv, (s, i) => (s > 0 || tv[i] > 0 ? 1 : 0)), student.shape);
    return tf.sum(tf.mul(tf.square(tf.sub(student, t)), mask)) as tf.Scalar;
  });
}

export function jointLoss(out: { ann?: HeadOutputs; snn: HeadOutputs }, labels: tf.Tensor1D, opts: JointLossOptions): tf.Scalar {
  return tf.tidy(() => {
    const { ann, snn } = out;
    const ce = (logits: tf.Tensor2D[]) => logits.map((l) => softmaxCrossEntropy(labels, l));
    if (!ann) return tf.addN(ce(snn.logits)) as tf.Scalar;
    if (ann.logits.length !== snn.logits.length) throw new Error(`jointLoss: ${ann.logits.length} ANN heads but ${snn.logits.length} SNN heads`);
    const { alpha, beta, temperature: tau } = opts;
    const terms: tf.Scalar[] = [tf.mul(tf.addN([...ce(ann.logits), ...ce(snn.logits)]), 1 - alpha) as tf.Scalar];
    if (alpha > 0) {
      const H = ann.logits.length;
      const kd = [
        ...ann.logits.slice(0, H - 1).map((l) => kdLoss(l, ann.logits[H - 1], tau)),
        ...snn.logits.map((l, k) => kdLoss(l, ann.logits[k], tau)),
      ];
      terms.push(tf.mul(tf.addN(kd), alpha * tau * tau) as tf.Scalar);
    }
    if (beta > 0) terms.push(tf.mul(tf.addN(snn.features.map((f, k) => maskedFeatureLoss(f, ann.features[k]))), beta) as tf.Scalar);
    return (terms.length === 1 ? terms[0] : tf.addN(terms)) as tf.Scalar;
  });
}
