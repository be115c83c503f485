import { SupervisedTrainer, supervisedConfigSchema, TOKENS, inject, injectable, tf, z, boundedInt, LIMITS, type EpochContext, type Logger, type Rng, type TrainerDef } from '@zoo/core';
import { cropFlipBatch, type ImageBatch } from '@zoo/vision';
import { jointLoss } from './joint-loss';
import { JointResNet } from './joint-resnet';
import { GUO_2023 } from '../papers';

/**
 * Joint A-SNN's optimization (Sec. 4.1 and the self-distillation code): each step runs the ANN and the
 * SNN on the same batch and minimizes `jointLoss` over both. The paper's defaults: SGD with momentum 0.9,
 * lr 0.1, weight decay 5e-4, cosine schedule; α = 0.1, β = 1e-6, τ = 3.
 */
export const jointTrainerConfigSchema = supervisedConfigSchema
  .extend({
    optimizer: z.enum(['adam', 'sgd', 'momentum']).default('momentum'),
    lr: z.number().positive().default(0.1),
    weightDecay: z.number().min(0).default(5e-4),
    schedule: z.enum(['constant', 'cosine']).default('cosine'),
    batchSize: boundedInt(1, LIMITS.batch).default(128),
    /** α: weight of the distillation terms (0 turns distillation off: the ablations without KD). */
    alpha: z.number().min(0).max(1).default(0.1),
    /** β: weight of the masked feature loss. */
    beta: z.number().min(0).default(1e-6),
    /** τ: distillation temperature. */
    temperature: z.number().positive().default(3),
    /** Training augmentation: `crop-flip` is the code's CIFAR RandomCrop(pad 4) + RandomHorizontalFlip. */
    augment: z.enum(['none', 'crop-flip']).default('none'),
  })
  .strict();
export type JointTrainerConfig = z.output<typeof jointTrainerConfigSchema>;

@injectable()
export class JointTrainer extends SupervisedTrainer {
  constructor(@inject(TOKENS.Logger) log: Logger, @inject(TOKENS.TrainerRng) rng: Rng) {
    super(log, rng);
  }

  /** Both networks on the batch (random crop + flip first when `augment` asks), the joint loss. */
  protected override batchLoss(ctx: EpochContext<JointTrainerConfig>, batch: ImageBatch): tf.Scalar {
    const { model, config } = ctx;
    if (!(model instanceof JointResNet)) throw new Error(`the joint-a-snn trainer needs a Joint A-SNN model, got ${model.constructor.name}`);
    // the augmented copy is made inside the optimizer's tape scope, which disposes it
    const x = config.augment === 'crop-flip' ? cropFlipBatch(batch.x, 4, this.augmentRng(ctx)) : batch.x;
    return jointLoss(model.jointForward(x, true), batch.labels, config);
  }

  /** One augmentation stream per epoch, forked from the run's shuffle stream (deterministic per seed). */
  private augmentRng(ctx: EpochContext<JointTrainerConfig>): Rng {
    if (this.augment?.epoch !== ctx.state.epoch) this.augment = { epoch: ctx.state.epoch, rng: ctx.shuffle.fork(`augment-${ctx.state.epoch}`) };
    return this.augment.rng;
  }

  private augment?: { epoch: number; rng: Rng };
}

export const jointTrainerDef: TrainerDef<typeof jointTrainerConfigSchema> = {
  id: 'joint-a-snn',
  paper: GUO_2023,
  description: "Joint A-SNN's loop: ANN and SNN on each batch, CE on every head, ANN→SNN distillation, SGD + cosine",
  configSchema: jointTrainerConfigSchema,
  trainer: JointTrainer,
};
