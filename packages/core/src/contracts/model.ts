import type { z } from 'zod';
import { tf } from '../tf';
import type { Rng } from '../rng';
import type { Dataset } from './dataset';
import type { PaperRef } from './paper';

export type Task = 'node-classification' | 'multilabel-node-classification' | (string & {});


export interface ForwardOptions {
  /** Training mode: dropout and other stochastic layers are active. */
  training: boolean;
}

/** What `ModelDef.create` receives besides the validated config. */
export interface ModelContext {
  /** The dataset the model is built for (shapes, graph structure). */
  dataset: Dataset;
  /** This model's own random stream (weight init, dropout seeds). */
  rng: Rng;
}

/**
 * A model computes; it does not loop. `forward` maps a batch to per-example outputs (logits for
 * classifiers). Weights are named variables so checkpoints are model-agnostic.
 */
export interface Model<B = unknown> {
  forward(batch: B, opts: ForwardOptions): tf.Tensor;
  /** Variables the optimizer updates. */
  trainableVariables(): tf.Variable[];
  /** Variables the trainer's L2 weight decay applies to (the paper decides: often the first layer only). */
  regularizedVariables(): tf.Variable[];
  /** All weights by name (for checkpoints). The tensors stay owned by the model. */
  getWeights(): tf.NamedTensorMap;
  /** Assigns weights by name; throws if a name or shape does not match. */
  setWeights(weights: tf.NamedTensorMap): void;
  dispose(): void;
}

/** One factory per model variant, with its config schema carrying the paper's defaults. */
export interface ModelDef<S extends z.ZodType = z.ZodType> {
  id: string;
  task: Task;
  description: string;
  paper?: PaperRef;
  configSchema: S;
  create(config: z.output<S>, ctx: ModelContext): Model<any>;
}
