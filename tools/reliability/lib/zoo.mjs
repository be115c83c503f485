/**
 * Spawning the zoo CLI for a probe: its own process group (so a timeout or a kill -9 trial takes the
 * whole tree, worker threads and children included), bounded output capture, and the `--json` rows read
 * back without throwing (a missing or broken rows file is part of the outcome, not a probe error).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ZOO = path.join(ROOT, 'packages/cli/bin/zoo.js');
const MAX_CAPTURE = 1 << 20; // 1 MiB of stdout/stderr each is plenty to classify
/** A probe above this resident size is killed (and reported `unbounded`): the machine is shared. */
export const HARD_RSS_MB = 4096;

/** Resident megabytes of `pid` (Linux /proc; worker threads included), or null where unreadable. */
function rssMb(pid) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The environment every probe runs in: no colour, small configured limits (see README "Limits"). */
export function probeEnv(extra = {}) {
  const env = { ...process.env, NO_COLOR: '1', ZOO_MAX_INFLATED_BYTES: String(64 << 20), ...extra };
  delete env.FORCE_COLOR;
  return env;
}

/** Starts `zoo ...args`; returns the child and a promise of its result. */
export function startZoo(args, { timeoutMs = 60_000, cwd = ROOT, env = {} } = {}) {
  const t0 = Date.now();
  const child = spawn(process.execPath, [ZOO, ...args], { cwd, env: probeEnv(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { if (stdout.length < MAX_CAPTURE) stdout += d; });
  child.stderr.on('data', (d) => { if (stderr.length < MAX_CAPTURE) stderr += d; });
  let timedOut = false;
  let killedByUs = false;
  const killGroup = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ } };
  const timer = setTimeout(() => { timedOut = true; killGroup(); }, timeoutMs);
  let peakRssMb = 0;
  let rssKilled = false;
  const sampler = setInterval(() => {
    const mb = rssMb(child.pid) ?? 0;
    peakRssMb = Math.max(peakRssMb, mb);
    if (mb > HARD_RSS_MB && !rssKilled) { rssKilled = true; killGroup(); }
  }, 100);
  const done = new Promise((resolve) => {
    child.on('error', (err) => { stderr += `\nspawn error: ${err.message}`; });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      killGroup(); // leftovers of the group (a worker's child) never outlive a probe
      resolve({ args, code, signal, stdout, stderr, timedOut, killedByUs, rssKilled, peakRssMb: Math.round(peakRssMb), ms: Date.now() - t0 });
    });
  });
  return {
    child,
    done,
    /** kill -9 the whole process group (a kill trial); the result then says killedByUs. */
    kill9() { killedByUs = true; killGroup(); },
  };
}

/** Runs `zoo ...args` to the end (or the timeout). */
export function runZoo(args, opts) {
  return startZoo(args, opts).done;
}

/** The rows of an eval `--json` file (or a train result object) if it parses, else null. */
export function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** `zoo list --json` once per probe run: recipe ids and tiers. */
export async function listRecipes() {
  const r = await runZoo(['list', '--json']);
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`zoo list --json failed (exit ${r.code}): ${r.stderr.split('\n')[0]} — is the CLI built (npx tsc -b)?`);
  }
}
