import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BACKEND_CANDIDATES, TIERS } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { buildProgram } from '../main';
import { runZooCountingCore as zoo } from '../testing/run-zoo';
import { completionScript, completionSpec, FLAG_VALUES } from './completion';

const fixture = path.join(__dirname, '..', 'testing', 'toy-plugin-entry.ts');

/** Sources the bash script, stubs `zoo __complete recipes`, completes `line` (the cursor at its end). */
function bashComplete(script: string, line: string): string[] {
  const words = line.split(' ');
  const test = `${script}
zoo() { [[ "$1 $2" == "__complete recipes" ]] && printf 'toy/softmax@blobs\\ntoy/softmax@blobs-file\\ngnn/gcn@cora\\n'; }
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_zoo
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['--norc', '-c', test], { encoding: 'utf8', cwd: tempDir() });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('zoo completion', () => {
  const { program } = buildProgram(() => {});
  const bash = completionScript('bash', program);

  it('the bash script is valid bash (bash -n)', () => {
    const r = spawnSync('bash', ['-n'], { input: bash, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('bash completes commands, flags, flag values and recipe ids', () => {
    expect(bashComplete(bash, 'zoo ev')).toEqual(['eval']);
    expect(bashComplete(bash, 'zoo c')).toEqual(['completion', 'config']);
    expect(bashComplete(bash, 'zoo eval --ti')).toEqual(['--tier']);
    expect(bashComplete(bash, 'zoo eval --tier sm')).toEqual(['smoke']);
    expect(bashComplete(bash, 'zoo train gnn/gcn@cora --backend b')).toEqual(['blas']);
    expect(bashComplete(bash, 'zoo eval toy/')).toEqual(['toy/softmax@blobs', 'toy/softmax@blobs-file']);
    expect(bashComplete(bash, 'zoo info gnn/g')).toEqual(['gnn/gcn@cora']);
    expect(bashComplete(bash, 'zoo completion z')).toEqual(['zsh']);
    // a flag's value is not a recipe id; `list --json` is a switch, so a recipe comes next
    expect(bashComplete(bash, 'zoo eval --seeds ')).toEqual([]);
    expect(bashComplete(bash, 'zoo list --json to')).toEqual(['toy/softmax@blobs', 'toy/softmax@blobs-file']);
  });

  it('lists every visible command and flag of the program, never the hidden __complete', () => {
    const spec = completionSpec(program);
    expect(spec.commands.map((c) => c.name)).toEqual(['list', 'doctor', 'bench', 'info', 'config', 'train', 'eval', 'completion', 'help']);
    expect(spec.commands.find((c) => c.name === 'eval')!.flags.flatMap((f) => f.names)).toEqual(expect.arrayContaining(['--tier', '--seeds', '--jobs', '--backend', '--help']));
    for (const shell of ['bash', 'zsh', 'fish'] as const) expect(completionScript(shell, program)).not.toMatch(/^\s*__complete\)|-a __complete/m);
    expect(completionScript('zsh', program)).toMatch(/compdef _zoo zoo/);
    expect(completionScript('fish', program)).toMatch(/^complete -c zoo -n '__fish_seen_subcommand_from eval' -l tier -x -a 'smoke cpu paper'/m);
  });

  it("the fixed flag values are core's tiers and backends", () => {
    expect(FLAG_VALUES['--tier']).toEqual(TIERS);
    expect(FLAG_VALUES['--backend']).toEqual(BACKEND_CANDIDATES.map((b) => b.name));
  });

  it('a shell it does not know is a usage error (exit 2)', async () => {
    expect((await zoo(['completion', 'tcsh'])).code).toBe(2);
  });

  it('zoo __complete recipes lists the recipe ids; the second time from the cache, without loading the core', async () => {
    const cache = tempDir();
    const saved = { ...process.env };
    Object.assign(process.env, { ZOO_PLUGINS: fixture, ZOO_CACHE_DIR: cache, ZOO_BACKEND: 'cpu' });
    try {
      const first = await zoo(['__complete', 'recipes']);
      expect(first.code).toBe(0);
      const ids = first.out.split('\n').filter(Boolean);
      expect(ids).toEqual(expect.arrayContaining(['toy/softmax@blobs', 'toy/softmax@blobs-file']));
      expect(ids).toEqual([...ids].sort());
      expect(first.coreLoaded).toBe(true);
      expect(fs.readdirSync(cache)).toEqual(['recipe-ids.json']);

      const second = await zoo(['__complete', 'recipes']);
      expect(second.out).toBe(first.out);
      expect(second.coreLoaded).toBe(false);
    } finally {
      process.env = saved;
    }
  });
});
