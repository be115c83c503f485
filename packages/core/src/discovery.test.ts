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

  const pluginSource = (name: string, version: string) => `exports.plugin = { meta: { name: '${name}', version: '${version}' }, recipes: [] };`;

  it('reports two plugins with one name, naming both packages and folders (the same package reached twice loads once)', () => {
    const root = tempDir();
    writePackage(root, '@zoo/plugin-gnn', { zoo: { plugin: 'index.js' } }, { 'index.js': pluginSource('gnn', '0.1.0') });
    writePackage(root, 'my-gnn', { zoo: { plugin: 'index.js' } }, { 'index.js': pluginSource('gnn', '0.2.0') });
    const gnnDir = fs.realpathSync(path.join(root, 'node_modules', '@zoo', 'plugin-gnn'));
    const myDir = fs.realpathSync(path.join(root, 'node_modules', 'my-gnn'));
    // ZOO_PLUGINS naming an installed package (its folder, or its entry file) adds nothing
    const found = discoverPlugins([root], [gnnDir, path.join(gnnDir, 'index.js')]);
    expect(found.plugins.map((p) => p.packageName).sort()).toEqual(['@zoo/plugin-gnn', 'my-gnn']);
    expect(found.errors).toEqual([]);
    expect(found.collisions).toEqual([`two plugins named 'gnn': @zoo/plugin-gnn 0.1.0 (${gnnDir}) and my-gnn 0.2.0 (${myDir}); uninstall one (or rename its meta.name)`]);
    expect(discoverPlugins([path.join(root, 'x')], []).collisions).toHaveLength(1);
  });

  it('a plugin folder that is not built or not installed is reported with what to run in it', () => {
    const root = tempDir();
    // a plugin developed outside the monorepo: package.json and sources, no dist/, no node_modules
    const dev = path.join(root, 'zoo-plugin-mine');
    fs.mkdirSync(dev);
    fs.writeFileSync(path.join(dev, 'package.json'), JSON.stringify({ name: 'zoo-plugin-mine', main: 'dist/index.js', zoo: { plugin: 'dist/index.js' }, scripts: { build: 'tsc' } }));
    const notBuilt = discoverPlugins([root], [dev]);
    expect(notBuilt.plugins).toEqual([]);
    expect(notBuilt.errors).toEqual([`zoo-plugin-mine (${fs.realpathSync(dev)}): dist/index.js does not exist; the plugin is not built: run \`npm install && npm run build\` in ${fs.realpathSync(dev)}`]);
    // built, but its dependencies are not installed
    fs.mkdirSync(path.join(dev, 'dist'));
    fs.writeFileSync(path.join(dev, 'dist', 'index.js'), "require('left-pad-not-installed-here'); exports.plugin = {};");
    const notInstalled = discoverPlugins([root], [dev]);
    expect(notInstalled.errors).toEqual([
      `zoo-plugin-mine (${fs.realpathSync(dev)}): cannot find module 'left-pad-not-installed-here' (its dependencies are not installed?): run \`npm install && npm run build\` in ${fs.realpathSync(dev)}`,
    ]);
    // an installed package whose entry was never built
    writePackage(root, 'zoo-plugin-unbuilt', { zoo: { plugin: 'dist/index.js' } });
    const unbuiltDir = fs.realpathSync(path.join(root, 'node_modules', 'zoo-plugin-unbuilt'));
    expect(discoverPlugins([root]).errors).toEqual([`zoo-plugin-unbuilt (${unbuiltDir}): dist/index.js does not exist; the plugin is not built: run \`npm install\` in ${unbuiltDir}`]);
    // ZOO_PLUGINS entries that are not there or not plugin packages
    expect(discoverPlugins([], [path.join(root, 'gone')]).errors).toEqual([`ZOO_PLUGINS entry ${path.join(root, 'gone')}: no such file or folder`]);
    const plain = path.join(root, 'plain');
    fs.mkdirSync(plain);
    expect(discoverPlugins([], [plain]).errors).toEqual([`ZOO_PLUGINS entry ${fs.realpathSync(plain)}: no package.json here`]);
  });
});
