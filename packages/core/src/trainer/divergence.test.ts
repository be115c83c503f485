import * as path from 'node:path';
import type { ForwardOptions } from '../contracts/model';
import type { Callback, EpochLogs } from '../contracts/trainer';
import { DivergedError } from '../errors';
import { loadCheckpoint } from '../checkpoint';
import { tempDir } from '../testing';
import { tf } from '../tf';
import { StoreModel } from '../variables';
import { Checkpointer } from './checkpointer';
import { EarlyStopping } from './early-stopping';
import { FitLoop } from './fit-loop';
import { nonFiniteWeights } from './divergence';

class TwoWeights extends StoreModel {
  constructor() {
    super();
    this.store.add('layer0/w', tf.ones([3, 2]));
    this.store.add('layer0/b', tf.zeros([2]));
  }
  forward(_b: unknown, _o: ForwardOptions): tf.Tensor {
    return tf.zeros([1]);
  }
  poison(name: string, value: number): void {
    const w = this.getWeights()[name] as tf.Variable;
    tf.tidy(() => w.assign(tf.fill(w.shape, value)));
  }
}

const log = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const logs = (epoch: number, o: Partial<EpochLogs> = {}): EpochLogs => ({ epoch, trainLoss: 0.5, val: {}, seconds: 0, ...o });

/** A FitLoop over `TwoWeights` with a callback recording what it was told. */
function fixture(callbacks: Callback[] = [], maxEpochs = 5) {
  const model = new TwoWeights();
  const seen: string[] = [];
  const spy: Callback = { onEpochEnd: (_s, l) => void seen.push(`epoch ${l.epoch}`), onFitAbort: () => void seen.push('abort'), onFitEnd: () => void seen.push('end') };
  const loop = new FitLoop({ model, callbacks: [spy, ...callbacks] }, maxEpochs, log);
  return { model, loop, seen };
}

async function diverged(p: Promise<unknown> | (() => unknown)): Promise<DivergedError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(DivergedError);
    return err as DivergedError;
  }
  throw new Error('expected a DivergedError');
}

describe('divergence guard (FitLoop)', () => {
  it('a NaN step loss fails the fit, naming the epoch, the step and that there is no checkpoint', async () => {
    const { model, loop, seen } = fixture();
    await loop.start();
    loop.batchEnd(1, 3, 0.7);
    const err = await diverged(() => loop.batchEnd(2, 3, Number.NaN));
    expect(err.message).toBe('training diverged at epoch 1 of 5, step 2 of 3: training loss is NaN; no checkpoint (run without --out); lower the learning rate (--set trainer.lr=...) or check the data');
    expect(seen).toEqual(['abort']);
    expect(loop.state.stop).toBe(true);
    model.dispose();
  });

  it('a non-finite epoch loss, validation loss or validation metric fails the epoch before its callbacks run', async () => {
    for (const [bad, what] of [
      [{ trainLoss: Infinity }, 'training loss is Infinity'],
      [{ valLoss: Number.NaN }, 'validation loss is NaN'],
      [{ valLoss: 0.3, val: { accuracy: Number.NaN } }, 'validation accuracy is NaN'],
    ] as [Partial<EpochLogs>, string][]) {
      const { model, loop, seen } = fixture();
      await loop.epochEnd(logs(0, { valLoss: 0.4, val: { accuracy: 0.5 } }));
      const err = await diverged(loop.epochEnd(logs(1, bad)));
      expect(err.at).toBe('epoch 2 of 5, at its end');
      expect(err.what).toBe(what);
      expect(seen).toEqual(['epoch 0', 'abort']);
      model.dispose();
    }
  });

  it('no validation (valLoss undefined, val {}) is not divergence', async () => {
    const { model, loop, seen } = fixture();
    await loop.epochEnd(logs(0));
    await loop.end();
    expect(seen).toEqual(['epoch 0', 'end']);
    model.dispose();
  });

  it('a weight that became Inf or NaN fails the epoch, naming the parameter; the check leaks no tensor', async () => {
    const { model, loop } = fixture();
    model.poison('layer0/b', Infinity);
    const before = tf.memory().numTensors;
    const err = await diverged(loop.epochEnd(logs(0)));
    expect(tf.memory().numTensors).toBe(before);
    expect(err.what).toBe("parameter 'layer0/b' holds NaN or ±Inf");
    model.poison('layer0/w', Number.NaN);
    expect(nonFiniteWeights(model.getWeights())).toEqual(['layer0/w', 'layer0/b']);
    model.poison('layer0/w', 3e38); // huge but finite: Σ x would overflow, Σ x·0 does not
    model.poison('layer0/b', 3e38);
    expect(nonFiniteWeights(model.getWeights())).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('early stopping frees its best weights when the fit diverges', async () => {
    const before = tf.memory().numTensors;
    const early = new EarlyStopping({ patience: 5, metric: 'accuracy', higherIsBetter: true });
    const { model, loop } = fixture([early]);
    await loop.start();
    await loop.epochEnd(logs(0, { valLoss: 0.5, val: { accuracy: 0.5 } }));
    expect(loop.state.extraWeights.best).toBeDefined();
    await diverged(loop.epochEnd(logs(1, { trainLoss: Number.NaN, valLoss: 0.5, val: { accuracy: 0.5 } })));
    expect(loop.state.extraWeights.best).toBeUndefined();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('Checkpointer and divergence', () => {
  it('never saves a diverged epoch: last/ keeps the last good state, and the error names it', async () => {
    const out = tempDir();
    const ck = new Checkpointer(out, 1, { recipe: 'x' });
    const { model, loop } = fixture([ck]);
    await loop.start();
    await loop.epochEnd(logs(0));
    loop.state.epoch++;
    model.poison('layer0/w', Number.NaN);
    const err = await diverged(loop.epochEnd(logs(1)));
    expect(err.message).toContain(`parameter 'layer0/w' holds NaN or ±Inf; last good checkpoint: ${path.join(out, 'last')} (epoch 1)`);
    const saved = loadCheckpoint(path.join(out, 'last'));
    expect(saved.meta.epoch).toBe(1);
    expect(Array.from(saved.groups.model['layer0/w'].dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
    // and `save` itself refuses a non-finite model (an interrupt's save goes around the loop)
    await expect(ck.save(loop.state, 2)).rejects.toThrow(/parameter 'layer0\/w' holds NaN or ±Inf, not saved/);
    expect(loadCheckpoint(path.join(out, 'last')).meta.epoch).toBe(1);
    tf.dispose(Object.values(saved.groups.model));
    model.dispose();
  });

  it('before its first save, says when one will be written', async () => {
    const out = tempDir();
    const { model, loop } = fixture([new Checkpointer(out, 50, {})]);
    const err = await diverged(() => loop.batchEnd(1, 1, -Infinity));
    expect(err.checkpoint).toBe(`no checkpoint yet (${path.join(out, 'last')} is written every 50 epochs)`);
    model.dispose();
  });
});
