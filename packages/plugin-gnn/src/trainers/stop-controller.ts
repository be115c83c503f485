import { glorotUniform, tf, type Rng } from '@zoo/core';

/**
 * L²-GCN's learned stopping controller (You et al. 2020, Sec. 4; the code's `controller_l2o`):
 *   input_t = [0.1·(loss_t − loss_0 + 1), 0.1·onehot(layer)]  ⊕  embed(2·t + a_{t−1})   (8 values)
 *   (h_t, c_t) = LSTMCell(8, 8)(input_t, h_{t−1}, c_{t−1}),   p_t = softmax(decoder_t(h_t)) over {continue, stop}
 * one decision every `decisionStep` epochs, at most `maxDecisions` per run (a decoder per decision).
 * Trained by REINFORCE: after an episode, minimize Σ_t log p(a_t)·(R − b) with R = final loss +
 * timeRatio·epochs (a cost) and b its moving average. Episodes are recorded and replayed under the tape.
 */
export interface Decision {
  /** loss-and-layer part of the input (layers + 1 values, already scaled by 0.1). */
  state: Float32Array;
  prevAction: number;
  index: number;
  action: number;
}

export class StopController {
  private readonly vars: tf.Variable[] = [];
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;
  private readonly embed: tf.Variable;
  private readonly decoders: { w: tf.Variable; b: tf.Variable }[] = [];
  private readonly optimizer: tf.Optimizer;
  private h: tf.Tensor2D | null = null;
  private c: tf.Tensor2D | null = null;

  constructor(
    readonly layers: number,
    readonly maxDecisions: number,
    private readonly rng: Rng,
    lr: number,
  ) {
    if (layers > 6) throw new Error(`the L²-GCN controller's input holds at most 6 layers (7 − layers embedding values), got ${layers}`);
    const v = (t: tf.Tensor) => {
      const x = tf.variable(t);
      t.dispose(); // the variable holds its own reference to the data
      this.vars.push(x);
      return x;
    };
    this.kernel = v(glorotUniform(rng, 16, 32));
    this.bias = v(tf.zeros([32]));
    this.embed = v(tf.randomNormal([2 * maxDecisions, 7 - layers], 0, 1, 'float32', rng.nextSeed()));
    for (let i = 0; i < maxDecisions; i++) this.decoders.push({ w: v(glorotUniform(rng, 8, 2)), b: v(tf.zeros([2])) });
    this.optimizer = tf.train.adam(lr);
  }

  /** Starts a new sequence (zero LSTM state). */
  reset(): void {
    tf.dispose([this.h, this.c].filter(Boolean) as tf.Tensor[]);
    this.h = this.c = null;
  }

  private cell(d: Decision, h: tf.Tensor2D | null, c: tf.Tensor2D | null): { logit: tf.Tensor2D; h: tf.Tensor2D; c: tf.Tensor2D } {
    const x = tf.concat([tf.tensor2d(d.state, [1, d.state.length]), tf.gather(this.embed, [2 * d.index + d.prevAction])], 1);
    const hPrev = h ?? tf.zeros([1, 8]);
    const cPrev = c ?? tf.zeros([1, 8]);
    const z = tf.add(tf.matMul(tf.concat([x, hPrev], 1), this.kernel), this.bias);
    const [i, f, g, o] = tf.split(z, 4, 1);
    const cNew = tf.add(tf.mul(tf.sigmoid(f), cPrev), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
    const hNew = tf.mul(tf.sigmoid(o), tf.tanh(cNew)) as tf.Tensor2D;
    const dec = this.decoders[Math.min(d.index, this.maxDecisions - 1)];
    return { logit: tf.add(tf.matMul(hNew, dec.w), dec.b) as tf.Tensor2D, h: hNew, c: cNew };
  }

  /** Probability of stopping at this decision; advances the LSTM state. */
  stopProbability(d: Omit<Decision, 'action'>): number {
    const { p, h, c } = tf.tidy(() => {
      const out = this.cell({ ...d, action: 0 }, this.h, this.c);
      return { p: tf.softmax(out.logit), h: out.h, c: out.c };
    });
    this.reset();
    this.h = h;
    this.c = c;
    const stop = p.dataSync()[1];
    p.dispose();
    return stop;
  }

  /** Samples continue (0) or stop (1). */
  sample(d: Omit<Decision, 'action'>): number {
    return this.rng.next() < this.stopProbability(d) ? 1 : 0;
  }

  /** One REINFORCE update from a recorded episode with cost R and baseline b. */
  reinforce(episode: Decision[], advantage: number): void {
    if (episode.length === 0) return;
    const cost = this.optimizer.minimize(() => {
      let h: tf.Tensor2D | null = null;
      let c: tf.Tensor2D | null = null;
      let logp: tf.Scalar = tf.scalar(0);
      for (const d of episode) {
        const out = this.cell(d, h, c);
        h = out.h;
        c = out.c;
        logp = tf.add(logp, tf.logSoftmax(out.logit).gather([d.action], 1).reshape([])) as tf.Scalar;
      }
      return tf.mul(logp, advantage) as tf.Scalar;
    }, true, this.vars);
    cost?.dispose();
  }

  dispose(): void {
    this.reset();
    tf.dispose(this.vars);
    this.optimizer.dispose();
  }
}
