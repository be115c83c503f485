import * as os from 'node:os';
import { clippedStep, resolveBackend, Rng, taskLoss, tf, ZooMomentumOptimizer } from '@zoo/core';
import { countVideoModel, mvfnetR50, mvfnetThwTiny, c2dR50, c2dTiny, tsmTiny, VideoRecognizer, type ClipShape, type VideoModelConfig } from '@zoo/plugin-video';
import { z } from 'zod';
import { defineBench, type BenchRow } from '../bench';
import { int } from '../options';
import { runTorchReference } from '../torch-reference';

/**
 * `zoo bench video-step [-- --steps 3] [--warmup 3] [--no-torch] [--only mvfnet-r50]`: the median time of one training step of
 * MVFNet-family models (forward over the clips' frames, TSN consensus, cross-entropy, backward, clip_grad_norm 40,
 * SGD Nesterov with weight decay 1e-4: the `mvfnet-sgd` trainer's step) here and in PyTorch
 * (tools/bench/mvfnet_torch.py: the same architecture, 2 threads), one after the other on random clips.
 * Workloads: MVFNet-R50 and C2D-R50, 8 frames at 112², batch 2 (the issue's paper-tier step; 400 classes), and the
 * cpu tier's tiny models on Moving Fashion-MNIST clips (8 × 32² grey, batch 16, 8 classes). Peak RSS of each side.
 */
export const videoStepOptions = z.object({
  steps: int(1).default(3).describe('timed steps (after the warm-up steps)'),
  warmup: int(1).default(3).describe('untimed steps first, on both sides (allocator, pool and JIT settle over the first few)'),
  torch: z.boolean().default(true).describe('time PyTorch too (--no-torch: skip it)'),
  only: z.string().min(1).optional().describe('run only the workloads whose name contains this'),
});

interface Workload {
  name: string;
  config: VideoModelConfig;
  shape: ClipShape;
  batch: number;
}

const parse = (def: { configSchema: z.ZodType }) => def.configSchema.parse({}) as VideoModelConfig;

export const VIDEO_WORKLOADS: Workload[] = [
  { name: 'mvfnet-r50 8×112² b2', config: parse(mvfnetR50), shape: { frames: 8, height: 112, width: 112, channels: 3, classes: 400 }, batch: 2 },
  { name: 'c2d-r50 8×112² b2', config: parse(c2dR50), shape: { frames: 8, height: 112, width: 112, channels: 3, classes: 400 }, batch: 2 },
  { name: 'mvfnet-thw-tiny 8×32² b16', config: parse(mvfnetThwTiny), shape: { frames: 8, height: 32, width: 32, channels: 1, classes: 8 }, batch: 16 },
  { name: 'tsm-tiny 8×32² b16', config: parse(tsmTiny), shape: { frames: 8, height: 32, width: 32, channels: 1, classes: 8 }, batch: 16 },
  { name: 'c2d-tiny 8×32² b16', config: parse(c2dTiny), shape: { frames: 8, height: 32, width: 32, channels: 1, classes: 8 }, batch: 16 },
];

/** The PyTorch script's spec for a workload (its own names for the same fields). */
function torchSpec(w: Workload) {
  const t = w.config.temporal;
  return {
    widths: w.config.widths,
    blocks: w.config.blocks,
    stem: w.config.stem,
    channels: w.shape.channels,
    frames: w.shape.frames,
    size: w.shape.height,
    classes: w.shape.classes,
    batch: w.batch,
    temporal: t.kind,
    stages: t.stages,
    alpha: t.alpha,
    mode: t.mode,
    use_hs: t.useHs,
  };
}

/** One `mvfnet-sgd` step (core's clippedStep, as the trainer takes it): clip 40, + 1e-4·w, Nesterov momentum 0.9. */
function zooStepMs(w: Workload, steps: number, warmup: number, log: (l: string) => void): number {
  const rng = new Rng(0);
  const model = new VideoRecognizer(w.config, w.shape, rng);
  const clips = tf.randomNormal([w.batch, w.shape.frames, w.shape.height, w.shape.width, w.shape.channels]) as tf.Tensor5D;
  const labels = tf.tensor1d(Array.from({ length: w.batch }, (_, i) => i % w.shape.classes), 'int32');
  const batch = { clips, labels, dispose: () => {} };
  const optimizer = new ZooMomentumOptimizer(0.015, 0.9, true); // the trainer's (one fused pass per variable)
  const vars = model.trainableVariables();
  const decayed = new Set(model.regularizedVariables());
  const times: number[] = [];
  for (let s = 0; s < warmup + steps; s++) {
    const t0 = performance.now();
    const value = clippedStep(optimizer, vars, () => taskLoss('classification', model.forward(batch, { training: true }), labels), { maxNorm: 40, weightDecay: 1e-4, decayed });
    const loss = value.dataSync()[0];
    value.dispose();
    const ms = performance.now() - t0;
    log(`zoo ${w.name} step ${s}: ${ms.toFixed(0)} ms (loss ${loss.toFixed(3)})${s < warmup ? ' (warm-up)' : ''}`);
    if (s >= warmup) times.push(ms);
  }
  tf.dispose([clips, labels]);
  optimizer.dispose();
  model.dispose();
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export const videoStepBench = defineBench({
  id: 'video-step',
  description: 'one MVFNet / C2D / TSM training step (R50 8×112² batch 2; tiny 8×32² batch 16): ms per step here and in PyTorch, peak RSS',
  options: videoStepOptions,
  async run(o, { log }) {
    const backend = await resolveBackend();
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    log(`video-step: backend ${backend.name}, ${cpu}, ${os.cpus().length} cores`);
    const rows: BenchRow[] = [];
    for (const w of VIDEO_WORKLOADS.filter((x) => !o.only || x.name.includes(o.only))) {
      const { params, macs } = countVideoModel(w.config, w.shape);
      const ms = zooStepMs(w, o.steps, o.warmup, log);
      const zooRss = process.resourceUsage().maxRSS / 1024;
      const torch = o.torch ? (runTorchReference('mvfnet_torch.py', [JSON.stringify(torchSpec(w)), String(o.steps), String(o.warmup)], log) as { ms_per_step: number; params: number; peak_rss_mb: number } | null) : null;
      if (torch && torch.params !== params) log(`warning: ${w.name}: PyTorch's model has ${torch.params} parameters, ours ${params}`);
      rows.push({
        name: w.name,
        cpu,
        backend: backend.name,
        params,
        gmacs_per_clip: macs / 1e9,
        ms,
        torch_ms: torch?.ms_per_step ?? null,
        ratio: torch ? ms / torch.ms_per_step : null,
        peak_rss_mb: zooRss,
        torch_peak_rss_mb: torch?.peak_rss_mb ?? null,
      });
    }
    return rows;
  },
});
