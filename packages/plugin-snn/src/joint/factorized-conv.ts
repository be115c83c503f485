import { tf, type Rng, type VariableStore } from '@zoo/core';
import { kaimingNormal } from '@zoo/vision';
import { svd } from './svd';

/**
 * Joint A-SNN's weight factorization (Guo et al. 2023, Sec. 3.3; the code's `ASConv2d`): for every kernel
 * position (kh, kw) the C_in×C_out matrix of the initial weight is factorized by SVD, W = U·diag(σ)·Vᵀ.
 * U and V are shared by the ANN and the SNN; each network has its own σ:
 *   W_ann[kh, kw] = U·diag(σ_ann)·Vᵀ,   W_snn[kh, kw] = U·diag(σ_snn)·Vᵀ      (U: C_in×r, V: C_out×r)
 * Variables (in the model's store, prefix `name`): `_u` [k², C_in, r], `_vt` [k², r, C_out],
 * `_s_ann`, `_s_snn` [k², 1, r]. With `shared: false` (the ablation without shared weights) the two
 * networks have independent full weights `_w_ann`, `_w_snn` instead. `modes` lists the networks that
 * exist (an SNN trained alone has no σ_ann / `_w_ann`).
 */
export type Mode = 'ann' | 'snn';

export class FactorizedConv {
  constructor(
    private readonly store: VariableStore,
    readonly name: string,
    readonly k: number,
    readonly cin: number,
    readonly cout: number,
    readonly shared: boolean,
    init: Float32Array,
    readonly modes: readonly Mode[] = ['ann', 'snn'],
  ) {
    if (!shared) {
      for (const m of modes) store.add(`${name}_w_${m}`, tf.tensor4d(init, [k, k, cin, cout]), { regularized: true });
      return;
    }
    const r = Math.min(cin, cout);
    const u = new Float32Array(k * k * cin * r);
    const vt = new Float32Array(k * k * r * cout);
    const s = new Float32Array(k * k * r);
    for (let p = 0; p < k * k; p++) {
      const f = svd(init.subarray(p * cin * cout, (p + 1) * cin * cout), cin, cout);
      for (let i = 0; i < cin; i++) for (let j = 0; j < r; j++) u[p * cin * r + i * r + j] = f.u[i * r + j];
      for (let j = 0; j < r; j++) for (let o = 0; o < cout; o++) vt[p * r * cout + j * cout + o] = f.v[o * r + j];
      for (let j = 0; j < r; j++) s[p * r + j] = f.s[j];
    }
    store.add(`${name}_u`, tf.tensor3d(u, [k * k, cin, r]), { regularized: true });
    store.add(`${name}_vt`, tf.tensor3d(vt, [k * k, r, cout]), { regularized: true });
    for (const m of modes) store.add(`${name}_s_${m}`, tf.tensor3d(s, [k * k, 1, r]), { regularized: true });
  }

  /** He-normal initial weights (fan-out, as the code's kaiming_normal_), HWIO. */
  static heInit(rng: Rng, k: number, cin: number, cout: number): Float32Array {
    return kaimingNormal(rng, k * k * cin * cout, k * k * cout);
  }

  /** The HWIO kernel of one network. */
  weight(mode: Mode): tf.Tensor4D {
    const w = this.store.getWeights();
    if (!this.shared) return w[`${this.name}_w_${mode}`] as tf.Tensor4D;
    return tf.tidy(() => tf.reshape(tf.matMul(tf.mul(w[`${this.name}_u`], w[`${this.name}_s_${mode}`]) as tf.Tensor3D, w[`${this.name}_vt`] as tf.Tensor3D), [this.k, this.k, this.cin, this.cout]) as tf.Tensor4D);
  }
}
