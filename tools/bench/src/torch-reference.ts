import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Runs a PyTorch reference script from the repository's tools/bench (Debian's python3-torch, never a
 * dependency) and returns the JSON of its last stdout line; its stderr (progress) passes through. Null,
 * with one logged line saying why, when the script or a python3 with torch is not here. Shared by
 * the benchmarks of `@zoo/bench` (the scripts sit beside src/ and dist/ in tools/bench).
 */
export function runTorchReference(script: string, args: string[], log: (line: string) => void, timeoutMs = 900_000, dir = path.resolve(__dirname, '..')): unknown {
  const file = path.resolve(dir, script);
  if (!fs.existsSync(file)) {
    log(`PyTorch reference skipped: ${file} not found (run from the zoo repository)`);
    return null;
  }
  // Debian's python3-torch lives under the system python, which may not be first on PATH.
  const python = ['/usr/bin/python3', 'python3'].find((py) => {
    try {
      execFileSync(py, ['-c', 'import torch'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
  if (!python) {
    log('PyTorch reference skipped: no python3 with torch (Debian: apt-get install python3-torch)');
    return null;
  }
  log(`running the PyTorch reference (${python} ${path.relative(process.cwd(), file)}${args.length ? ` ${args.join(' ')}` : ''})...`);
  const out = execFileSync(python, [file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: timeoutMs });
  return JSON.parse(out.trim().split('\n').pop()!);
}
