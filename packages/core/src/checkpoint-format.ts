import { z } from 'zod';
import { ZooError } from './errors';

/**
 * The shape of a checkpoint's `model.json`, checked field by field before anything is read or
 * decoded (a hand-edited or foreign file is refused naming the field, not loaded as NaN epochs or
 * 4-byte bools). Format 2 adds `files`: the SHA-256 and byte size of every weight file, verified
 * before decoding; a format-1 checkpoint (no `formatVersion`, no hashes) still loads, unverified.
 */
export const CHECKPOINT_FORMAT_VERSION = 2;

/** Bytes per element of the dtypes a checkpoint may hold (tfjs's encoding; no quantization, no strings). */
export const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1 } as const;
export type CheckpointDtype = keyof typeof DTYPE_BYTES;

/** A checkpoint refused: the file (its `model.json` or a weight file), the field, what is wrong. */
export class CheckpointError extends ZooError {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly detail: string,
  ) {
    super(`checkpoint ${file}: ${field ? `${field}: ` : ''}${detail}`);
  }
}

const weightSpecSchema = z.strictObject({
  name: z.string().regex(/^[^/]+\/.+$/, 'expected <group>/<name> (model/w, optimizer/0000__iter, ...)'),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.enum(['float32', 'int32', 'bool']),
});
export type WeightSpec = z.output<typeof weightSpecSchema>;

const fileEntrySchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
  bytes: z.number().int().nonnegative(),
});

/** Our `zoo` section: every field the zoo writes is typed; other keys pass (a later zoo may add some). */
export const zooSectionSchema = z.looseObject({
  recipe: z.string().min(1).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  backend: z.string().optional(),
  /** The epoch a resume continues at. */
  epoch: z.number().int().nonnegative().optional(),
  /** Callback and trainer state (early stopping's counters, a trainer's kept JSON). */
  extra: z.record(z.string(), z.unknown()).optional(),
  /** `RngStreams.snapshot()`: 32-bit unsigned states by stream key. */
  rng: z.record(z.string().min(1), z.number().int().min(0).max(0xffffffff)).optional(),
  /** @zoo/core's package version that wrote it. */
  zooVersion: z.string().min(1).optional(),
  /** The recipe's plugin that wrote it. */
  plugin: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }).optional(),
  /** `final/`: the test metrics (JSON writes NaN as null). */
  metrics: z.record(z.string(), z.number().nullable()).optional(),
  bestEpoch: z.number().int().min(-1).optional(),
});
export type ZooSection = z.output<typeof zooSectionSchema>;

export const checkpointJsonSchema = z.looseObject({
  format: z.literal('zoo-checkpoint'),
  formatVersion: z.literal(CHECKPOINT_FORMAT_VERSION).optional(),
  generatedBy: z.string().optional(),
  modelTopology: z.null().optional(),
  weightsManifest: z.array(z.strictObject({ paths: z.array(z.string().min(1)).min(1), weights: z.array(weightSpecSchema) })).min(1),
  files: z.record(z.string(), fileEntrySchema).optional(),
  zoo: zooSectionSchema.optional(),
});
export type CheckpointJson = z.output<typeof checkpointJsonSchema>;

/** `a.b[2].c` for a zod issue path. */
export function fieldPath(p: readonly PropertyKey[]): string {
  return p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '');
}

function valueAt(raw: unknown, p: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const k of p) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** Parses `raw` with `schema` or throws a `CheckpointError` naming `file` and the first bad field (under `prefix`). */
export function parseCheckpointField<S extends z.ZodType>(schema: S, raw: unknown, file: string, prefix: readonly PropertyKey[] = []): z.output<S> {
  const res = schema.safeParse(raw);
  if (res.success) return res.data;
  const issue = res.error.issues[0];
  const got = valueAt(raw, issue.path);
  const gotText = got === undefined ? '' : ` (got ${JSON.stringify(got)?.slice(0, 80)})`;
  throw new CheckpointError(file, fieldPath([...prefix, ...issue.path]) || '(root)', `${issue.message.replace(/^Invalid input: /, '')}${gotText}`);
}

/** `model.json`'s parsed text, checked: every field typed, weight names unique, sizes that fit in memory. */
export function parseCheckpointJson(raw: unknown, file: string): CheckpointJson {
  const json = parseCheckpointField(checkpointJsonSchema, raw, file);
  const seen = new Set<string>();
  json.weightsManifest.forEach((g, i) =>
    g.weights.forEach((w, j) => {
      if (seen.has(w.name)) throw new CheckpointError(file, `weightsManifest[${i}].weights[${j}].name`, `'${w.name}' is listed twice`);
      seen.add(w.name);
      if (!Number.isSafeInteger(specBytes(w))) throw new CheckpointError(file, `weightsManifest[${i}].weights[${j}].shape`, `[${w.shape.join(',')}] is too large`);
    }),
  );
  json.weightsManifest.forEach((g, i) =>
    g.paths.forEach((p, k) => {
      const problem = plainRelativeProblem(p);
      if (problem) throw new CheckpointError(file, `weightsManifest[${i}].paths[${k}]`, problem);
    }),
  );
  if (json.formatVersion === CHECKPOINT_FORMAT_VERSION) {
    for (const [i, g] of json.weightsManifest.entries()) {
      g.paths.forEach((p, k) => {
        if (!json.files?.[p]) throw new CheckpointError(file, `weightsManifest[${i}].paths[${k}]`, `'${p}' has no SHA-256 in files (format ${CHECKPOINT_FORMAT_VERSION} lists one per weight file)`);
      });
    }
  }
  return json;
}

/** Why `rel` is not a plain relative name inside the checkpoint folder (absolute, `..`, empty parts), else undefined. */
export function plainRelativeProblem(rel: string): string | undefined {
  if (rel.startsWith('/') || rel.startsWith('\\') || /^[A-Za-z]:/.test(rel)) return `absolute path '${rel}' (weight files are named relative to the checkpoint folder)`;
  if (rel.split(/[\\/]/).some((p) => p === '..' || p === '' || p === '.')) return `path '${rel}' leaves the checkpoint folder or is not a plain relative name`;
  return undefined;
}

/** Bytes of one weight as tfjs encodes it. */
export function specBytes(w: WeightSpec): number {
  return w.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[w.dtype];
}

/** `[3,4] float32`, the way refusals show a weight. */
export function describeSpec(shape: readonly number[], dtype: string): string {
  return `[${shape.join(',')}] ${dtype}`;
}
