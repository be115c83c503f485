import type { PaperValue, Recipe } from '@zoo/core';
import { PAPER } from './papers';

/**
 * A value the paper reports for one metric (in the metric's unit: a fraction for accuracy) and where it is printed.
 */
export function reported(metric: string, value: number, where: string, ref = PAPER): PaperValue {
  return { metric, value, ref, where };
}

const BACKBONES = ['c2d', 'tsm', 'slowonly', 'mvfnet'] as const;

/**
 * The paper tier: ResNet-50 (ImageNet-style stem, 224² crops) on the five benchmarks, 8 frames each (K400: dense
 * 8×8; Something-Something, UCF-101, HMDB-51: TSN segments), with the code's SGD (trainers/mvfnet-sgd.ts). MVFNet's
 * published top-1: K400 R50 8×8 76.0 and 16×4 77.0, R101 16×4 78.4 (the code's README model zoo); SSv1 54.0 (R50,
 * the paper's 8f+16f ensemble), SSv2 66.3, UCF-101 96.6 (the paper's tables, Kinetics-pretrained). The zoo trains from
 * scratch unless given weights, so these rows say what the recipe aims at, not what a CPU run reaches.
 */
const PAPER_VALUES: Record<string, PaperValue[]> = {
  kinetics400: [reported('accuracy', 0.76, 'code README, Model Zoo: MVFNet-ResNet50, Kinetics-400, 8x8 (3 crops × 10 clips)')],
  sthv1: [reported('accuracy', 0.54, 'paper, Something-Something V1 table: MVFNet-R50 En (8f + 16f)')],
  sthv2: [reported('accuracy', 0.663, 'paper, Something-Something V2 table: MVFNet-R50')],
  ucf101: [reported('accuracy', 0.966, 'paper, UCF-101 / HMDB-51 table: MVFNet-R50 (Kinetics-pretrained)')],
  hmdb51: [],
};

const DATASETS = ['kinetics400', 'sthv1', 'sthv2', 'ucf101', 'hmdb51'] as const;

const paperTier: Recipe[] = [
  ...DATASETS.flatMap((dataset) =>
    BACKBONES.map(
      (b): Recipe => ({
        id: `video/${b}-r50@${dataset}`,
        model: `${b}-r50`,
        dataset,
        trainer: 'mvfnet-sgd',
        tier: 'paper',
        metrics: ['accuracy'],
        paper: b === 'mvfnet' && PAPER_VALUES[dataset].length ? PAPER_VALUES[dataset] : undefined,
        description: `${b === 'mvfnet' ? 'MVFNet' : b === 'c2d' ? 'C2D' : b === 'tsm' ? 'TSM' : 'SlowOnly-like'} ResNet-50, 8 frames at 224², on ${dataset}`,
      }),
    ),
  ),
  {
    id: 'video/mvfnet-r101@kinetics400',
    model: 'mvfnet-r101',
    dataset: 'kinetics400',
    trainer: 'mvfnet-sgd',
    tier: 'paper',
    metrics: ['accuracy'],
    config: { data: { clipLen: 16, frameInterval: 4 } },
    paper: [reported('accuracy', 0.784, 'code README, Model Zoo: MVFNet-ResNet101, Kinetics-400, 16x4 (3 crops × 10 clips)')],
    description: 'MVFNet ResNet-101, 16×4 dense sampling at 224², on Kinetics-400',
  },
];

/**
 * The cpu tier on Moving Fashion-MNIST (8 frames of 32², 8 motion classes in 4 time-reversed twin pairs): the claim
 * at CPU scale is that temporal modelling separates MVFNet from C2D at C2D's cost. The code's SGD with the epochs,
 * warm-up (one epoch) and steps scaled to 1,200 training clips (600 steps of 16, about 3 minutes a run on 2 cores
 * with the blas backend; a pilot of MVFNet-THW on 2,000 clips × 6 epochs reached 100% test accuracy), so that the
 * default `zoo eval` stays within reach wherever Debian's dataset-fashion-mnist is installed.
 */
const CPU_TRAINER = { maxEpochs: 8, batchSize: 16, lr: 0.05, warmupIters: 75, lrSteps: [6, 7] };
const CPU_DATA = { train: 1200, val: 200, test: 500 };
const TINY = ['c2d-tiny', 'tsm-tiny', 'slowonly-tiny', 'mvfnet-t-tiny', 'mvfnet-thw-tiny'] as const;
const CPU_METRICS = ['accuracy', 'twin_accuracy'];

const cpuTier: Recipe[] = [
  ...TINY.map(
    (model): Recipe => ({
      id: `video/${model}@moving-fmnist`,
      model,
      dataset: 'moving-fmnist',
      trainer: 'mvfnet-sgd',
      tier: 'cpu',
      metrics: CPU_METRICS,
      config: { data: CPU_DATA, trainer: CPU_TRAINER },
      description: `${model} on Moving Fashion-MNIST (8 × 32², real Fashion-MNIST garments in 8 motion classes)`,
    }),
  ),
  // α sweep (the paper's ablation of the fused channel share) and use_hs off
  ...[0.25, 0.5].map(
    (alpha): Recipe => ({
      id: `video/mvfnet-thw-tiny-alpha${alpha}@moving-fmnist`,
      model: 'mvfnet-thw-tiny',
      dataset: 'moving-fmnist',
      trainer: 'mvfnet-sgd',
      tier: 'cpu',
      metrics: CPU_METRICS,
      config: { model: { temporal: { alpha } }, data: CPU_DATA, trainer: CPU_TRAINER },
      description: `MVFNet-THW tiny with α = ${alpha} of the channels fused (default 0.125)`,
    }),
  ),
  {
    id: 'video/mvfnet-thw-tiny-nohs@moving-fmnist',
    model: 'mvfnet-thw-tiny',
    dataset: 'moving-fmnist',
    trainer: 'mvfnet-sgd',
    tier: 'cpu',
    metrics: CPU_METRICS,
    config: { model: { temporal: { useHs: false } }, data: CPU_DATA, trainer: CPU_TRAINER },
    description: 'MVFNet-THW tiny without the BatchNorm3d + hard-swish after the fused views (use_hs = False)',
  },
  {
    // make_multi_view_fusion's own default mvf_freq = (1, 1, 1, 1) instead of the configs' (0, 0, 1, 1): at 32² the
    // res4–5 maps are 8² and 4², where a garment moving 1–2 px a frame is sub-pixel; res2–3 see it at full resolution
    id: 'video/mvfnet-thw-tiny-all@moving-fmnist',
    model: 'mvfnet-thw-tiny',
    dataset: 'moving-fmnist',
    trainer: 'mvfnet-sgd',
    tier: 'cpu',
    metrics: CPU_METRICS,
    config: { model: { temporal: { stages: [1, 1, 1, 1] } }, data: CPU_DATA, trainer: CPU_TRAINER },
    description: 'MVFNet-THW tiny with MVF in every stage (mvf_freq = (1, 1, 1, 1), the module default) instead of res4–5',
  },
  {
    id: 'video/mvfnet-thw-tiny@moving-fmnist-16',
    model: 'mvfnet-thw-tiny',
    dataset: 'moving-fmnist-16',
    trainer: 'mvfnet-sgd',
    tier: 'cpu',
    metrics: CPU_METRICS,
    config: { data: { train: 600, val: 100, test: 250 }, trainer: { ...CPU_TRAINER, batchSize: 8, warmupIters: 75 } },
    description: 'MVFNet-THW tiny on Moving Fashion-MNIST at 16 frames of 64²',
  },
  {
    id: 'video/mvfnet-thw-tiny@rawframes',
    model: 'mvfnet-thw-tiny',
    dataset: 'rawframes',
    trainer: 'mvfnet-sgd',
    tier: 'cpu',
    metrics: ['accuracy'],
    // the tiny backbone's 32² clips (short side 36, then a 32² crop); --set data.size=64 --set data.shortSide=72 for more
    config: { data: { size: 32, shortSide: 36 }, trainer: { ...CPU_TRAINER, maxEpochs: 20, lrSteps: [15] } },
    description: 'MVFNet-THW tiny on any mmaction2 rawframes set: <data-dir>/rawframes/{train,val}.txt and its frame folders (scripts/moving-fmnist-rawframes.mjs writes one)',
  },
];

/** Smoke: seconds on synthetic moving bars (2 twin pairs of 4 frames at 16²). */
const smokeTier: Recipe[] = (['mvfnet-thw-tiny', 'tsm-tiny', 'c2d-tiny'] as const).map(
  (model): Recipe => ({
    id: `video/${model}@moving-bars-smoke`,
    model,
    dataset: 'moving-bars-smoke',
    trainer: 'mvfnet-sgd',
    tier: 'smoke',
    metrics: ['accuracy', 'twin_accuracy'],
    config: { model: { widths: [8, 8, 16, 16], blocks: [1, 1, 1, 1] }, trainer: { maxEpochs: 8, batchSize: 8, lr: 0.05, warmupIters: 10, lrSteps: [6] } },
    // 4 balanced classes; even an order-blind model tells the axis (C2D: ~1/2), so all beat 1/4
    beats: { chance: 1 / 4, margin: 0.15 },
    description: `${model} on synthetic moving bars (smoke)`,
  }),
);

export const recipes: Recipe[] = [...smokeTier, ...cpuTier, ...paperTier];
