import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * What a killed `saveCheckpoint` leaves beside `<name>`: `<name>.tmp-<pid>` (the new checkpoint,
 * maybe half-written) and `<name>.old-<pid>` (the previous one, complete, renamed away just before
 * the new one takes its place). A process killed between those two renames leaves no `<name>` at
 * all: its `.old-<pid>` is then the last good checkpoint and goes back to `<name>`; every other temp
 * folder of a dead process is removed. A live process's folders are never touched (it is saving).
 */
// `<name>.tmp-<pid>`, and `<name>.tmp-<pid>-<suffix>` as other writers (and older zoo versions' tools) name them
const TEMP = /^(.+?)\.(tmp|old)-(\d+)(?:-[A-Za-z0-9]+)?$/;

/** True when `pid` names a running process (this one included; EPERM: running as another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Temp {
  entry: string;
  name: string;
  kind: 'tmp' | 'old';
  pid: number;
}

function tempsIn(parent: string, names?: readonly string[]): Temp[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(parent).sort();
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const m = TEMP.exec(entry);
    if (!m || (names && !names.includes(m[1]))) return [];
    return [{ entry, name: m[1], kind: m[2] as 'tmp' | 'old', pid: Number(m[3]) }];
  });
}

const complete = (dir: string) => fs.existsSync(path.join(dir, 'model.json'));
const mtime = (p: string) => fs.statSync(p).mtimeMs;

/**
 * When `dir` is missing and a complete `<dir>.old-<pid>` exists (a save killed between its renames),
 * the newest such folder: renamed back to `dir` when its process is gone, else (a live save in
 * progress) returned to be read where it is. Returns the folder to read (`dir` otherwise).
 */
export function recoverInterruptedSave(dir: string): string {
  if (fs.existsSync(dir)) return dir;
  const parent = path.dirname(path.resolve(dir));
  const base = path.basename(path.resolve(dir));
  const olds = tempsIn(parent, [base])
    .filter((t) => t.kind === 'old' && complete(path.join(parent, t.entry)))
    .sort((a, b) => mtime(path.join(parent, b.entry)) - mtime(path.join(parent, a.entry)));
  if (olds.length === 0) return dir;
  const from = path.join(parent, olds[0].entry);
  if (pidAlive(olds[0].pid)) return from;
  fs.renameSync(from, dir);
  return dir;
}

/**
 * Cleans the temp folders of `names` (`last`, `final`) in `parent` left by dead processes: a
 * `.old-<pid>` whose checkpoint is missing is recovered (see `recoverInterruptedSave`), the rest are
 * removed. Returns what it did, one line each (`removed last.tmp-123`, `recovered last from ...`).
 */
export function cleanCheckpointTemps(parent: string, names: readonly string[]): string[] {
  const done: string[] = [];
  for (const name of names) {
    const dir = path.join(parent, name);
    if (!fs.existsSync(dir)) {
      const from = recoverInterruptedSave(dir);
      if (from === dir && fs.existsSync(dir)) done.push(`recovered ${name} from an interrupted save`);
    }
  }
  for (const t of tempsIn(parent, names)) {
    if (pidAlive(t.pid)) continue;
    fs.rmSync(path.join(parent, t.entry), { recursive: true, force: true });
    done.push(`removed ${t.entry}`);
  }
  return done;
}
