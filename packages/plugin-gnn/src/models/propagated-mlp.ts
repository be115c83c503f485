import { gatherRows, z, boundedInt, LIMITS, tf, torchLinearUniform, type Dataset, type ForwardOptions, type ModelDef, type Rng, csrMatMul } from '@zoo/core';
import type { NodeBatch } from '../data/graph-data';
import type { CsrMatrix } from '@zoo/core';
import { ZHU_2021 } from '../papers';
import { GraphModel } from './graph-model';
import * as P from './propagation';

/**
 * "Predict then propagate" models of the unified framework (Zhu et al. 2021, Sec. 5.1; APPNP's code):
 *   H = Linear(F→hidden, no bias)(dropout(X)) → ReLU → dropout → Linear(hidden→C, no bias)   (N×C)
 *   Z = propagation(H)                                                           (N×C logits)
 * Weight decay applies to the first layer only (the code's `reg_params`).
 */
export const propagatedMlpConfigSchema = z
  .object({
    hidden: boundedInt(1, LIMITS.width).default(64),
    dropout: z.number().min(0).max(0.99).default(0.5),
    /** Propagation steps of the iterative forms. */
    K: boundedInt(0, LIMITS.depth).default(10),
    alpha: z.number().gt(0).max(1).default(0.1),
    /** GNN-LF's μ. */
    mu: z.number().min(0).max(1).default(0.9),
    /** GNN-HF's β. */
    beta: z.number().min(0).default(0.9),
    /** Relative residual at which the closed forms' conjugate gradient stops. */
    cgTol: z.number().positive().max(0.1).default(1e-6),
  })
  .strict();
export type PropagatedMlpConfig = z.output<typeof propagatedMlpConfigSchema>;

export type PropagationScheme = (aHat: CsrMatrix, p: P.PropagationParams) => P.Propagation;

export class PropagatedMlp extends GraphModel {
  readonly propagation: P.Propagation;

  constructor(
    dataset: Dataset,
    rng: Rng,
    readonly config: PropagatedMlpConfig,
    scheme: PropagationScheme,
  ) {
    super(dataset, rng);
    const F = this.graph.features.cols;
    const C = this.graph.numClasses;
    this.store.add('fc0', torchLinearUniform(rng, F, config.hidden), { regularized: true });
    this.store.add('fc1', torchLinearUniform(rng, config.hidden, C));
    this.propagation = scheme(this.aHat, config);
  }

  /** H = MLP(X) for all nodes (N×C). */
  localLogits(training: boolean): tf.Tensor2D {
    const w = this.store.getWeights();
    const x = this.dropoutSparse(this.graph.features, this.config.dropout, training);
    return tf.tidy(() => {
      const h = tf.relu(csrMatMul(x, w.fc0 as tf.Tensor2D));
      return tf.matMul(this.dropout(h, this.config.dropout, training), w.fc1 as tf.Tensor2D);
    });
  }

  forward(batch: NodeBatch, opts: ForwardOptions): tf.Tensor2D {
    return tf.tidy(() => gatherRows(this.propagation.apply(this.localLogits(opts.training), opts.training), batch.index));
  }
}

function variant(id: string, description: string, scheme: PropagationScheme): ModelDef<typeof propagatedMlpConfigSchema> {
  return {
    id,
    task: 'node-classification',
    description,
    paper: ZHU_2021,
    configSchema: propagatedMlpConfigSchema,
    create: (config, ctx) => new PropagatedMlp(ctx.dataset, ctx.rng, config, scheme),
  };
}

export const appnpModel = variant('appnp', 'APPNP: MLP then K steps of personalized-PageRank propagation', P.appnpIterative);
export const gnnLfClosedModel = variant('gnn-lf-closed', 'GNN-LF, closed form: low-pass filtered fitting term (Eq. 11)', P.lfClosed);
export const gnnLfIterModel = variant('gnn-lf-iter', 'GNN-LF, iterative form, K steps (Eq. 12)', P.lfIterative);
export const gnnHfClosedModel = variant('gnn-hf-closed', 'GNN-HF, closed form: high-pass filtered regularizer (Eq. 17)', P.hfClosed);
export const gnnHfIterModel = variant('gnn-hf-iter', 'GNN-HF, iterative form, K steps (Eq. 18)', P.hfIterative);
