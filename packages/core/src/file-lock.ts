import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pidAlive } from './checkpoint-temps';
import { ZooError } from './errors';

/** What a lock file holds: who took it, where and when (JSON). */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  started: string;
  command: string;
}

/** A lock another live process holds: `what` (e.g. `--out runs/x`) is in use by `holder`. */
export class LockHeldError extends ZooError {
  constructor(
    readonly what: string,
    readonly lockFile: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.host === os.hostname() ? '' : ` on ${holder.host}`;
    super(`${what} is in use by pid ${holder.pid}${where} (${holder.command}, since ${holder.started}); if that process is gone, remove ${lockFile}`);
  }
}

/** Content that is not a holder yet (being written) counts as garbage only when older than this. */
const GARBAGE_GRACE_MS = 5000;

/** The command line of this process as a user typed it (`zoo train gnn/gcn@cora --out runs/x`). */
export function thisCommand(argv: readonly string[] = process.argv): string {
  const bin = path.basename(argv[1] ?? 'node').replace(/\.js$/, '');
  const text = [bin, ...argv.slice(2)].join(' ');
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

type Read = { kind: 'missing' } | { kind: 'holder'; holder: LockHolder; text: string } | { kind: 'garbage'; text: string; ageMs: number };

function readLock(file: string): Read {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw new ZooError(`lock ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.started === 'string' && typeof h.command === 'string') {
      return { kind: 'holder', holder: h as LockHolder, text };
    }
  } catch {
    /* garbage */
  }
  return { kind: 'garbage', text, ageMs: Date.now() - mtimeMs };
}

/** Whether what `read` found may be taken over: a dead pid on this host, or garbage older than the grace time. */
function isStale(read: Read): boolean {
  if (read.kind === 'holder') return read.holder.host === os.hostname() && !pidAlive(read.holder.pid);
  return read.kind === 'garbage' && read.ageMs > GARBAGE_GRACE_MS;
}

/**
 * Creates `file` holding `text` only if it does not exist; false when it does. The text goes to a
 * unique temp file that is then hard-linked to `file` (link fails on an existing name), so a lock is
 * never seen half-written; where hard links are not supported, `open(..., 'wx')` and a write.
 */
function createExclusive(file: string, text: string): boolean {
  const tmp = `${file}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fail = (err: unknown) => new ZooError(`lock ${file}: cannot create it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx' });
  } catch (err) {
    throw fail(err);
  }
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw fail(err);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fail(err);
  }
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** A short synchronous pause between tries (the other taker holds the takeover lock for microseconds). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const held = new Set<FileLock>();

/** On a signal nobody else handles (no train checkpoint logic listening), release and die of it as before. */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // another handler (train's stop-at-epoch-end) runs; the locks go in its finally
  releaseAll();
  process.kill(process.pid, signal);
}
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function releaseAll(): void {
  for (const lock of [...held]) lock.release();
}

function track(lock: FileLock): void {
  if (held.size === 0) {
    process.on('exit', releaseAll);
    // prepended: it must see the other handlers (train's `once`) before they remove themselves
    for (const s of SIGNALS) process.prependListener(s, onSignal);
  }
  held.add(lock);
}

function untrack(lock: FileLock): void {
  if (!held.delete(lock) || held.size > 0) return;
  process.removeListener('exit', releaseAll);
  for (const s of SIGNALS) process.removeListener(s, onSignal);
}

/**
 * An exclusive lock: a file created atomically (a hard link to a written temp file, else
 * `open(..., 'wx')`) holding {pid, host, started, command}. A second taker is refused with a `LockHeldError` naming the holder. A stale lock (its pid
 * is dead on this host, or its content is garbage older than a few seconds) is taken over; takeovers
 * are serialized through a second lock file (`<file>.takeover`), so of two processes racing for one
 * stale lock exactly one wins. Released by `release()`, at process exit, and on a signal nobody else
 * handles (the signal is then re-raised).
 */
export class FileLock {
  private released = false;

  private constructor(
    readonly file: string,
    private readonly text: string,
  ) {}

  /** Takes the lock `file` for `what` (the thing it guards, for messages: `--out runs/x`). */
  static acquire(file: string, what: string, command = thisCommand()): FileLock {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const holder: LockHolder = { pid: process.pid, host: os.hostname(), started: new Date().toISOString(), command };
    const text = `${JSON.stringify(holder)}\n`;
    for (let attempt = 0; attempt < 20; attempt++) {
      if (createExclusive(file, text)) {
        const lock = new FileLock(file, text);
        track(lock);
        return lock;
      }
      const read = readLock(file);
      if (read.kind === 'missing') continue; // released meanwhile
      if (!isStale(read)) {
        if (read.kind === 'holder') throw new LockHeldError(what, file, read.holder);
        throw new ZooError(`${what} is in use: ${file} is being written (try again in a few seconds)`);
      }
      takeOver(file, read.text);
      sleepSync(Math.min(50, 2 ** attempt));
    }
    throw new ZooError(`${what}: could not take ${file} (it keeps changing hands)`);
  }

  /** Removes the lock file if it is still this lock's (a lock taken over from us stays its new holder's). */
  release(): void {
    if (this.released) return;
    this.released = true;
    untrack(this);
    try {
      if (fs.readFileSync(this.file, 'utf8') === this.text) fs.unlinkSync(this.file);
    } catch {
      /* gone already */
    }
  }
}

/**
 * Removes the stale lock `file` if it still holds `staleText`, under the takeover lock so that no
 * other taker can create a fresh lock between the check and the removal being undone by us. A
 * takeover lock left by a dead process is itself removed (its holder held it for microseconds).
 * Exported for the tests (the interleaving of two takers, step by step).
 */
export function takeOver(file: string, staleText: string): void {
  const guard = `${file}.takeover`;
  const mine = `${JSON.stringify({ pid: process.pid, host: os.hostname(), started: new Date().toISOString(), command: 'takeover', nonce: crypto.randomBytes(6).toString('hex') })}\n`;
  if (!createExclusive(guard, mine)) {
    const read = readLock(guard);
    // stale guard: renamed away to a unique name first, so two cleaners never both delete a fresh one
    if (read.kind !== 'missing' && isStale(read)) {
      const aside = `${guard}.stale-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
      try {
        fs.renameSync(guard, aside);
        fs.unlinkSync(aside);
      } catch {
        /* someone else cleaned it */
      }
    }
    return; // the caller retries
  }
  try {
    const now = readLock(file);
    if (now.kind !== 'missing' && now.text === staleText) fs.unlinkSync(file);
  } finally {
    fs.unlinkSync(guard);
  }
}
