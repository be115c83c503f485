import { SupervisedTrainer, supervisedConfigSchema, z, boundedInt, LIMITS, type TrainerDef } from '@zoo/core';
import { PAPER } from '../papers';

/**
 * MVFNet's optimization (the code's `configs/MVFNet/K400/mvf_kinetics400_2d_rgb_r50_dense.py`) on the core's
 * supervised loop: SGD with Nesterov momentum 0.9, lr 0.015 (for 8 GPUs × 12 clips), weight decay 1e-4 on every
 * parameter, gradient clipping at global L2 norm 40 (mmcv `grad_clip`, before the decay term), mmcv's `step`
 * policy (×0.1 at epochs 90 and 130 of 150) after a linear warm-up from 0.01·lr over 25,070 iterations. The cpu
 * tier shortens the epochs and the warm-up (recipes.ts).
 */
export const mvfnetSgdConfigSchema = supervisedConfigSchema.extend({
  optimizer: z.enum(['adam', 'sgd', 'momentum']).default('momentum'),
  nesterov: z.boolean().default(true),
  lr: z.number().positive().default(0.015),
  momentum: z.number().min(0).max(1).default(0.9),
  weightDecay: z.number().min(0).default(1e-4),
  clipGradNorm: z.number().positive().optional().default(40),
  schedule: z.enum(['constant', 'cosine', 'step']).default('step'),
  lrSteps: z.array(boundedInt(1, LIMITS.epochs)).max(16).default([90, 130]),
  lrGamma: z.number().positive().max(1).default(0.1),
  warmupIters: boundedInt(0, LIMITS.iterations).default(25070),
  warmupRatio: z.number().min(0).max(1).default(0.01),
  maxEpochs: boundedInt(1, LIMITS.epochs).default(150),
  /** Clips per step (the code: 12 per GPU). */
  batchSize: boundedInt(1, LIMITS.batch).optional().default(12),
  /** The code keeps the last epoch's weights (no early stopping; it evaluates every 10 epochs). */
  restoreBest: z.boolean().default(false),
  patience: boundedInt(1, LIMITS.epochs).default(LIMITS.epochs),
});

export const mvfnetSgdTrainerDef: TrainerDef<typeof mvfnetSgdConfigSchema> = {
  id: 'mvfnet-sgd',
  description: "MVFNet's SGD: Nesterov 0.9, lr 0.015, weight decay 1e-4, clip 40, linear warm-up then ×0.1 at epochs 90, 130",
  configSchema: mvfnetSgdConfigSchema,
  trainer: SupervisedTrainer,
  paper: PAPER,
};
