/** The video models: MVFNet and its special cases (C2D, TSM, SlowOnly-like) on bottleneck ResNets. */
export { clipsOf, framesOf } from './clip-frames';
export { MultiViewFusion, type MvfMode, type MvfSpec } from './mvf';
export { TemporalShift } from './temporal-shift';
export { TemporalConv } from './temporal-conv';
export { TemporalMaxPool, TEMPORAL_POOLS, type TemporalPoolKind } from './temporal-pool';
export { TsnHead, type TsnHeadSpec } from './tsn-head';
export { VideoResNet, type TemporalKind, type TemporalSpec, type VideoResNetSpec } from './video-resnet';
export {
  VideoRecognizer,
  buildVideoNet,
  countVideoModel,
  videoModelSchema,
  videoModels,
  c2dR50,
  tsmR50,
  slowOnlyR50,
  mvfnetR50,
  mvfnetR101,
  c2dTiny,
  tsmTiny,
  slowOnlyTiny,
  mvfnetTTiny,
  mvfnetThwTiny,
  type VideoModelConfig,
  type VideoVariant,
  type ClipShape,
} from './video-models';
