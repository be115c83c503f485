import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { tempDir } from './testing';
import { tf } from './tf';

describe('checkpoints', () => {
  it('round-trips weight groups and metadata in tfjs format, atomically', async () => {
    const dir = path.join(tempDir(), 'ck');
    const w = { a: tf.tensor2d([[1, 2], [3, 4]]), b: tf.tensor1d([5]) };
    await saveCheckpoint(dir, { groups: { model: w, best: { a: w.a } }, meta: { epoch: 3, config: { x: 1 } } });
    await saveCheckpoint(dir, { groups: { model: w }, meta: { epoch: 4 } }); // overwrite in place
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['ck']); // no temp or old folders left
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const ck = loadCheckpoint(dir);
    expect(ck.meta).toEqual({ epoch: 4 });
    expect(Array.from(ck.groups.model.a.dataSync())).toEqual([1, 2, 3, 4]);
    expect(ck.groups.model.a.shape).toEqual([2, 2]);
    expect(ck.groups.best).toBeUndefined();
    tf.dispose([...Object.values(w), ...Object.values(ck.groups.model)]);
  });

  it('names the file when a checkpoint is truncated or missing', async () => {
    const dir = path.join(tempDir(), 'ck');
    const t = tf.ones([10]);
    await saveCheckpoint(dir, { groups: { model: { t } }, meta: {} });
    t.dispose();
    fs.truncateSync(path.join(dir, 'weights.bin'), 12);
    expect(() => loadCheckpoint(dir)).toThrow(/weights\.bin: 12 bytes, manifest needs 40/);
    expect(() => loadCheckpoint(path.join(dir, 'nope'))).toThrow(/no checkpoint at/);
  });
});
