import { z } from 'zod';
import { CheckpointError, describeSpec, parseCheckpointField, type ZooSection } from './checkpoint-format';
import type { ResumeState } from './contracts/trainer';
import type { tf } from './tf';
import { earlyStoppingStateSchema } from './trainer/early-stopping';
import { CORE_VERSION, majorMinor } from './version';

/**
 * The checks a `--resume` makes on a checkpoint that loaded (hashes, schema and values are
 * `loadCheckpoint`'s) before anything of it is assigned: its weights against the model's own, the
 * resume fields the core owns (epoch, early stopping's counters), the zoo and plugin versions that
 * wrote it. Each refusal names the checkpoint file and the field.
 */

/**
 * Refuses `saved` (a checkpoint group) unless it holds exactly the weights of `expected` (the model's
 * `getWeights()`), with their shapes and dtypes: every missing, extra and mismatched weight named,
 * e.g. `model/dense/kernel: saved [3,4] float32, model has [4,4] float32`.
 */
export function checkGroupFits(saved: tf.NamedTensorMap | undefined, expected: tf.NamedTensorMap, group: string, file: string): void {
  const have = saved ?? {};
  const problems: string[] = [];
  for (const [name, t] of Object.entries(expected)) {
    const s = have[name];
    if (!s) problems.push(`${group}/${name}: missing (model has ${describeSpec(t.shape, t.dtype)})`);
    else if (s.dtype !== t.dtype || s.shape.length !== t.shape.length || s.shape.some((d, i) => d !== t.shape[i])) {
      problems.push(`${group}/${name}: saved ${describeSpec(s.shape, s.dtype)}, model has ${describeSpec(t.shape, t.dtype)}`);
    }
  }
  for (const [name, s] of Object.entries(have)) if (!(name in expected)) problems.push(`${group}/${name}: saved ${describeSpec(s.shape, s.dtype)}, not a weight of the model`);
  if (problems.length) throw new CheckpointError(file, 'weightsManifest', `the ${group} weights do not fit the model (${problems.length}): ${problems.join('; ')}`);
}

/** `--resume`'s fields of a checkpoint: the epoch (required) and, when saved, early stopping's state. */
export function checkResumeMeta(meta: ZooSection, file: string): { epoch: number; extra: Record<string, unknown> } {
  if (meta.epoch === undefined) throw new CheckpointError(file, 'zoo.epoch', 'missing (a resumable checkpoint records the epoch it continues at)');
  const extra = meta.extra ?? {};
  const epoch = meta.epoch;
  if (extra.earlyStopping !== undefined) {
    const es = parseCheckpointField(earlyStoppingStateSchema, extra.earlyStopping, file, ['zoo', 'extra', 'earlyStopping']);
    if (es.bestEpoch >= epoch) throw new CheckpointError(file, 'zoo.extra.earlyStopping.bestEpoch', `${es.bestEpoch} is not before the saved epoch ${epoch}`);
    if (es.wait > epoch) throw new CheckpointError(file, 'zoo.extra.earlyStopping.wait', `${es.wait} epochs without improvement, more than the ${epoch} trained`);
  }
  if (extra.bestEpoch !== undefined) parseCheckpointField(z.number().int().min(-1), extra.bestEpoch, file, ['zoo', 'extra', 'bestEpoch']);
  return { epoch, extra };
}

/** The versions a run records in its checkpoints (`zoo.zooVersion`, `zoo.plugin`). */
export interface ZooVersions {
  zooVersion: string;
  plugin?: { name: string; version: string };
}

export function currentVersions(plugin?: { name: string; version: string }): ZooVersions {
  return { zooVersion: CORE_VERSION, ...(plugin ? { plugin: { name: plugin.name, version: plugin.version } } : {}) };
}

/**
 * Where the checkpoint's recorded versions differ from `now` in major.minor (a patch release keeps
 * the format and the numbers), one `zoo core 0.2.0 in FILE, 0.1.0 now` each. A checkpoint that
 * records none (format 1, or one written outside a run) has nothing to compare.
 */
export function versionChanges(meta: ZooSection, now: ZooVersions, file: string): string[] {
  const out: string[] = [];
  const differs = (a: string, b: string) => (majorMinor(a) ?? a) !== (majorMinor(b) ?? b);
  if (meta.zooVersion !== undefined && differs(meta.zooVersion, now.zooVersion)) out.push(`zoo core ${meta.zooVersion} in ${file}, ${now.zooVersion} now`);
  const p = meta.plugin;
  if (p && now.plugin) {
    if (p.name !== now.plugin.name) out.push(`plugin ${p.name} ${p.version} in ${file}, ${now.plugin.name} ${now.plugin.version} now`);
    else if (differs(p.version, now.plugin.version)) out.push(`plugin ${p.name} ${p.version} in ${file}, ${now.plugin.version} now`);
  }
  return out;
}

/**
 * A trainer's own resume state `resume.extra[key]`, checked by `schema` (undefined when not saved):
 * a bad value is refused naming the checkpoint file and `zoo.extra.<key>.<field>`.
 */
export function resumeExtra<S extends z.ZodType>(resume: ResumeState | undefined, key: string, schema: S): z.output<S> | undefined {
  const v = resume?.extra[key];
  if (v === undefined) return undefined;
  return parseCheckpointField(schema, v, resume?.file ?? '(resume state)', ['zoo', 'extra', key]);
}
