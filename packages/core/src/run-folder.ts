import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanCheckpointTemps } from './checkpoint-temps';
import { ZooError } from './errors';
import { FileLock } from './file-lock';
import type { RunConfig } from './registry';

/** What `zoo train --out DIR` writes into DIR (and `--overwrite` clears): nothing else is touched. */
const RUN_ENTRIES = ['config.json', 'last', 'final', 'resumes.jsonl'];
/** The run's checkpoints, whose `<name>.tmp-<pid>` / `<name>.old-<pid>` a killed save may leave. */
const CHECKPOINTS = ['last', 'final'];

/** The lock a run holds on its folder for its whole length (`FileLock`; its takeover and temp files start with it too). */
export const RUN_LOCK = '.lock';

/** The config stored in a run folder, and the file it came from (for messages). */
export interface StoredRun {
  recipe: string;
  config: RunConfig;
  file: string;
}

/**
 * A run folder (`--out DIR`): `config.json` (the recipe id and the resolved config), `last/` (the
 * resumable checkpoint), `final/` and, after a `--resume --force` with another config, `resumes.jsonl`
 * (one line per forced resume: the epoch and the changed fields). A folder that already holds
 * something is refused unless the run resumes it or `overwrite` clears the run's entries first, so a
 * second `zoo train --out` never mixes two runs' files; while a run is in it the folder is locked.
 * Opening it (under the lock) first cleans what a killed save left (`cleanCheckpointTemps`: a dead
 * process's temp folders removed, an interrupted `last` recovered).
 */
export class RunFolder {
  private constructor(
    readonly dir: string,
    private readonly lock: FileLock | undefined,
  ) {}

  /**
   * Opens `dir` for one run and locks it (`DIR/.lock`) until `close()`: a second run into the same
   * folder (a train, a resume) is refused naming the holder's pid, command and start time, before
   * anything in the folder is read or removed.
   */
  static open(dir: string, opts: { resume?: boolean; overwrite?: boolean; command?: string; log?: (line: string) => void }): RunFolder {
    if (opts.resume && opts.overwrite) throw new ZooError('--resume and --overwrite exclude each other: --resume continues the run in --out, --overwrite starts a new one there');
    const exists = fs.existsSync(dir);
    if (exists && !fs.statSync(dir).isDirectory()) throw new ZooError(`--out ${dir} is a file, not a folder`);
    // a resume of a folder that is not there fails on its missing checkpoint: nothing to lock or create
    if (opts.resume && !exists) return new RunFolder(dir, undefined);
    fs.mkdirSync(dir, { recursive: true });
    const lock = FileLock.acquire(path.join(dir, RUN_LOCK), `--out ${dir}`, opts.command);
    try {
      for (const line of cleanCheckpointTemps(dir, CHECKPOINTS)) opts.log?.(`--out ${dir}: ${line} (left by a killed run)`);
      if (!opts.resume) {
        const entries = fs.readdirSync(dir).filter((e) => !e.startsWith(RUN_LOCK));
        if (entries.length > 0 && !opts.overwrite) {
          throw new ZooError(`--out ${dir} already holds a run (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}): add --resume to continue it or --overwrite to start over`);
        }
        if (opts.overwrite) {
          for (const e of entries) if (RUN_ENTRIES.includes(e) || /^(last|final)\.(tmp|old)-[\w-]+$/.test(e)) fs.rmSync(path.join(dir, e), { recursive: true, force: true });
        }
      }
    } catch (err) {
      lock.release();
      throw err;
    }
    return new RunFolder(dir, lock);
  }

  /** Releases the folder's lock (the run ended, or failed). */
  close(): void {
    this.lock?.release();
  }

  get configFile(): string {
    return path.join(this.dir, 'config.json');
  }

  /** The stored recipe and config: `config.json`, else the `last/` checkpoint's copy. */
  stored(checkpointMeta: Record<string, unknown>): StoredRun {
    if (fs.existsSync(this.configFile)) {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(fs.readFileSync(this.configFile, 'utf8')) as Record<string, unknown>;
      } catch (err) {
        throw new ZooError(`${this.configFile} is not valid JSON: ${(err as Error).message}`);
      }
      const { recipe, ...config } = json;
      return { recipe: String(recipe), config: config as unknown as RunConfig, file: this.configFile };
    }
    return { recipe: String(checkpointMeta.recipe), config: checkpointMeta.config as RunConfig, file: path.join(this.dir, 'last', 'model.json') };
  }

  writeConfig(recipe: string, config: RunConfig): void {
    fs.writeFileSync(this.configFile, `${JSON.stringify({ recipe, ...config }, null, 2)}\n`);
  }

  /** Records a forced resume (the epoch it continued from and the fields that changed). */
  recordForcedResume(epoch: number, changes: string[]): void {
    fs.appendFileSync(path.join(this.dir, 'resumes.jsonl'), `${JSON.stringify({ epoch, forced: true, changes })}\n`);
  }
}

/** `config` as `--set` overrides of its leaves (`trainer.lr=0.01`), so a stored config is resolved again like one. */
export function configAsOverrides(config: unknown, prefix = ''): string[] {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) return prefix ? [`${prefix}=${JSON.stringify(config)}`] : [];
  return Object.entries(config).flatMap(([k, v]) => (v === undefined ? [] : configAsOverrides(v, prefix ? `${prefix}.${k}` : k)));
}

/** The fields where `now` differs from `stored`, one `trainer.lr: 0.01 in FILE, 0.5 now` each, sorted. */
export function configDiff(stored: unknown, now: unknown, file: string): string[] {
  const a = leaves(stored);
  const b = leaves(now);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const show = (v: string | undefined) => v ?? '(absent)';
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${show(a.get(k))} in ${file}, ${show(b.get(k))} now`);
}

function leaves(config: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    if (prefix && config !== undefined) out.set(prefix, JSON.stringify(config));
    return out;
  }
  for (const [k, v] of Object.entries(config)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}
