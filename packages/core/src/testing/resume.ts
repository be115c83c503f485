import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Callback, EpochLogs } from '../contracts/trainer';
import type { RunResult } from '../run-types';
import type { Runner } from '../runner';
import { RunInterrupted } from '../trainer/interrupt';

export interface ResumeCheck {
  /** `--set` of both runs. */
  set?: string[];
  /**
   * How the first run stops: `signal`: SIGTERM (an aborted `RunOptions.signal`) after epoch `stopAt`,
   * which saves there; `kill`: a periodic checkpoint every `every` epochs, and the run dies after
   * epoch `stopAt` (> every) without saving, as under SIGKILL: the resume starts at the last multiple.
   */
  mode: 'signal' | 'kill';
  stopAt: number;
  every?: number;
}

export interface ResumeOutcome {
  straight: RunResult;
  resumed: RunResult;
  /** The epoch the resumed fit started at. */
  resumedAt: number;
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'zoo-resume-'));

/** Per-epoch losses and validation metrics (what a drifted stream changes first). */
function recorder(into: string[]): Callback {
  return { priority: 0, onEpochEnd: (_s, l: EpochLogs) => void into.push(JSON.stringify([l.epoch, l.trainLoss, l.valLoss, l.val])) };
}

/**
 * Runs `recipeId` straight, then again stopped after `stopAt` epochs (see `mode`) and resumed with
 * `--resume`; expects the same test metrics, epochs, best epoch, per-epoch logs after the resume point
 * and final weights (byte for byte), i.e. every random stream continued where it was.
 */
export async function expectExactResume(runner: Runner, recipeId: string, check: ResumeCheck): Promise<ResumeOutcome> {
  const set = [...(check.set ?? []), ...(check.mode === 'kill' ? [`trainer.checkpointEvery=${check.every}`] : [])];
  const straightDir = tempDir();
  const straightLogs: string[] = [];
  const straight = await runner.run(recipeId, { set, outDir: straightDir, callbacks: [recorder(straightLogs)] });

  const out = tempDir();
  if (check.mode === 'signal') {
    const stop = new AbortController();
    const abortAt: Callback = { priority: 0, onEpochEnd: (_s, l) => void (l.epoch + 1 === check.stopAt && stop.abort('SIGTERM')) };
    const err = await runner.run(recipeId, { set, outDir: out, signal: stop.signal, callbacks: [abortAt] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RunInterrupted);
    expect((err as RunInterrupted).exitCode).toBe(143);
    expect(fs.existsSync(path.join(out, 'final'))).toBe(false);
  } else {
    const die: Callback = { priority: 0, onEpochEnd: (s, l) => void (l.epoch + 1 === check.stopAt && (s.stop = true)) };
    await runner.run(recipeId, { set, outDir: out, callbacks: [die] });
    fs.rmSync(path.join(out, 'final'), { recursive: true });
  }
  let resumedAt = -1;
  const resumedLogs: string[] = [];
  const startAt: Callback = { onFitStart: (s) => void (resumedAt = s.epoch) };
  // no --set: the stored config.json is the run's config
  const resumed = await runner.run(recipeId, { outDir: out, resume: true, callbacks: [startAt, recorder(resumedLogs)] });
  const expectedAt = check.mode === 'signal' ? check.stopAt : Math.floor(check.stopAt / check.every!) * check.every!;
  expect(resumedAt).toBe(expectedAt);
  expect(resumedLogs).toEqual(straightLogs.slice(straightLogs.length - resumedLogs.length));
  expect(resumedLogs.length).toBe(straightLogs.length - expectedAt);
  expect({ metrics: resumed.metrics, epochs: resumed.epochs, bestEpoch: resumed.bestEpoch }).toEqual({ metrics: straight.metrics, epochs: straight.epochs, bestEpoch: straight.bestEpoch });
  const weights = (dir: string) => fs.readFileSync(path.join(dir, 'final', 'weights.bin'));
  expect(weights(out).equals(weights(straightDir))).toBe(true);
  return { straight, resumed, resumedAt };
}
