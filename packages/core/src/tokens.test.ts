import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOKENS } from './tokens';

/**
 * "No token is registered that nothing injects": scans the monorepo's sources (tests excluded) for
 * what is registered in a container (`.register(TOKEN, ...)`, a plugin's `services: [{ token: X }]`)
 * and what is injected (`@inject(TOKEN)`), and fails on a token registered but never injected.
 */
const PACKAGES = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!['node_modules', 'dist', 'files'].includes(e.name)) out.push(...sources(p));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const files = fs.readdirSync(PACKAGES).flatMap((pkg) => (fs.existsSync(path.join(PACKAGES, pkg, 'src')) ? sources(path.join(PACKAGES, pkg, 'src')) : []));
const text = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');

function matches(re: RegExp): Set<string> {
  return new Set([...text.matchAll(re)].map((m) => m[1]));
}

describe('tokens', () => {
  const injected = matches(/@inject\(\s*([\w.]+)\s*\)/g);
  // what a container resolves by token outside a constructor also counts (the CLI resolves TOKENS.Registry)
  const resolved = matches(/\.resolve(?:<[^>]*>)?\(\s*(TOKENS\.\w+)\s*\)/g);
  const registered = new Set([...matches(/\.register\(\s*(TOKENS\.\w+|[A-Z][A-Z0-9_]+)\s*,/g), ...matches(/\{\s*token:\s*([\w.]+)\s*,/g)]);

  it('finds the sources it scans (the scan itself works)', () => {
    expect(files.some((f) => f.endsWith(path.join('core', 'src', 'runner.ts')))).toBe(true);
    expect(registered.has('TOKENS.TrainerRng')).toBe(true);
    expect(registered.has('GRAPH_PARTITIONER')).toBe(true);
    expect(injected.has('TOKENS.Logger')).toBe(true);
  });

  it('every registered token is injected somewhere', () => {
    const unused = [...registered].filter((t) => !injected.has(t) && !resolved.has(t));
    expect(unused).toEqual([]);
  });

  it('every token of TOKENS is injected (or resolved) somewhere', () => {
    const unused = Object.keys(TOKENS).map((k) => `TOKENS.${k}`).filter((t) => !injected.has(t) && !resolved.has(t));
    expect(unused).toEqual([]);
  });
});
