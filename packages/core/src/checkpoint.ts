import * as fs from 'node:fs';
import * as path from 'node:path';
import { tf } from './tf';
import { ZooError } from './errors';

/**
 * Checkpoints in tfjs's format: `model.json` (weights manifest + our `zoo` section with the resolved
 * config, metrics and resume state) and `weights.bin`. Weight groups are stored with a prefix
 * (`model/`, `optimizer/`, `best/`) in one manifest. Written atomically: a temp folder is filled,
 * then renamed over the old one, so a crash never leaves a half-written checkpoint.
 */
export interface CheckpointData {
  groups: Record<string, tf.NamedTensorMap>;
  meta: Record<string, unknown>;
}

export async function saveCheckpoint(dir: string, data: CheckpointData): Promise<void> {
  const named: tf.NamedTensorMap = {};
  for (const [group, map] of Object.entries(data.groups)) {
    for (const [name, t] of Object.entries(map)) named[`${group}/${name}`] = t;
  }
  const { data: buf, specs } = await tf.io.encodeWeights(named);
  const modelJson = {
    format: 'zoo-checkpoint',
    generatedBy: `TensorFlow.js tfjs-core v${tf.version_core}`,
    modelTopology: null,
    weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    zoo: data.meta,
  };
  const parent = path.dirname(path.resolve(dir));
  fs.mkdirSync(parent, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp);
  fs.writeFileSync(path.join(tmp, 'weights.bin'), Buffer.from(buf));
  fs.writeFileSync(path.join(tmp, 'model.json'), JSON.stringify(modelJson, null, 1));
  const old = `${dir}.old-${process.pid}`;
  if (fs.existsSync(dir)) fs.renameSync(dir, old);
  fs.renameSync(tmp, dir);
  fs.rmSync(old, { recursive: true, force: true });
}

export function loadCheckpoint(dir: string): CheckpointData {
  const jsonPath = path.join(dir, 'model.json');
  if (!fs.existsSync(jsonPath)) throw new ZooError(`no checkpoint at ${dir} (expected ${jsonPath})`);
  let json: any;
  try {
    json = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  } catch (err) {
    throw new ZooError(`checkpoint ${jsonPath} is not valid JSON: ${(err as Error).message}`);
  }
  const manifest = json.weightsManifest?.[0];
  if (!manifest || !Array.isArray(manifest.weights)) throw new ZooError(`checkpoint ${jsonPath}: no weightsManifest`);
  const bin = fs.readFileSync(path.join(dir, manifest.paths[0]));
  const expected = manifest.weights.reduce(
    (s: number, w: { shape: number[]; dtype: string }) => s + w.shape.reduce((a, b) => a * b, 1) * 4,
    0,
  );
  if (bin.byteLength !== expected) {
    throw new ZooError(`checkpoint ${path.join(dir, manifest.paths[0])}: ${bin.byteLength} bytes, manifest needs ${expected}`);
  }
  const ab = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
  const named = tf.io.decodeWeights(ab, manifest.weights);
  const groups: Record<string, tf.NamedTensorMap> = {};
  for (const [full, t] of Object.entries(named)) {
    const i = full.indexOf('/');
    const group = full.slice(0, i);
    (groups[group] ??= {})[full.slice(i + 1)] = t;
  }
  return { groups, meta: json.zoo ?? {} };
}
