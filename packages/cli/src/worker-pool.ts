import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataCorruptError, DataMissingError, ZooError, type RunOptions, type RunResult } from '@zoo/core';

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
 * `zoo eval --jobs N` uses N cores. Callbacks (progress bars) stay in the main thread's runs only.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly all: Worker[] = [];
  private nextId = 0;

  constructor(size: number, backend: string) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(path.join(__dirname, 'eval-worker.js'), { workerData: { backend } });
      w.on('message', (msg: { id: number; result?: RunResult; error?: SerializedError }) => {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        this.release(w);
        if (!p) return;
        if (msg.error) p.reject(deserializeError(msg.error));
        else p.resolve(msg.result!);
      });
      w.on('error', (err) => {
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
      this.all.push(w);
      this.idle.push(w);
    }
  }

  private release(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  private acquire(): Promise<Worker> {
    const w = this.idle.pop();
    return w ? Promise.resolve(w) : new Promise((resolve) => this.waiting.push(resolve));
  }

  async run(recipe: string, seed: number, opts: RunOptions): Promise<RunResult> {
    const w = await this.acquire();
    const id = this.nextId++;
    return new Promise<RunResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, recipe, seed, opts: { set: opts.set, dataDir: opts.dataDir } });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
