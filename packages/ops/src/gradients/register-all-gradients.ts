import { getGradient, registerGradient } from '@tensorflow/tfjs-core';
import { batchNormTrainingGradConfig } from './BatchNormTraining_grad';
import { concatColumnsGradConfig } from './ConcatColumns_grad';
import { csrMatMulGradConfig } from './CsrMatMul_grad';
import { dropoutGradConfig } from './Dropout_grad';
import { gatherRowsGradConfig } from './GatherRows_grad';
import { hardSwishGradConfig } from './HardSwish_grad';
import { multiViewConvGradConfig } from './MultiViewConv_grad';
import { reluGradConfig } from './Relu_grad';
import { splitColumnsGradConfig } from './SplitColumns_grad';
import { softmaxCrossEntropyGradConfig } from './SoftmaxCrossEntropy_grad';
import { tanhGradConfig } from './Tanh_grad';
import { temporalShiftGradConfig } from './TemporalShift_grad';
import { sumOfSquaresGradConfig } from './SumOfSquares_grad';

/** One GradConfig per forward Zoo kernel (tfjs-core's register_all_gradients.ts pattern). */
export const GRADIENTS = [
  softmaxCrossEntropyGradConfig,
  batchNormTrainingGradConfig,
  reluGradConfig,
  tanhGradConfig,
  dropoutGradConfig,
  gatherRowsGradConfig,
  concatColumnsGradConfig,
  splitColumnsGradConfig,
  csrMatMulGradConfig,
  multiViewConvGradConfig,
  hardSwishGradConfig,
  temporalShiftGradConfig,
  sumOfSquaresGradConfig,
];

/** Registers them (idempotent: a second copy of the package does not re-register). */
export function registerAllGradients(): void {
  for (const g of GRADIENTS) if (!getGradient(g.kernelName)) registerGradient(g);
}
