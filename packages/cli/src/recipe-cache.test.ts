import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverPlugins } from '@zoo/core';
import { tempDir } from '@zoo/core/testing';
import { cacheDir, findPluginManifests, recipeIds } from './recipe-cache';

const repo = path.join(__dirname, '..', '..', '..');

/** A folder with node_modules/<name>/package.json declaring a plugin entry beside it. */
function fakeInstall(names: string[]): string {
  const root = tempDir();
  for (const name of names) {
    const dir = path.join(root, 'node_modules', ...name.split('/'));
    fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', zoo: { plugin: 'dist/index.js' } }));
    fs.writeFileSync(path.join(dir, 'dist', 'index.js'), 'module.exports = {};\n');
  }
  fs.mkdirSync(path.join(root, 'node_modules', 'not-a-plugin'));
  fs.writeFileSync(path.join(root, 'node_modules', 'not-a-plugin', 'package.json'), '{"name":"not-a-plugin"}');
  return root;
}

describe('recipe ids for completion', () => {
  it("finds the same plugin packages as core's discoverPlugins, without loading them", () => {
    const found = findPluginManifests([repo]).map((m) => m.packageName).sort();
    expect(found).toEqual(discoverPlugins([repo]).plugins.map((p) => p.packageName).sort());
    expect(found).toEqual(expect.arrayContaining(['@zoo/plugin-gnn', '@zoo/plugin-snn']));
  });

  it('loads once, then answers from the cache until a plugin is added or rebuilt', () => {
    const root = fakeInstall(['@zoo/plugin-a']);
    const dir = tempDir();
    let loads = 0;
    const load = () => (loads++, ['a/m@d', 'a/b@c', 'a/m@d']);
    const opts = { fromDirs: [root], extraEntries: [], load, dir };
    expect(recipeIds(opts)).toEqual(['a/b@c', 'a/m@d']);
    expect(recipeIds(opts)).toEqual(['a/b@c', 'a/m@d']);
    expect(loads).toBe(1);
    // rebuilt: a file beside the entry is newer
    const entry = path.join(root, 'node_modules', '@zoo', 'plugin-a', 'dist', 'recipes.js');
    fs.writeFileSync(entry, '');
    recipeIds(opts);
    expect(loads).toBe(2);
    // another plugin installed
    fs.mkdirSync(path.join(root, 'node_modules', 'zoo-plugin-b', 'dist'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', 'zoo-plugin-b', 'package.json'), JSON.stringify({ name: 'zoo-plugin-b', zoo: { plugin: 'dist/index.js' } }));
    recipeIds(opts);
    expect(loads).toBe(3);
    // a ZOO_PLUGINS entry
    recipeIds({ ...opts, extraEntries: [entry] });
    expect(loads).toBe(4);
  });

  it('an unwritable cache only costs speed', () => {
    const file = path.join(tempDir(), 'a-file');
    fs.writeFileSync(file, '');
    expect(recipeIds({ fromDirs: [tempDir()], extraEntries: [], load: () => ['x/y@z'], dir: path.join(file, 'sub') })).toEqual(['x/y@z']);
  });

  it('keeps its file under ZOO_CACHE_DIR, else XDG_CACHE_HOME/zoo, else ~/.cache/zoo', () => {
    expect(cacheDir({ ZOO_CACHE_DIR: '/c' })).toBe('/c');
    expect(cacheDir({ XDG_CACHE_HOME: '/x' })).toBe(path.join('/x', 'zoo'));
    expect(cacheDir({})).toMatch(/[\\/]\.cache[\\/]zoo$/);
  });
});
