import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from './main';
import { ENVIRONMENT, EXIT_CODES, rootHelpAfter } from './help';

const repo = path.join(__dirname, '..', '..', '..');

/** Every source file of the published packages (tests excluded), and their install scripts. */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) out.push(p);
    }
  };
  for (const pkg of fs.readdirSync(path.join(repo, 'packages'))) {
    for (const sub of ['src', 'scripts']) if (fs.existsSync(path.join(repo, 'packages', pkg, sub))) walk(path.join(repo, 'packages', pkg, sub));
  }
  return out;
}

async function zoo(args: string[], tty: { out?: boolean; err?: boolean } = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const was = { out: process.stdout.isTTY, err: process.stderr.isTTY };
  process.stdout.isTTY = Boolean(tty.out);
  process.stderr.isTTY = Boolean(tty.err);
  try {
    return { code: await main(['node', 'zoo', ...args]), out, err };
  } finally {
    process.stdout.isTTY = was.out;
    process.stderr.isTTY = was.err;
    o.mockRestore();
    e.mockRestore();
  }
}

const ESC = '\u001b[';

describe('zoo --help', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    delete process.env.NO_COLOR;
    delete process.env.FORCE_COLOR;
    delete process.env.CLICOLOR_FORCE;
    process.env.TERM = 'xterm';
    process.env.ZOO_PLUGINS = path.join(__dirname, 'testing', 'toy-plugin-entry.ts');
  });
  afterAll(() => {
    process.env = saved;
  });

  it('lists exactly the environment variables the packages read (ZOO_*, NO_COLOR)', () => {
    const read = new Set<string>();
    for (const f of sources()) for (const m of fs.readFileSync(f, 'utf8').matchAll(/\benv\.((?:ZOO_|NO_COLOR)[A-Z0-9_]*)/g)) read.add(m[1]);
    expect(ENVIRONMENT.map((e) => e.name).sort()).toEqual([...read].sort());
  });

  it('shows every variable, the exit codes and an example; the README lists the same', async () => {
    const r = await zoo(['--help']);
    expect(r.code).toBe(0);
    for (const e of ENVIRONMENT) expect(r.out).toContain(`  ${e.name}  `);
    for (const c of EXIT_CODES) expect(r.out).toMatch(new RegExp(`^  ${c.code} +\\S`, 'm'));
    expect(r.out).toMatch(/^Examples:\n  zoo list/m);
    const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
    const cli = readme.slice(readme.indexOf('## CLI'), readme.indexOf('\n## ', readme.indexOf('## CLI') + 1));
    for (const e of ENVIRONMENT) expect(cli).toContain(`\`${e.name}\``);
    for (const c of EXIT_CODES) expect(cli).toContain(`\`${c.code}\``);
    expect(cli).toContain('zoo completion bash');
  });

  it.each(['list', 'info', 'config', 'train', 'eval', 'doctor', 'bench', 'completion'])('zoo %s --help ends with examples of it', async (cmd) => {
    const r = await zoo([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`\\nExamples:\\n(  .*\\bzoo ${cmd}\\b.*\\n)+$`));
  });

  it('exit codes: 0 help, 2 usage (unknown command or flag, missing argument), 1 a fixable error', async () => {
    expect((await zoo(['--version'])).code).toBe(0);
    expect((await zoo(['nope'])).code).toBe(2);
    expect((await zoo(['eval', '--bogus'])).code).toBe(2);
    expect((await zoo(['info'])).code).toBe(2);
    const bad = await zoo(['info', 'toy/nope@blobs']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^zoo: unknown recipe/);
  });

  it('help headings and the error prefix are coloured on a terminal, never in a pipe or with NO_COLOR', async () => {
    expect(rootHelpAfter()).toContain(ESC); // commander strips it where colour is off
    const piped = await zoo(['--help']);
    expect(piped.out).not.toContain(ESC);
    const term = await zoo(['--help'], { out: true });
    expect(term.out).toContain(`${ESC}1mUsage:${ESC}22m`);
    expect(term.out).toContain(`${ESC}1mEnvironment:${ESC}22m`);
    process.env.NO_COLOR = '1';
    expect((await zoo(['--help'], { out: true })).out).not.toContain(ESC);
    expect((await zoo(['eval', '--help'], { out: true })).out).not.toContain(ESC);
    const err = await zoo(['info', 'toy/nope@blobs'], { err: true });
    expect(err.err).toMatch(/^zoo: unknown recipe/);
    delete process.env.NO_COLOR;
    expect((await zoo(['info', 'toy/nope@blobs'], { err: true })).err).toMatch(/^\u001b\[1m\u001b\[31mzoo:\u001b\[39m\u001b\[22m unknown recipe/);
    expect((await zoo(['info', 'toy/nope@blobs'])).err).toMatch(/^zoo: unknown recipe/);
  });
});
