import * as path from 'node:path';
import type { FileLock } from '@zoo/core';
import { FileLock as Lock, ZooError } from './lazy-core';

/** An output file a command writes at its end, and the flag that named it (for messages). */
export interface Output {
  flag: string;
  file: string | undefined;
}

/**
 * Locks the output files of a long command (`eval --json F --csv G`, `train --json F`) at its start,
 * each through `F.lock` (core's `FileLock`), until `release()` after they are written: a second
 * command writing one of them is refused at once, naming the holder, instead of silently replacing
 * the first one's rows hours later. Two flags naming one file are refused too.
 */
export function lockOutputs(outputs: readonly Output[]): { release: () => void } {
  const named = outputs.filter((o): o is { flag: string; file: string } => o.file !== undefined);
  const seen = new Map<string, string>();
  for (const o of named) {
    const abs = path.resolve(o.file);
    const other = seen.get(abs);
    if (other) throw new ZooError(`${other} and ${o.flag} name the same file ${o.file}`);
    seen.set(abs, o.flag);
  }
  const locks: FileLock[] = [];
  const release = () => {
    for (const l of locks.splice(0)) l.release();
  };
  try {
    for (const o of named) locks.push(Lock.acquire(`${o.file}.lock`, `${o.flag} ${o.file}`));
  } catch (err) {
    release();
    throw err;
  }
  return { release };
}
