import * as fs from 'node:fs';
import * as path from 'node:path';
import { runSecondsOf, ZooError } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { WorkerPool } from './worker-pool';

/** A worker that answers as eval-worker.js does: a result with its run's seconds, or an error with the seconds it ran. */
function fakeWorker(): string {
  const file = path.join(tempDir(), 'fake-worker.js');
  fs.writeFileSync(
    file,
    `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (msg) => {
  if (msg.seed === 0) parentPort.postMessage({ result: { recipe: msg.recipe, config: {}, metrics: { accuracy: 1 }, epochs: 1, seconds: 1.5, backend: 'cpu' } });
  else parentPort.postMessage({ error: { kind: 'zoo', message: 'bad file' }, seconds: 0.25 });
});`,
  );
  return file;
}

describe('WorkerPool', () => {
  it("passes on the run's own seconds, measured in the worker: a result's, and a failure's on its error", async () => {
    const pool = new WorkerPool(1, 'cpu', fakeWorker());
    try {
      const ok = await pool.run({ recipe: { id: 'toy/softmax@blobs' }, seed: 0 }, {});
      expect(ok.seconds).toBe(1.5);
      const err = await pool.run({ recipe: { id: 'toy/softmax@blobs' }, seed: 1 }, {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZooError);
      expect((err as Error).message).toBe('bad file');
      expect(runSecondsOf(err)).toBe(0.25);
    } finally {
      await pool.close();
    }
  });
});
