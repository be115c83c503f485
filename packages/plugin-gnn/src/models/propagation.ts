import { tf, CsrMatrix, csrMatMul } from '@zoo/core';
import { SparseSolver } from '../ops/cg-solve';

/**
 * Propagation schemes of Zhu et al. (WWW 2021), all as solutions or truncated iterations of
 *   min_Z ‖F₁(Z − H)‖² + ξ·tr(Zᵀ L̃ Z)   (Eq. 2; F₁, F₂ graph filters),
 * with Â = D̃^-1/2 (A+I) D̃^-1/2 and L̃ = I − Â. Shapes: H, Z are N×C.
 *
 * - APPNP / PPNP (Sec. 3.3): Z = α (I − (1−α)Â)⁻¹ H;        iterate Z ← (1−α)ÂZ + αH.
 * - GNN-LF (Sec. 4.1.2, Eqs. 10–12), μ ∈ [1/2, 1), α ∈ (0, 2/3):
 *     Z = α {(1+αμ−α) I + (2α−αμ−1) Â}⁻¹ {μI + (1−μ)Â} H;
 *     iterate Z ← (1−2α+αμ)/(1+αμ−α) ÂZ + α Z₀, Z₀ = {μI + (1−μ)Â}H / (1+αμ−α).
 * - GNN-HF (Sec. 4.2.2, Eqs. 16–18), β > 0, α ∈ (0, 1]:
 *     Z = α {αI + (αβ+1−α) L̃}⁻¹ {I + βL̃} H;
 *     iterate Z ← (αβ+1−α)/(αβ+1) ÂZ + α Z₀, Z₀ = {I + βL̃}H / (αβ+1).
 * Closed forms solve the sparse SPD system by conjugate gradient (no dense inverse).
 */
export interface Propagation {
  /** `training` lets closed forms keep separate CG warm starts for training and evaluation passes. */
  apply(h: tf.Tensor2D, training?: boolean): tf.Tensor2D;
}

const slot = (training?: boolean) => (training ? 'train' : 'eval');

export interface PropagationParams {
  alpha: number;
  K: number;
  mu: number;
  beta: number;
  cgTol: number;
}

/** y = a·H + b·Â·H */
function affine(aHat: CsrMatrix, h: tf.Tensor2D, a: number, b: number): tf.Tensor2D {
  return tf.tidy(() => h.mul(a).add(csrMatMul(aHat, h).mul(b)));
}

export function appnpIterative(aHat: CsrMatrix, { alpha, K }: PropagationParams): Propagation {
  const scaled = aHat.withValues(aHat.values.map((v) => (1 - alpha) * v));
  return {
    apply: (h) =>
      tf.tidy(() => {
        const res = h.mul(alpha);
        let z = h;
        for (let k = 0; k < K; k++) z = csrMatMul(scaled, z).add(res);
        return z;
      }),
  };
}

export function appnpClosed(aHat: CsrMatrix, { alpha, cgTol }: PropagationParams): Propagation {
  const solver = new SparseSolver(aHat.scaleAddIdentity(-(1 - alpha), 1), { tol: cgTol, maxIter: 2000 });
  return { apply: (h, training) => tf.tidy(() => solver.solve(h, slot(training)).mul(alpha)) };
}

export function lfIterative(aHat: CsrMatrix, { alpha, mu, K }: PropagationParams): Propagation {
  const a = 1 + alpha * mu - alpha;
  const c = (1 - 2 * alpha + alpha * mu) / a;
  const scaled = aHat.withValues(aHat.values.map((v) => c * v));
  return {
    apply: (h) =>
      tf.tidy(() => {
        const z0 = affine(aHat, h, mu / a, (1 - mu) / a);
        const res = z0.mul(alpha);
        let z: tf.Tensor2D = z0;
        for (let k = 0; k < K; k++) z = csrMatMul(scaled, z).add(res);
        return z;
      }),
  };
}

export function lfClosed(aHat: CsrMatrix, { alpha, mu, cgTol }: PropagationParams): Propagation {
  const m = aHat.scaleAddIdentity(2 * alpha - alpha * mu - 1, 1 + alpha * mu - alpha);
  const solver = new SparseSolver(m, { tol: cgTol, maxIter: 2000 });
  return { apply: (h, training) => tf.tidy(() => solver.solve(affine(aHat, h, mu, 1 - mu), slot(training)).mul(alpha)) };
}

export function hfIterative(aHat: CsrMatrix, { alpha, beta, K }: PropagationParams): Propagation {
  const d = alpha * beta + 1;
  const scaled = aHat.withValues(aHat.values.map((v) => ((d - alpha) / d) * v));
  return {
    apply: (h) =>
      tf.tidy(() => {
        // {I + βL̃}H = (1+β)H − βÂH
        const z0 = affine(aHat, h, (1 + beta) / d, -beta / d);
        const res = z0.mul(alpha);
        let z: tf.Tensor2D = z0;
        for (let k = 0; k < K; k++) z = csrMatMul(scaled, z).add(res);
        return z;
      }),
  };
}

export function hfClosed(aHat: CsrMatrix, { alpha, beta, cgTol }: PropagationParams): Propagation {
  // αI + (αβ+1−α)(I − Â) = (αβ+1)I − (αβ+1−α)Â
  const m = aHat.scaleAddIdentity(-(alpha * beta + 1 - alpha), alpha * beta + 1);
  const solver = new SparseSolver(m, { tol: cgTol, maxIter: 2000 });
  return { apply: (h, training) => tf.tidy(() => solver.solve(affine(aHat, h, 1 + beta, -beta), slot(training)).mul(alpha)) };
}
