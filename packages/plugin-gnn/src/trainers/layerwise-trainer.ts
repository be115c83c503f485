import { FitLoop, SupervisedTrainer, TOKENS, ZooError, assertFiniteLoss, inject, injectable, taskLoss, tf, z, boundedInt, LIMITS, type EpochLogs, type FitArgs, type FitResult, type Logger, type Rng, type ProgressReporter, type TrainerDef } from '@zoo/core';
import { NodeDataset } from '../data/graph-data';
import { LayerwiseGcn, rowNormalizedPlusIdentity } from '../models/layerwise-gcn';
import { inducedSubgraph } from '../ops/graph';
import { StopController, type Decision } from './stop-controller';
import { YOU_2020 } from '../papers';

export const layerwiseTrainerConfigSchema = z
  .object({
    lr: z.number().positive().default(0.01),
    /** L2 penalty weightDecay/2·Σw² on the layer's W_l and the classifier. */
    weightDecay: z.number().min(0).default(0),
    /** Training-node mini-batch size; omitted means all training nodes in one batch. */
    batchSize: boundedInt(1, LIMITS.batch).optional(),
    /** `fixed`: L-GCN's schedule (epochsPerLayer); `learned`: L²-GCN's controller decides. */
    controller: z.enum(['fixed', 'learned']).default('fixed'),
    /** L-GCN: epochs of each layer (one number for all, or one per layer). */
    epochsPerLayer: z.union([boundedInt(1, LIMITS.epochs), z.array(boundedInt(1, LIMITS.epochs))]).default(100),
    /** L²-GCN: a decision every this many epochs, at most maxDecisions in a run. */
    decisionStep: boundedInt(1, LIMITS.epochs).default(10),
    maxDecisions: boundedInt(1, LIMITS.epochs).default(20),
    /** L²-GCN reward: −(final loss + timeRatio·epochs). */
    timeRatio: z.number().min(0).default(1e-4),
    controllerLr: z.number().positive().default(1e-3),
    /** Moving-average baseline b ← β·b + (1 − β)·R. */
    baselineRatio: z.number().min(0).max(1).default(0.9),
    /** Controller training episodes on sampled subgraphs, the first 5·warmupRounds with preset actions. */
    controllerRounds: boundedInt(0, LIMITS.epochs).default(30),
    warmupRounds: boundedInt(0, LIMITS.epochs).default(1),
    sampleNodes: boundedInt(1, LIMITS.count).default(512),
    /** Final run: a layer stops when p(stop) ≥ stopThreshold after minEpochsPerLayer, or at maxEpochsPerLayer. */
    stopThreshold: z.number().min(0).max(1).default(0.5),
    minEpochsPerLayer: boundedInt(0, LIMITS.epochs).default(1),
    maxEpochsPerLayer: boundedInt(1, LIMITS.epochs).default(100),
    /** Optional cap on the run's total epochs, split evenly over the layers (quick checks). */
    maxEpochs: boundedInt(1, LIMITS.epochs).optional(),
    checkpointEvery: boundedInt(1, LIMITS.epochs).default(50),
  })
  .strict();
export type LayerwiseTrainerConfig = z.output<typeof layerwiseTrainerConfigSchema>;

/**
 * L-GCN's layer-wise procedure (You et al. 2020, Alg. 1) and L²-GCN's learned stopping (Alg. 2):
 * for l = 1..L: X_l = Â·H_{l−1} once; train (W_l, W_c) with Adam on mini-batches of training nodes'
 * rows of X_l; freeze W_l; H_l = ReLU(X_l·W_l). A fresh Adam per layer (the code keeps one through all
 * layers; tfjs's Adam keys its moments by position in the variable list, so a changing list cannot share one).
 * An "epoch" is one pass over the training nodes of the current layer; the result reports their total.
 * Not resumable: a `--resume` restarts layer-wise training. Runs on the shared `FitLoop` (callbacks and the
 * divergence guard); the controller's episodes check their losses with the same guard.
 */
@injectable()
export class LayerwiseTrainer extends SupervisedTrainer {
  /** Epochs each layer trained (the comparison L²-GCN vs L-GCN is about their sum). */
  epochsPerLayer: number[] = [];

  constructor(@inject(TOKENS.Logger) log: Logger, @inject(TOKENS.TrainerRng) rng: Rng, @inject(TOKENS.Progress) private readonly progress: ProgressReporter) {
    super(log, rng);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async fit(args: FitArgs<any>): Promise<FitResult> {
    const { model, dataset } = args;
    const rng = this.rng;
    const config = args.config as LayerwiseTrainerConfig;
    // its state (the layer, X_l, the controller's episode) is not in the checkpoint: refuse rather than restart on trained weights
    if (args.resume) throw new ZooError('the layer-wise trainer (L-GCN, L²-GCN) cannot resume: start the run again with --overwrite');
    if (!(model instanceof LayerwiseGcn)) throw new Error(`the layer-wise trainer needs an L-GCN model, got ${model.constructor.name}`);
    if (!(dataset instanceof NodeDataset)) throw new Error(`the layer-wise trainer needs a node-classification graph, got '${dataset.id}'`);
    const L = model.config.layers;
    const fixed = Array.isArray(config.epochsPerLayer) ? config.epochsPerLayer : Array(L).fill(config.epochsPerLayer);
    if (config.controller === 'fixed' && fixed.length !== L) throw new Error(`trainer.epochsPerLayer has ${fixed.length} entries for ${L} layers`);
    const cap = config.maxEpochs ? Math.max(1, Math.floor(config.maxEpochs / L)) : Infinity;
    const limits = Array.from({ length: L }, (_, l) => Math.min(cap, config.controller === 'fixed' ? fixed[l] : config.maxEpochsPerLayer));
    const maxTotal = limits.reduce((a, b) => a + b, 0);
    // the shared fit loop: callbacks in priority order and the divergence guard on every step and epoch
    const loop = new FitLoop(args, maxTotal, this.log);
    const state = loop.state;
    await loop.start();

    const controller = config.controller === 'learned' ? new StopController(L, config.maxDecisions, rng.fork('controller'), config.controllerLr) : undefined;
    try {
      if (controller) this.trainController(controller, model, dataset, config, rng.fork('episodes'), loop.checkpoint());
      return await this.trainLayers(args, loop, controller, limits, config);
    } catch (err) {
      loop.abort();
      throw err;
    } finally {
      controller?.dispose();
    }
  }

  /** The final run: each layer trained until its limit or the controller's stop; then the validation report. */
  private async trainLayers(args: FitArgs, loop: FitLoop, controller: StopController | undefined, limits: number[], config: LayerwiseTrainerConfig): Promise<FitResult> {
    const model = args.model as LayerwiseGcn;
    const dataset = args.dataset as NodeDataset;
    const L = model.config.layers;
    const state = loop.state;
    const rng = this.rng;

    const graph = dataset.graph;
    const train = graph.splits.train;
    const shuffle = rng.fork('shuffle');
    let h = model.inputFeatures();
    let width = graph.features.cols;
    let loss0 = 0;
    let decisions = 0;
    let prevAction = 0;
    let lastLoss = Number.NaN;
    controller?.reset();
    this.epochsPerLayer = [];
    for (let l = 0; l < L && !state.stop; l++) {
      const x = model.aggregate(h, width); // X_l = Â·H_{l−1}, once per layer
      const vars = model.layerVariables(l);
      const optimizer = tf.train.adam(config.lr);
      let epochs = 0;
      try {
        for (;;) {
          const t0 = performance.now();
          const loss = this.layerEpoch(model, dataset, l, x, width, train, config, optimizer, vars, shuffle, (b, n, v) => loop.batchEnd(b, n, v, `layer ${l + 1} of ${L}`));
          epochs++;
          lastLoss = loss;
          const logs: EpochLogs = { epoch: state.epoch, trainLoss: loss, val: {}, seconds: (performance.now() - t0) / 1000 };
          await loop.epochEnd(logs);
          state.epoch++;
          if (epochs >= limits[l] || state.stop) break;
          if (!controller) continue;
          // L²-GCN: a decision every decisionStep epochs (counted over the whole run, as the code)
          if ((state.epoch - 1) % config.decisionStep !== 0) continue;
          if (state.epoch === 1) loss0 = loss;
          const pStop = controller.stopProbability({ state: controllerState(loss, loss0, l, L), prevAction, index: Math.min(decisions, config.maxDecisions - 1) });
          decisions++;
          prevAction = pStop >= config.stopThreshold ? 1 : 0;
          if (pStop >= config.stopThreshold && epochs > config.minEpochsPerLayer) break;
        }
      } finally {
        optimizer.dispose();
      }
      this.epochsPerLayer.push(epochs);
      h = model.layerOutput(l, x, graph.numNodes);
      width = model.config.hidden;
    }
    state.extra.epochsPerLayer = this.epochsPerLayer;
    this.progress.stage(`${controller ? 'L²-GCN' : 'L-GCN'}: epochs per layer ${this.epochsPerLayer.join(', ')} (total ${state.epoch})`);
    // the validation report, once at the end (as the last epoch's logs, with its training loss)
    if (dataset.meta.sizes.val > 0 && state.epoch > 0) {
      const val = this.evaluate(model, dataset, 'val', args.metrics);
      await loop.epochEnd({ epoch: state.epoch - 1, trainLoss: lastLoss, valLoss: val.loss, val: val.metrics, seconds: 0 });
    }
    return loop.end();
  }

  /** One pass over the training nodes' rows of X_l; mean loss. `onStep` gets each step's loss (the fit loop's divergence guard). */
  layerEpoch(model: LayerwiseGcn, dataset: NodeDataset, l: number, x: Float32Array, width: number, train: Int32Array, config: LayerwiseTrainerConfig, optimizer: tf.Optimizer, vars: tf.Variable[], shuffle: Rng, onStep?: (batch: number, batches: number, loss: number) => void): number {
    const order = config.batchSize ? shuffle.shuffle(Int32Array.from(train)) : train;
    const bs = config.batchSize ?? train.length;
    let sum = 0;
    for (let s = 0; s < order.length; s += bs) {
      const idx = order.subarray(s, s + bs);
      const rows = new Float32Array(idx.length * width);
      idx.forEach((v, i) => rows.set(x.subarray(v * width, v * width + width), i * width));
      const labels = dataset.labelTensor(idx);
      const cost = optimizer.minimize(() => {
        const loss = taskLoss(dataset.meta.task, model.layerLogits(l, tf.tensor2d(rows, [idx.length, width]), true), labels);
        return config.weightDecay > 0 ? loss.add(tf.addN(vars.map((v) => tf.sum(tf.square(v)))).mul(config.weightDecay / 2)) : loss;
      }, true, vars)!;
      const loss = cost.dataSync()[0];
      sum += loss * idx.length;
      tf.dispose([cost, labels]);
      onStep?.(s / bs + 1, Math.ceil(order.length / bs), loss);
    }
    return sum / Math.max(1, order.length);
  }

  /**
   * Controller training (the code's first phase): episodes of layer-wise training of a fresh network
   * on a random subgraph of `sampleNodes` training nodes (full batch), decisions sampled from the
   * controller, then one REINFORCE step with cost R = final loss + timeRatio·epochs against a moving
   * baseline. The first 5·warmupRounds episodes follow preset schedules (stop at evenly spaced or random
   * decisions) so the controller sees short and long runs early.
   */
  private trainController(controller: StopController, model: LayerwiseGcn, dataset: NodeDataset, config: LayerwiseTrainerConfig, rng: Rng, checkpoint: string): void {
    const graph = dataset.graph;
    const L = model.config.layers;
    const D = config.maxDecisions;
    let baseline: number | undefined;
    for (let round = 0; round < config.controllerRounds; round++) {
      const preset = round < 5 * config.warmupRounds ? presetActions(round % 5, L, D, rng) : undefined;
      const sample = rng.shuffle(Int32Array.from(graph.splits.train)).subarray(0, Math.min(config.sampleNodes, graph.splits.train.length)).sort();
      const adj = rowNormalizedPlusIdentity(inducedSubgraph(graph.adjacency, sample)); // sampled nodes are training nodes
      const labels = dataset.labelTensor(sample);
      const F = graph.features.cols;
      const full = graph.features.toDense();
      let h = new Float32Array(sample.length * F);
      sample.forEach((v, i) => h.set(full.subarray(v * F, v * F + F), i * F));
      let width = F;
      const net = episodeNet(F, model.config.hidden, graph.numClasses, L, rng);
      const episode: Decision[] = [];
      controller.reset();
      let epochs = 0;
      let loss = 0;
      let loss0 = 0;
      let prevAction = 0;
      for (let l = 0; l < L; l++) {
        const x = adj.mulDense(h, width);
        const xt = tf.tensor2d(x, [sample.length, width]);
        const opt = tf.train.adam(config.lr);
        for (;;) {
          const cost = opt.minimize(() => taskLoss(dataset.meta.task, tf.matMul(tf.relu(tf.matMul(xt, net.w[l])), net.classifier), labels), true, [net.w[l], net.classifier])!;
          loss = cost.dataSync()[0];
          cost.dispose();
          if (!Number.isFinite(loss)) {
            tf.dispose([...net.w, net.classifier, labels, xt]);
            opt.dispose();
            assertFiniteLoss(loss, `controller episode ${round + 1} of ${config.controllerRounds}, layer ${l + 1} of ${L}, epoch ${epochs + 1}`, checkpoint);
          }
          const decide = epochs % config.decisionStep === 0;
          epochs++;
          if (!decide) continue;
          if (epochs === 1) loss0 = loss;
          const index = Math.floor((epochs - 1) / config.decisionStep);
          const d = { state: controllerState(loss, loss0, l, L), prevAction, index: Math.min(index, D - 1) };
          let action = controller.sample(d);
          if (preset) action = preset[Math.min(index, D - 1)];
          if (index >= D - 1) action = 1; // out of decisions
          episode.push({ ...d, action });
          prevAction = action;
          if (action === 1) break;
        }
        const ht = tf.tidy(() => tf.relu(tf.matMul(xt, net.w[l])));
        h = (ht.dataSync() as Float32Array).slice(); // (a TypedArray returned from tf.tidy would be walked element by element)
        ht.dispose();
        width = model.config.hidden;
        xt.dispose();
        opt.dispose();
      }
      const R = loss + epochs * config.timeRatio;
      baseline = baseline === undefined ? R : config.baselineRatio * baseline + (1 - config.baselineRatio) * R;
      controller.reinforce(episode, R - baseline);
      tf.dispose([...net.w, net.classifier, labels]);
    }
  }
}

/** The controller's loss-and-layer input: 0.1·[loss − loss₀ + 1, onehot(layer)]. */
function controllerState(loss: number, loss0: number, l: number, L: number): Float32Array {
  const s = new Float32Array(L + 1);
  s[0] = 0.1 * (loss - loss0 + 1);
  s[l + 1] = 0.1;
  return s;
}

/** Warm-up schedules as the code's: #4 stops at evenly spaced decisions, #0–3 at random ones; the last decision always stops. */
function presetActions(kind: number, L: number, D: number, rng: Rng): number[] {
  const a = new Array(D).fill(0);
  a[D - 1] = 1;
  if (kind === 4) for (let l = 0; l < L - 1; l++) a[Math.floor((D / L) * (l + 1))] = 1;
  else rng.shuffle(Array.from({ length: D - 1 }, (_, i) => i)).slice(0, L - 1).forEach((i) => (a[i] = 1));
  return a;
}

function episodeNet(F: number, hidden: number, C: number, L: number, rng: Rng): { w: tf.Variable[]; classifier: tf.Variable } {
  const glorot = (a: number, b: number) => {
    const lim = Math.sqrt(6 / (a + b));
    const init = tf.tensor2d(rng.uniformArray(a * b, -lim, lim), [a, b]);
    const v = tf.variable(init);
    init.dispose();
    return v;
  };
  return { w: Array.from({ length: L }, (_, l) => glorot(l === 0 ? F : hidden, hidden)), classifier: glorot(hidden, C) };
}

export const lGcnTrainerDef: TrainerDef<typeof layerwiseTrainerConfigSchema> = {
  id: 'layerwise',
  paper: YOU_2020,
  description: "L-GCN's layer-wise loop (fixed epochs per layer) or L²-GCN's learned stopping (controller: 'learned')",
  configSchema: layerwiseTrainerConfigSchema,
  trainer: LayerwiseTrainer,
};
