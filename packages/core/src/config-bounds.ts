import { z } from 'zod';

/**
 * Upper bounds for the integer fields of config schemas (epochs, batch sizes, widths, synthetic data
 * sizes): generous for every recipe and paper setting, but a typo such as `--set trainer.maxEpochs=1e12`
 * or `data.nodes=1e10` is refused at once, naming the field and the range, instead of running for ever
 * or running out of memory.
 */
export const LIMITS = {
  /** epochs, patience, rounds, checkpoint intervals */
  epochs: 1_000_000,
  /** step-counted trainers' iterations */
  iterations: 100_000_000,
  /** batch sizes (and rows per batch of any kind) */
  batch: 1_048_576,
  /** hidden sizes, channels, feature counts */
  width: 65_536,
  /** layers, blocks, propagation steps, time steps */
  depth: 10_000,
  /** image side in pixels */
  pixels: 8_192,
  /** numbers of things a config picks: clusters, samples, entities, neighbours */
  count: 10_000_000,
} as const;

/**
 * An integer from `min` to `max`, with one message for every way to miss it
 * (`config field trainer.maxEpochs: expected an integer from 1 to 1000000 (got 1000000000000)`).
 */
export function boundedInt(min: number, max: number) {
  const expected = `expected an integer from ${min} to ${max}`;
  return z.number().int(expected).min(min, expected).max(max, expected);
}
