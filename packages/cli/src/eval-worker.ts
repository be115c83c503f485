import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { createZooContainer, resolveBackend, Runner } from '@zoo/core';
import { loadPlugins } from './plugins';
import { EpochLineCallback } from './progress';
import { serializeError } from './worker-pool';

/** Worker thread of `zoo eval --jobs N`: runs one (recipe, seed) per message. */
let runner: Promise<Runner> | undefined;

parentPort!.on('message', async (msg: { recipe: string; seed: number; opts: { set?: string[]; dataDir?: string } }) => {
  // a failed run's time counts from the run's start, after the backend and plugins are up (as a result's `seconds`)
  let t0: number | undefined;
  try {
    runner ??= resolveBackend(workerData.backend).then((backend) => createZooContainer({ plugins: loadPlugins(), backend }).resolve(Runner));
    // progress of slow runs goes to the main thread, which prints it
    const progress = new EpochLineCallback(`${msg.recipe} seed ${msg.seed}`, '', { write: (line) => parentPort!.postMessage({ progress: line }), everyMs: 30_000, epochEveryMs: 10_000 });
    const ready = await runner;
    t0 = performance.now();
    const result = await ready.run(msg.recipe, { ...msg.opts, seed: msg.seed, callbacks: [progress] });
    parentPort!.postMessage({ result });
  } catch (err) {
    parentPort!.postMessage({ error: serializeError(err), seconds: t0 === undefined ? 0 : (performance.now() - t0) / 1000 });
  }
});
