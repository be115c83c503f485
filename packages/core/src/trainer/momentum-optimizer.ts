import { sgdUpdate } from '@zoo/ops';
import { tf } from '../tf';

/** The state tfjs 4.22's MomentumOptimizer keeps (private in its typings; the names are part of its checkpoints). */
interface MomentumState {
  accumulations: { originalName: string; variable: tf.Variable }[];
  learningRate: number;
  momentum: number;
  useNesterov: boolean;
}

/** What a step does besides the plain update: the global-norm clip's factor and weight decay on some variables. */
export interface MomentumStepOptions {
  /** Every gradient times this (clipGradNorm's min(1, maxNorm/‖g‖)); 1 = unscaled. */
  gradScale?: number;
  /** g + weightDecay·v (PyTorch's SGD `weight_decay`) on the variables in `decayed`. */
  weightDecay?: number;
  decayed?: ReadonlySet<tf.Variable>;
}

/**
 * tfjs's MomentumOptimizer (same state, checkpoint names `<variable>/momentum`, className 'Momentum'), each
 * variable's step being @zoo/ops's `sgdUpdate`: on backends with the ZooSgdUpdate kernel (blas in C over the
 * cores, cpu/wasm in JS) one pass over value, gradient and buffer instead of tfjs's 6 kernels, with the bits of
 * tfjs's own step. `applyScaledGradients` folds a clip factor and weight decay into the same pass (the trainer's
 * clipped step, PyTorch's `clip_grad_norm_` then `SGD(weight_decay)`), where tfjs needed 3 more passes.
 */
export class ZooMomentumOptimizer extends tf.MomentumOptimizer {
  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    this.applyScaledGradients(variableGradients, {});
  }

  applyScaledGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0], opts: MomentumStepOptions): void {
    const state = this as unknown as MomentumState;
    const list = Array.isArray(variableGradients) ? variableGradients : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const gradScale = opts.gradScale ?? 1;
    list.forEach(({ name, tensor: gradient }, i) => {
      const value = tf.engine().registeredVariables[name];
      // accumulations by position, created at first use, as tfjs does
      if (state.accumulations[i] == null) state.accumulations[i] = { originalName: `${name}/momentum`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      if (gradient == null) return;
      const accum = state.accumulations[i].variable;
      const weightDecay = opts.weightDecay && opts.decayed?.has(value) ? opts.weightDecay : 0;
      const [v, a] = sgdUpdate(value, gradient, accum, { lr: state.learningRate, momentum: state.momentum, gradScale, weightDecay, nesterov: state.useNesterov, reuseInputs: true });
      accum.assign(a);
      value.assign(v);
      tf.dispose([v, a]);
    });
    this.incrementIterations();
  }
}

/** tfjs's Optimizer answers `instanceof` by duck typing (any optimizer is "an" Optimizer subclass), hence a method check. */
export function isZooMomentumOptimizer(o: tf.Optimizer): o is ZooMomentumOptimizer {
  return typeof (o as Partial<ZooMomentumOptimizer>).applyScaledGradients === 'function';
}
