import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { Runner, tf } from '@zoo/core';
import { testZoo } from '@zoo/core/testing';
import { pluginGenerator } from './generator';

describe('nx g @zoo/tools:plugin', () => {
  it('scaffolds a plugin package that registers, trains its smoke recipe and passes the contract', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('package.json', JSON.stringify({ name: 'ws', workspaces: ['packages/core', 'packages/cli'] }));
    tree.write('tsconfig.json', JSON.stringify({ files: [], references: [{ path: './packages/core' }] }));
    await pluginGenerator(tree, { name: 'demo', description: 'A "demo" plugin for Zhu\'s <paper>' });

    const pkg = JSON.parse(tree.read('packages/plugin-demo/package.json', 'utf-8')!);
    expect(pkg).toMatchObject({ name: '@zoo/plugin-demo', zoo: { plugin: 'dist/index.js' } });
    expect(pkg.description).toBe('A "demo" plugin for Zhu\'s <paper>'); // not HTML-escaped, valid JSON
    expect(tree.read('packages/plugin-demo/README.md', 'utf-8')).toContain('A "demo" plugin for Zhu\'s <paper>');
    expect(JSON.parse(tree.read('package.json', 'utf-8')!).workspaces).toEqual(['packages/core', 'packages/plugin-demo', 'packages/cli']);
    expect(JSON.parse(tree.read('tsconfig.json', 'utf-8')!).references).toContainEqual({ path: './packages/plugin-demo' });
    for (const f of ['tsconfig.json', 'README.md', 'src/index.ts', 'src/plugin.test.ts']) expect(tree.exists(`packages/plugin-demo/${f}`)).toBe(true);
    await expect(pluginGenerator(tree, { name: 'demo' })).rejects.toThrow(/already exists/);
    await expect(pluginGenerator(tree, { name: 'Bad Name' })).rejects.toThrow(/lowercase/);

    // Load the generated source for real (jest compiles it) and run its smoke recipe through the runner.
    const out = path.join(__dirname, '..', '..', '..', '.gen-test', `demo-${process.pid}`);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'index.ts'), tree.read('packages/plugin-demo/src/index.ts', 'utf-8')!);
    try {
      const plugin = require(path.join(out, 'index.ts')).default;
      expect(plugin.meta.name).toBe('demo');
      const runner = (await testZoo([plugin])).resolve(Runner);
      const before = tf.memory().numTensors;
      const r = await runner.run('demo/softmax@blobs');
      expect(r.metrics.accuracy).toBeGreaterThan(0.8);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
