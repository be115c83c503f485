import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunOptions, RunResult } from '@zoo/core';
import { DataCorruptError, DataMissingError, withRunSeconds, ZooError } from './lazy-core';

/** The part of a planned run (`PlannedRun`) a worker needs: the recipe id and the seed. */
export interface WorkerRun {
  recipe: { id: string };
  seed: number;
}

/** How a run's error crosses the thread boundary, so eval can still tell skipped from failed. */
export type SerializedError =
  | { kind: 'missing'; expectedPath: string; layout: string }
  | { kind: 'corrupt'; file: string; detail: string; offset?: number }
  | { kind: 'zoo'; message: string }
  | { kind: 'other'; message: string };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof DataMissingError) return { kind: 'missing', expectedPath: err.expectedPath, layout: err.layout };
  if (err instanceof DataCorruptError) return { kind: 'corrupt', file: err.file, detail: err.detail, offset: err.offset };
  if (err instanceof ZooError) return { kind: 'zoo', message: err.message };
  return { kind: 'other', message: String((err as Error)?.stack ?? err) };
}

export function deserializeError(e: SerializedError): Error {
  switch (e.kind) {
    case 'missing':
      return new DataMissingError(e.expectedPath, e.layout);
    case 'corrupt':
      return new DataCorruptError(e.file, e.detail, e.offset);
    case 'zoo':
      return new ZooError(e.message);
    default:
      return new Error(e.message);
  }
}

type Pending = { resolve: (r: RunResult) => void; reject: (e: Error) => void };

/**
 * Runs recipes in worker threads (one tfjs engine each, on the backend the main thread chose), so
 * `zoo eval --jobs N` uses N cores. Workers report slow runs' progress as lines (`onProgress`).
 * A worker that dies fails its run with the reason; when none is left, every queued run fails too.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: Pending[] = [];
  private readonly waitingFor: ((w: Worker) => void)[] = [];
  private readonly current = new Map<Worker, Pending>();
  private alive: Worker[] = [];
  private deadReason = '';

  constructor(
    size: number,
    backend: string,
    workerFile = path.join(__dirname, 'eval-worker.js'),
    /** Progress lines of the workers' slow runs. */
    private readonly onProgress: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  ) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(workerFile, { workerData: { backend } });
      w.on('message', (msg: { result?: RunResult; error?: SerializedError; seconds?: number; progress?: string }) => {
        if (msg.progress !== undefined) {
          this.onProgress(msg.progress);
          return;
        }
        const p = this.current.get(w);
        this.current.delete(w);
        this.release(w);
        // a failure carries its run's own time (not the worker's start-up), as a result's `seconds` does
        if (msg.error) p?.reject(withRunSeconds(deserializeError(msg.error), msg.seconds ?? 0));
        else p?.resolve(msg.result!);
      });
      const die = (reason: string) => {
        if (!this.alive.includes(w)) return;
        this.alive = this.alive.filter((x) => x !== w);
        const idx = this.idle.indexOf(w);
        if (idx >= 0) this.idle.splice(idx, 1);
        this.current.get(w)?.reject(new Error(`eval worker died: ${reason}`));
        this.current.delete(w);
        if (this.alive.length === 0) {
          this.deadReason = reason;
          for (const p of this.waiting.splice(0)) p.reject(new Error(`no eval worker left: ${reason}`));
          this.waitingFor.length = 0;
        }
      };
      w.on('error', (err) => die(err.message));
      w.on('exit', (code) => die(`exited with code ${code}`));
      this.alive.push(w);
      this.idle.push(w);
    }
  }

  private release(w: Worker): void {
    if (!this.alive.includes(w)) return;
    const next = this.waitingFor.shift();
    this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  /** Runs one planned run in a free worker (the `execute` of `Runner.evaluate`). */
  run(planned: WorkerRun, opts: RunOptions): Promise<RunResult> {
    const { seed } = planned;
    const recipe = planned.recipe.id;
    return new Promise<RunResult>((resolve, reject) => {
      if (this.alive.length === 0) return reject(new Error(`no eval worker left: ${this.deadReason}`));
      const pending: Pending = { resolve, reject };
      const start = (w: Worker) => {
        this.current.set(w, pending);
        w.postMessage({ recipe, seed, opts: { set: opts.set, dataDir: opts.dataDir } });
      };
      const w = this.idle.pop();
      if (w) start(w);
      else {
        this.waiting.push(pending);
        this.waitingFor.push(start);
      }
    });
  }

  async close(): Promise<void> {
    const all = this.alive;
    this.alive = [];
    await Promise.all(all.map((w) => w.terminate()));
  }
}
