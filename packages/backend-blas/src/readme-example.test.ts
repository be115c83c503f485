import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { registerBlasForTests } from './blas-for-tests';

/**
 * The README's usage example is a program that must run: the one ```js block between
 * `<!-- readme-example:start -->` and `<!-- readme-example:end -->` is run as it stands with plain
 * node (a child process, as a tfjs user would run it), resolving `@zoo/backend-blas` to this package's
 * build (`npx tsc -b` first). It trains a tiny model on 'blas' and fails unless the loss falls.
 */
const available = registerBlasForTests('README example test');

const PACKAGE = path.join(__dirname, '..');

/** The example's source: the single js code block between the markers. */
export function readmeExample(readme: string): string {
  const between = /<!-- readme-example:start -->\n([\s\S]*?)<!-- readme-example:end -->/.exec(readme);
  if (!between) throw new Error('README.md has no <!-- readme-example:start --> … <!-- readme-example:end --> block');
  const blocks = [...between[1].matchAll(/```js\n([\s\S]*?)```/g)];
  if (blocks.length !== 1 || between[1].replace(/```js\n[\s\S]*?```/, '').trim() !== '') throw new Error('the README example markers must hold exactly one ```js block');
  return blocks[0][1];
}

describe('README example', () => {
  it('is found between the markers: one js block that imports tfjs and this package and sets the backend', () => {
    const code = readmeExample(fs.readFileSync(path.join(PACKAGE, 'README.md'), 'utf8'));
    expect(code).toContain("require('@tensorflow/tfjs')");
    expect(code).toContain("require('@zoo/backend-blas')");
    expect(code).toContain("tf.setBackend('blas')");
    expect(() => readmeExample('<!-- readme-example:start -->\n```js\na\n```\n```js\nb\n```\n<!-- readme-example:end -->')).toThrow('exactly one');
    expect(() => readmeExample('no markers')).toThrow('no <!-- readme-example:start -->');
  });

  (available ? it : it.skip)('runs with node and trains a tiny model on blas', () => {
    const built = path.join(PACKAGE, 'dist', 'index.js');
    if (!fs.existsSync(built)) throw new Error(`${built} is missing: build first (npx tsc -b)`);
    const code = readmeExample(fs.readFileSync(path.join(PACKAGE, 'README.md'), 'utf8'));
    // run from the package folder: require('@zoo/backend-blas') resolves through the workspace link to this build
    const res = spawnSync(process.execPath, ['-e', code], { cwd: PACKAGE, encoding: 'utf8', timeout: 110_000 });
    expect(res.stderr.split('\n').filter((l) => /Error/.test(l))).toEqual([]);
    expect(res.status).toBe(0);
    const m = /backend blas: loss ([\d.]+) -> ([\d.]+)/.exec(res.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeLessThan(0.2);
  });
});
