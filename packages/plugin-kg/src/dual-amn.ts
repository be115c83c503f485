import { concatColumns, csrMatMul, dropout, gatherRows, glorotUniform, StoreModel, tanh, tf, z, boundedInt, LIMITS, type ForwardOptions, type ModelDef, type Rng } from '@zoo/core';
import type { KgBatch, KgDataset } from './data/kg-dataset';
import type { KgGraph } from './graph';
import { MAO_2021 } from './papers';
import { proxyMatching } from './proxy-matching';
import { relationalAttention } from './relational-attention';

/**
 * Dual-AMN (Mao et al. 2021, Sec. 4; the code's `get_trgat` + `NR_GraphAttention`):
 *  - inputs: ent_feature = mean of the entity embeddings over {i} ∪ neighbours(i);
 *    rel_feature = mean of the relation embeddings of i's incoming (r) and outgoing (R + r) relations;
 *  - two encoders (entity view, relation view), each: h⁰ = tanh(input), then `depth` layers of relational
 *    attention hˡ⁺¹ = tanh(Σ_e α_e·(h_j − 2(h_j·u_e)u_e)), α = softmax over i's edges of aₗᵀu_e, where u_e is
 *    the L2-normalized mean relation embedding of edge e (shared by both encoders); output [h⁰‖h¹‖h²];
 *  - proxy matching (Sec. 4.2): att = softmax(cos(out, P)) over 64 proxies, δ = out − att·P,
 *    g = σ(δ·W_g + b), out' = g∘out + (1 − g)∘δ;
 *  - the two encoders' outputs concatenated (2·(depth + 1)·d = 768 for d = 128), dropout 0.3 in training.
 * Shapes: embeddings [N, 2(depth + 1)d]. `forward` on a batch of pairs returns [B, 2·D]: the left and the
 * right entity's embeddings, L2-normalized (what the CSLS metrics read).
 */
export const dualAmnConfigSchema = z
  .object({
    /** d: entity and relation embedding size (the code's node_hidden = rel_hidden = 128). */
    hidden: boundedInt(1, LIMITS.width).default(128),
    depth: boundedInt(0, LIMITS.depth).default(2),
    proxies: boundedInt(1, LIMITS.width).default(64),
    dropout: z.number().min(0).max(1).default(0.3),
  })
  .strict();
export type DualAmnConfig = z.output<typeof dualAmnConfigSchema>;

export class DualAmn extends StoreModel<KgBatch> {
  readonly graph: KgGraph;

  constructor(
    dataset: KgDataset,
    rng: Rng,
    readonly config: DualAmnConfig,
    private readonly dropoutRng: Rng = rng.fork('dropout'),
  ) {
    super();
    this.graph = dataset.graph;
    const { numEntities: N, numRelations: R } = this.graph;
    const d = config.hidden;
    // Keras Embedding's default initializer: U(−0.05, 0.05)
    this.store.add('ent_emb', tf.tensor2d(rng.uniformArray(N * d, -0.05, 0.05), [N, d]));
    this.store.add('rel_emb', tf.tensor2d(rng.uniformArray(2 * R * d, -0.05, 0.05), [2 * R, d]));
    const D = d * (config.depth + 1);
    for (const enc of ['e', 'r']) {
      for (let l = 0; l < config.depth; l++) this.store.add(`${enc}_attn${l}`, glorotUniform(rng, d, 1));
      this.store.add(`${enc}_proxy`, glorotUniform(rng, config.proxies, D));
      this.store.add(`${enc}_gate`, glorotUniform(rng, D, D));
      this.store.add(`${enc}_gate_b`, tf.zeros([D]));
    }
  }

  private encoder(enc: 'e' | 'r', input: tf.Tensor2D, u: tf.Tensor2D): tf.Tensor2D {
    const w = this.store.getWeights();
    const outs: tf.Tensor2D[] = [tanh(input)];
    for (let l = 0; l < this.config.depth; l++) {
      const zE = tf.reshape(tf.matMul(u, w[`${enc}_attn${l}`] as tf.Tensor2D), [-1]) as tf.Tensor1D;
      outs.push(relationalAttention(outs[l], u, zE, this.graph.edgePtr, this.graph.dst, this.graph.edgeKind, { activation: 'tanh' }));
    }
    return proxyMatching(concatColumns(outs), w[`${enc}_proxy`] as tf.Tensor2D, w[`${enc}_gate`] as tf.Tensor2D, w[`${enc}_gate_b`] as tf.Tensor1D);
  }

  /** Every entity's embedding [N, 2(depth + 1)d]. */
  embeddings(training: boolean): tf.Tensor2D {
    return tf.tidy(() => {
      const w = this.store.getWeights();
      const g = this.graph;
      const entFeature = csrMatMul(g.entAdj, w.ent_emb as tf.Tensor2D, g.entAdjT);
      const relFeature = csrMatMul(g.relAdj, w.rel_emb as tf.Tensor2D, g.relAdjT);
      // one unit vector per distinct relation mean (graph.ts), [K, d]
      const u = unit(csrMatMul(g.kindRel, w.rel_emb as tf.Tensor2D, g.kindRelT));
      const out = concatColumns([this.encoder('e', entFeature, u), this.encoder('r', relFeature, u)]);
      return training && this.config.dropout > 0 ? dropout(out, this.config.dropout, this.dropoutRng) : out;
    });
  }

  forward(batch: KgBatch, opts: ForwardOptions): tf.Tensor2D {
    return tf.tidy(() => {
      const emb = this.embeddings(opts.training);
      return concatColumns([unit(gatherRows(emb, batch.leftIds)), unit(gatherRows(emb, batch.rightIds))]);
    });
  }
}

/** Rows scaled to unit length (tf.nn.l2_normalize: x / √max(Σx², 1e-12)). */
export function unit(x: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-12))) as tf.Tensor2D;
}

export const dualAmn: ModelDef<typeof dualAmnConfigSchema> = {
  id: 'dual-amn',
  task: 'entity-alignment',
  description: 'Dual-AMN: relational and entity encoders with proxy matching, trained with NHSM',
  paper: MAO_2021,
  configSchema: dualAmnConfigSchema,
  create: (config, ctx) => new DualAmn(ctx.dataset as KgDataset, ctx.rng, config),
};
