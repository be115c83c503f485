import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tf } from './tf';
import { ZooError } from './errors';
import { CHECKPOINT_FORMAT_VERSION, CheckpointError, parseCheckpointJson, plainRelativeProblem, specBytes, type WeightSpec, type ZooSection } from './checkpoint-format';
import { dataFileError } from './data/files';
import { recoverInterruptedSave } from './checkpoint-temps';

export * from './checkpoint-format';
export { cleanCheckpointTemps, pidAlive } from './checkpoint-temps';

/**
 * Checkpoints in tfjs's format: `model.json` (weights manifest + our `zoo` section with the resolved
 * config, metrics and resume state) and `weights.bin`. Weight groups are stored with a prefix
 * (`model/`, `optimizer/`, `best/`) in one manifest. Format 2 records each weight file's SHA-256,
 * checked before decoding, so flipped bits or a replaced file are refused, not trained on.
 *
 * Written atomically: a temp folder `<dir>.tmp-<pid>` is filled (files fsynced), the old checkpoint
 * is renamed to `<dir>.old-<pid>`, the temp folder to `<dir>`, then the old one is removed. Killed
 * between any two steps, either `<dir>` is complete or `<dir>.old-<pid>` is, and loading recovers it.
 */
export interface CheckpointData {
  groups: Record<string, tf.NamedTensorMap>;
  meta: Record<string, unknown>;
}

/** What `loadCheckpoint` read: the groups, the typed `zoo` section, and where from. */
export interface LoadedCheckpoint extends CheckpointData {
  meta: ZooSection;
  /** The `model.json` read (for messages). */
  file: string;
  /** False for a format-1 checkpoint (no hashes: its weight files are unverified). */
  verified: boolean;
}

export interface LoadOptions {
  /** Where the format-1 "unverified" line goes (default: stderr). */
  warn?: (line: string) => void;
}

function sha256(buf: Uint8Array): string {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

function writeSynced(file: string, data: Uint8Array | string): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export async function saveCheckpoint(dir: string, data: CheckpointData): Promise<void> {
  const named: tf.NamedTensorMap = {};
  for (const [group, map] of Object.entries(data.groups)) {
    for (const [name, t] of Object.entries(map)) named[`${group}/${name}`] = t;
  }
  const { data: ab, specs } = await tf.io.encodeWeights(named);
  const bin = new Uint8Array(ab);
  const modelJson = {
    format: 'zoo-checkpoint',
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    generatedBy: `TensorFlow.js tfjs-core v${tf.version_core}`,
    modelTopology: null,
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    files: { 'weights.bin': { sha256: sha256(bin), bytes: bin.byteLength } },
    zoo: data.meta,
  };
  // from here on no await: the steps below run without interleaving with this process's other work
  fs.mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  recoverInterruptedSave(dir); // a killed save's `<dir>.old-<pid>` goes back to `<dir>` before it is replaced
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  writeSynced(path.join(tmp, 'weights.bin'), bin);
  // model.json last: a temp folder with one is complete
  writeSynced(path.join(tmp, 'model.json'), JSON.stringify(modelJson, null, 1));
  const old = `${dir}.old-${process.pid}`;
  if (fs.existsSync(dir)) {
    fs.rmSync(old, { recursive: true, force: true }); // left by an earlier process of this pid; `dir` is the good copy
    fs.renameSync(dir, old);
  }
  fs.renameSync(tmp, dir);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * A weight file named in the manifest, inside `dir`: a plain relative path (no `..`, not absolute)
 * whose real path (links resolved) stays in the checkpoint folder, and a regular file.
 */
function confinedWeightFile(dir: string, rel: string, jsonFile: string, field: string): string {
  const problem = plainRelativeProblem(rel) ?? (path.isAbsolute(rel) ? `absolute path '${rel}'` : undefined);
  if (problem) throw new CheckpointError(jsonFile, field, problem);
  const abs = path.join(dir, rel);
  let real: string;
  let st: fs.Stats;
  try {
    real = fs.realpathSync(abs);
    st = fs.statSync(real);
  } catch (err) {
    throw dataFileError(err, abs);
  }
  const root = fs.realpathSync(dir);
  if (!real.startsWith(root + path.sep)) throw new CheckpointError(jsonFile, field, `'${rel}' is a link to ${real}, outside the checkpoint folder ${root}`);
  if (!st.isFile()) throw new CheckpointError(abs, '', st.isDirectory() ? 'is a folder, expected a weight file' : 'is not a regular file');
  return real;
}

/** Refuses NaN/Inf in a float weight and anything but 0/1 in a bool one, naming the weight. */
function checkValues(buf: Buffer, offset: number, w: WeightSpec, file: string): void {
  const n = w.shape.reduce((a, b) => a * b, 1);
  if (w.dtype === 'float32') {
    const view = new DataView(buf.buffer, buf.byteOffset + offset, n * 4);
    for (let i = 0; i < n; i++) {
      const v = view.getFloat32(i * 4, true);
      if (!Number.isFinite(v)) throw new CheckpointError(file, w.name, `element ${i} is ${v} (a float weight must be finite)`);
    }
  } else if (w.dtype === 'bool') {
    for (let i = 0; i < n; i++) {
      const v = buf[offset + i];
      if (v > 1) throw new CheckpointError(file, w.name, `element ${i} is ${v} (a bool weight is 0 or 1)`);
    }
  }
}

/** The bytes of one manifest group's files, each confined, sized and (format 2) hashed. */
function readGroupBytes(dir: string, jsonFile: string, i: number, paths: string[], files: Record<string, { sha256: string; bytes: number }> | undefined, expected: number): Buffer {
  const bufs: Buffer[] = [];
  let total = 0;
  const sizes: number[] = [];
  const real = paths.map((p, k) => {
    const f = confinedWeightFile(dir, p, jsonFile, `weightsManifest[${i}].paths[${k}]`);
    sizes.push(fs.statSync(f).size);
    total += sizes[k];
    return f;
  });
  const shown = path.join(dir, paths[0]);
  // sizes before reading: a manifest that does not fit its files is refused without allocating
  if (total !== expected) throw new ZooError(`checkpoint ${shown}: ${total} bytes, manifest needs ${expected}`);
  paths.forEach((p, k) => {
    const entry = files?.[p];
    if (entry && entry.bytes !== sizes[k]) throw new CheckpointError(path.join(dir, p), '', `${sizes[k]} bytes, the manifest's files entry says ${entry.bytes}`);
    let buf: Buffer;
    try {
      buf = fs.readFileSync(real[k]);
    } catch (err) {
      throw dataFileError(err, path.join(dir, p));
    }
    if (entry && sha256(buf) !== entry.sha256) throw new CheckpointError(path.join(dir, p), '', "contents do not match the manifest's SHA-256 (corrupted or replaced)");
    bufs.push(buf);
  });
  return bufs.length === 1 ? bufs[0] : Buffer.concat(bufs);
}

/**
 * Reads and checks a checkpoint: `model.json` by its schema (field and file named), each weight file
 * confined to `dir`, its size and SHA-256 against the manifest, then the values (finite floats) before
 * any tensor is made. When `dir` is missing after a killed save, its `<dir>.old-<pid>` is recovered.
 */
export function loadCheckpoint(dir: string, opts: LoadOptions = {}): LoadedCheckpoint {
  const from = recoverInterruptedSave(dir);
  const jsonPath = path.join(from, 'model.json');
  if (!fs.existsSync(jsonPath)) throw new ZooError(`no checkpoint at ${dir} (expected ${jsonPath})`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code) throw dataFileError(err, jsonPath);
    throw new ZooError(`checkpoint ${jsonPath} is not valid JSON: ${(err as Error).message}`);
  }
  const json = parseCheckpointJson(raw, jsonPath);
  const verified = json.files !== undefined;
  if (!verified) (opts.warn ?? ((m) => process.stderr.write(`warning: ${m}\n`)))(`checkpoint ${jsonPath} has no SHA-256 of its weight files (format 1): its weights are unverified`);
  const named: tf.NamedTensorMap = {};
  json.weightsManifest.forEach((g, i) => {
    const expected = g.weights.reduce((s, w) => s + specBytes(w), 0);
    const buf = readGroupBytes(from, jsonPath, i, g.paths, json.files, expected);
    const shown = path.join(from, g.paths[0]);
    let off = 0;
    for (const w of g.weights) {
      checkValues(buf, off, w, shown);
      off += specBytes(w);
    }
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    Object.assign(named, tf.io.decodeWeights(ab, g.weights));
  });
  const groups: Record<string, tf.NamedTensorMap> = {};
  for (const [full, t] of Object.entries(named)) {
    const i = full.indexOf('/');
    (groups[full.slice(0, i)] ??= {})[full.slice(i + 1)] = t;
  }
  return { groups, meta: json.zoo ?? {}, file: jsonPath, verified };
}
