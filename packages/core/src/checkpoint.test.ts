import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CheckpointError, cleanCheckpointTemps, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { tempDir } from './testing';
import { tf } from './tf';

/** The pid of a process that has exited (a stand-in for one killed mid-save). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function disposeAll(ck: { groups: Record<string, tf.NamedTensorMap> }): void {
  tf.dispose(Object.values(ck.groups).flatMap((g) => Object.values(g)));
}

/** A saved checkpoint of one [2,2] weight `model/a` = 1..4 and `meta`. */
async function saved(meta: Record<string, unknown> = { epoch: 3 }, dir = path.join(tempDir(), 'ck')): Promise<string> {
  const a = tf.tensor2d([[1, 2], [3, 4]]);
  await saveCheckpoint(dir, { groups: { model: { a } }, meta });
  a.dispose();
  return dir;
}

const jsonOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
const editJson = (dir: string, edit: (j: any) => void) => {
  const j = jsonOf(dir);
  edit(j);
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(j));
};
const quiet = { warn: () => {} };

describe('checkpoints', () => {
  it('round-trips weight groups and metadata in tfjs format, atomically', async () => {
    const dir = path.join(tempDir(), 'ck');
    const w = { a: tf.tensor2d([[1, 2], [3, 4]]), b: tf.tensor1d([5]) };
    await saveCheckpoint(dir, { groups: { model: w, best: { a: w.a } }, meta: { epoch: 3, config: { x: 1 } } });
    await saveCheckpoint(dir, { groups: { model: w }, meta: { epoch: 4 } }); // overwrite in place
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['ck']); // no temp or old folders left
    const json = jsonOf(dir);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(json.formatVersion).toBe(2);
    expect(json.files['weights.bin']).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: 20 });
    const ck = loadCheckpoint(dir);
    expect(ck.verified).toBe(true);
    expect(ck.meta).toEqual({ epoch: 4 });
    expect(Array.from(ck.groups.model.a.dataSync())).toEqual([1, 2, 3, 4]);
    expect(ck.groups.model.a.shape).toEqual([2, 2]);
    expect(ck.groups.best).toBeUndefined();
    tf.dispose([...Object.values(w), ...Object.values(ck.groups.model)]);
  });

  it('stores each dtype at its own size (bool is 1 byte, not 4)', async () => {
    const dir = path.join(tempDir(), 'ck');
    const g = { f: tf.tensor1d([1.5, -2]), i: tf.tensor1d([7, -8], 'int32'), b: tf.tensor1d([true, false, true], 'bool'), s: tf.scalar(3) };
    await saveCheckpoint(dir, { groups: { model: g }, meta: {} });
    expect(fs.statSync(path.join(dir, 'weights.bin')).size).toBe(8 + 8 + 3 + 4);
    const ck = loadCheckpoint(dir);
    expect(Object.fromEntries(Object.entries(ck.groups.model).map(([k, t]) => [k, [t.dtype, Array.from(t.dataSync())]]))).toEqual({
      f: ['float32', [1.5, -2]],
      i: ['int32', [7, -8]],
      b: ['bool', [1, 0, 1]],
      s: ['float32', [3]],
    });
    disposeAll(ck);
    tf.dispose(Object.values(g));
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

  it("refuses a flipped byte or a same-size foreign weights.bin: contents do not match the manifest's SHA-256", async () => {
    const before = tf.memory().numTensors;
    const dir = await saved();
    const bin = path.join(dir, 'weights.bin');
    const good = fs.readFileSync(bin);
    const flipped = Buffer.from(good);
    flipped[5] ^= 0x01;
    fs.writeFileSync(bin, flipped);
    const msg = `checkpoint ${bin}: contents do not match the manifest's SHA-256 (corrupted or replaced)`;
    expect(() => loadCheckpoint(dir)).toThrow(msg);
    fs.writeFileSync(bin, new Float32Array([4, 3, 2, 1]));
    expect(() => loadCheckpoint(dir)).toThrow(msg);
    fs.writeFileSync(bin, good);
    disposeAll(loadCheckpoint(dir));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses NaN or Inf in a float weight, naming it, even when the hash was updated to match', async () => {
    const dir = await saved();
    const bin = path.join(dir, 'weights.bin');
    fs.writeFileSync(bin, new Float32Array([1, NaN, 3, 4]));
    editJson(dir, (j) => (j.files['weights.bin'].sha256 = require('node:crypto').createHash('sha256').update(fs.readFileSync(bin)).digest('hex')));
    expect(() => loadCheckpoint(dir)).toThrow(`checkpoint ${bin}: model/a: element 1 is NaN (a float weight must be finite)`);
    // and in a format-1 checkpoint (no hashes)
    editJson(dir, (j) => {
      delete j.files;
      delete j.formatVersion;
    });
    fs.writeFileSync(bin, new Float32Array([1, 2, 3, -Infinity]));
    expect(() => loadCheckpoint(dir, quiet)).toThrow(`checkpoint ${bin}: model/a: element 3 is -Infinity (a float weight must be finite)`);
  });

  it('loads a format-1 checkpoint (no hashes) with one warning that it is unverified', async () => {
    const dir = await saved();
    editJson(dir, (j) => {
      delete j.files;
      delete j.formatVersion;
    });
    const lines: string[] = [];
    const ck = loadCheckpoint(dir, { warn: (l) => lines.push(l) });
    expect(ck.verified).toBe(false);
    expect(lines).toEqual([`checkpoint ${path.join(dir, 'model.json')} has no SHA-256 of its weight files (format 1): its weights are unverified`]);
    expect(Array.from(ck.groups.model.a.dataSync())).toEqual([1, 2, 3, 4]);
    disposeAll(ck);
  });

  it('checks every field of model.json by its schema, naming the field and the file', async () => {
    const dir = await saved();
    const file = path.join(dir, 'model.json');
    const cases: [(j: any) => void, string][] = [
      [(j) => (j.zoo.epoch = 'abc'), `checkpoint ${file}: zoo.epoch: expected number, received string (got "abc")`],
      [(j) => (j.zoo.epoch = -1), `checkpoint ${file}: zoo.epoch: Too small: expected number to be >=0 (got -1)`],
      [(j) => (j.zoo.rng = { 'trainer/shuffle': 2 ** 32 }), `checkpoint ${file}: zoo.rng.trainer/shuffle:`],
      [(j) => (j.zoo.config = 'x'), `checkpoint ${file}: zoo.config:`],
      [(j) => (j.format = 'keras'), `checkpoint ${file}: format:`],
      [(j) => (j.weightsManifest[0].weights[0].dtype = 'float16'), `checkpoint ${file}: weightsManifest[0].weights[0].dtype:`],
      [(j) => (j.weightsManifest[0].weights[0].shape = [2, -2]), `checkpoint ${file}: weightsManifest[0].weights[0].shape[1]:`],
      [(j) => (j.weightsManifest[0].weights[0].shape = [2, 1.5]), `checkpoint ${file}: weightsManifest[0].weights[0].shape[1]:`],
      [(j) => (j.weightsManifest[0].weights[0].quantization = { dtype: 'uint8' }), `checkpoint ${file}: weightsManifest[0].weights[0]:`],
      [(j) => (j.weightsManifest[0].weights[0].name = 'a'), `checkpoint ${file}: weightsManifest[0].weights[0].name:`],
      [(j) => j.weightsManifest[0].weights.push(j.weightsManifest[0].weights[0]), `checkpoint ${file}: weightsManifest[0].weights[1].name: 'model/a' is listed twice`],
      [(j) => (j.files['weights.bin'].sha256 = 'x'), `checkpoint ${file}: files.weights.bin.sha256:`],
      [(j) => delete j.files, `checkpoint ${file}: weightsManifest[0].paths[0]: 'weights.bin' has no SHA-256 in files`],
    ];
    const good = fs.readFileSync(file, 'utf8');
    for (const [edit, msg] of cases) {
      editJson(dir, edit);
      let err: unknown;
      try {
        disposeAll(loadCheckpoint(dir, quiet));
      } catch (e) {
        err = e;
      }
      expect([msg, err instanceof CheckpointError && (err as Error).message.startsWith(msg) ? 'ok' : String(err)]).toEqual([msg, 'ok']);
      fs.writeFileSync(file, good);
    }
  });

  it('reads weight files only inside the checkpoint folder: no ../, no absolute path, no link out, no folder', async () => {
    const dir = await saved();
    const file = path.join(dir, 'model.json');
    const outside = path.join(path.dirname(dir), 'x');
    const entry = jsonOf(dir).files['weights.bin'];
    fs.copyFileSync(path.join(dir, 'weights.bin'), outside); // same bytes: only confinement refuses it
    const setPath = (p: string) => editJson(dir, (j) => (j.weightsManifest[0].paths = [p]));
    setPath('../x');
    expect(() => loadCheckpoint(dir, quiet)).toThrow(`checkpoint ${file}: weightsManifest[0].paths[0]: path '../x' leaves the checkpoint folder or is not a plain relative name`);
    editJson(dir, (j) => {
      delete j.files;
      delete j.formatVersion;
      j.weightsManifest[0].paths = ['../../../../../../../../etc/passwd'];
    });
    expect(() => loadCheckpoint(dir, quiet)).toThrow(`checkpoint ${file}: weightsManifest[0].paths[0]: path '../../../../../../../../etc/passwd' leaves the checkpoint folder`);
    editJson(dir, (j) => {
      j.formatVersion = 2;
      j.files = { 'weights.bin': entry };
    });
    setPath(outside);
    expect(() => loadCheckpoint(dir, quiet)).toThrow(`checkpoint ${file}: weightsManifest[0].paths[0]: absolute path '${outside}'`);
    fs.symlinkSync(outside, path.join(dir, 'link.bin'));
    editJson(dir, (j) => {
      j.weightsManifest[0].paths = ['link.bin'];
      j.files = { 'link.bin': j.files['weights.bin'] };
    });
    expect(() => loadCheckpoint(dir, quiet)).toThrow(`checkpoint ${file}: weightsManifest[0].paths[0]: 'link.bin' is a link to ${fs.realpathSync(outside)}, outside the checkpoint folder`);
    fs.mkdirSync(path.join(dir, 'sub.bin'));
    editJson(dir, (j) => {
      j.weightsManifest[0].paths = ['sub.bin'];
      j.files = { 'sub.bin': j.files['link.bin'] };
    });
    expect(() => loadCheckpoint(dir, quiet)).toThrow(`checkpoint ${path.join(dir, 'sub.bin')}: is a folder, expected a weight file`);
    // a link that stays inside is fine
    fs.symlinkSync(path.join(dir, 'weights.bin'), path.join(dir, 'in.bin'));
    editJson(dir, (j) => {
      j.weightsManifest[0].paths = ['in.bin'];
      j.files = { 'in.bin': j.files['sub.bin'] };
    });
    disposeAll(loadCheckpoint(dir));
  });

  describe('a save killed between any two of its steps never loses the last good checkpoint', () => {
    /** `last` at epoch 1, and the complete new one (epoch 2) as the save's temp folder of `pid`. */
    async function midSave(pid: number): Promise<{ dir: string; tmp: string; old: string }> {
      const parent = tempDir();
      const dir = await saved({ epoch: 1 }, path.join(parent, 'last'));
      const tmp = path.join(parent, `last.tmp-${pid}`);
      await saved({ epoch: 2 }, tmp);
      return { dir, tmp, old: path.join(parent, `last.old-${pid}`) };
    }
    const epochOf = (dir: string) => {
      const ck = loadCheckpoint(dir);
      disposeAll(ck);
      return ck.meta.epoch;
    };

    it('1: the temp folder half-written: last is intact, the temp folder is cleaned', async () => {
      const pid = deadPid();
      const { dir, tmp } = await midSave(pid);
      fs.rmSync(path.join(tmp, 'model.json'));
      expect(epochOf(dir)).toBe(1);
      expect(cleanCheckpointTemps(path.dirname(dir), ['last'])).toEqual([`removed last.tmp-${pid}`]);
      expect(fs.readdirSync(path.dirname(dir))).toEqual(['last']);
    });

    it('2: last renamed to last.old-<pid>, the new one not yet in place: loading recovers last.old', async () => {
      const pid = deadPid();
      const { dir, old } = await midSave(pid);
      fs.renameSync(dir, old);
      expect(epochOf(dir)).toBe(1);
      expect(fs.existsSync(old)).toBe(false);
      // and the run folder's clean-up does the same
      fs.renameSync(dir, old);
      expect(cleanCheckpointTemps(path.dirname(dir), ['last'])).toEqual(['recovered last from an interrupted save', `removed last.tmp-${pid}`]);
      expect(epochOf(dir)).toBe(1);
      // a save that finds the state resumes from it too
      fs.renameSync(dir, old);
      await saved({ epoch: 3 }, dir);
      expect(epochOf(dir)).toBe(3);
      expect(fs.readdirSync(path.dirname(dir))).toEqual(['last']);
    });

    it('3: the new one in place, last.old-<pid> not yet removed: the new one loads, the old is cleaned', async () => {
      const pid = deadPid();
      const { dir, tmp, old } = await midSave(pid);
      fs.renameSync(dir, old);
      fs.renameSync(tmp, dir);
      expect(epochOf(dir)).toBe(2);
      expect(cleanCheckpointTemps(path.dirname(dir), ['last'])).toEqual([`removed last.old-${pid}`]);
      expect(epochOf(dir)).toBe(2);
    });

    it('a live process’s temp folders are left alone (it is saving)', async () => {
      const { dir, old } = await midSave(process.pid);
      fs.renameSync(dir, old);
      expect(cleanCheckpointTemps(path.dirname(dir), ['last'])).toEqual([]);
      expect(epochOf(dir)).toBe(1); // read where it is
      expect(fs.existsSync(old)).toBe(true);
    });
  });
});
