import { SupervisedTrainer, supervisedConfigSchema, z, type TrainerDef } from '@zoo/core';
import { PAPER } from '../papers';

/**
 * The paper's optimization settings on the core's supervised loop (the scaffold's example: SGD with
 * momentum 0.9, lr 0.1, weight decay 5·10⁻⁴ on the regularized weights; replace with the paper's). A
 * plugin writes its own `Trainer` class only where the paper's procedure differs from that loop; it is
 * resolved from the run's container, so its constructor `@inject`s the run's services.
 */
export const paperSgdConfigSchema = supervisedConfigSchema.extend({
  optimizer: z.enum(['adam', 'sgd', 'momentum']).default('momentum'),
  lr: z.number().positive().default(0.1),
  weightDecay: z.number().min(0).default(5e-4),
});

export const paperSgdTrainerDef: TrainerDef<typeof paperSgdConfigSchema> = {
  id: 'paper-sgd',
  description: 'the supervised loop with the paper\'s SGD settings (momentum 0.9, lr 0.1, weight decay 5e-4)',
  configSchema: paperSgdConfigSchema,
  trainer: SupervisedTrainer,
  paper: PAPER,
};
