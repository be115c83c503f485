import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverPlugins } from './discovery';
import { tempDir } from './testing';

function writePackage(root: string, name: string, pkg: Record<string, unknown>, files: Record<string, string> = {}): void {
  const dir = path.join(root, 'node_modules', ...name.split('/'));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, ...pkg }));
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
}

describe('discoverPlugins', () => {
  it('loads "zoo": { "plugin" } packages, lists "zoo": { "bench" } entries without loading them, and reports broken plugins', () => {
    const root = tempDir();
    writePackage(root, '@x/plugin-toy', { zoo: { plugin: 'index.js' } }, { 'index.js': "exports.plugin = { meta: { name: 'toy', version: '1.0.0' }, recipes: [] };" });
    writePackage(root, '@x/bench', { zoo: { bench: 'dist/index.js' } }); // no file: listing must not require it
    writePackage(root, 'broken', { zoo: { plugin: 'index.js' } }, { 'index.js': 'module.exports = {};' });
    writePackage(root, 'unrelated', {});
    const found = discoverPlugins([path.join(root, 'sub')]);
    expect(found.plugins.map((p) => [p.packageName, p.plugin.meta.name])).toEqual([['@x/plugin-toy', 'toy']]);
    const real = fs.realpathSync(path.join(root, 'node_modules', '@x', 'bench'));
    expect(found.benchEntries).toEqual([{ packageName: '@x/bench', dir: real, entry: path.join(real, 'dist/index.js') }]);
    expect(found.errors).toEqual([expect.stringMatching(/^broken: .*does not export a plugin/)]);
  });
});
