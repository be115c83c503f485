import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// core/vendor/tfjs-extras.js: the gradients and chained ops that @tensorflow/tfjs registered for core
// before core stood on tfjs-core alone (see tf.ts).
const CORE = path.join(__dirname, '..');
const VENDOR = path.join(CORE, 'vendor', 'tfjs-extras.js');

/** What a fresh Node process has registered after `setup` (each in its own process: tfjs's registries are global). */
function registered(setup: string): { gradients: string[]; chained: string[] } {
  const script = `${setup}
    const g = globalThis._tfGlobals;
    const proto = require('@tensorflow/tfjs-core').Tensor.prototype;
    process.stdout.write(JSON.stringify({ gradients: [...g.get('gradRegistry').keys()].sort(), chained: Object.getOwnPropertyNames(proto).sort() }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: CORE, encoding: 'utf8' }));
}

describe('tfjs-core + vendor/tfjs-extras.js', () => {
  it('registers every gradient and chained op that @tensorflow/tfjs registers', () => {
    const bare = registered(`require('@tensorflow/tfjs-core');`);
    const ours = registered(`require('@tensorflow/tfjs-core'); require(${JSON.stringify(VENDOR)});`);
    const full = registered(`require('@tensorflow/tfjs');`);
    expect(bare.gradients).toEqual([]); // tfjs-core alone registers none: why the bundle exists
    expect(bare.chained).not.toContain('square');
    expect(full.gradients.length).toBeGreaterThan(100);
    expect(ours.gradients).toEqual(full.gradients);
    expect(ours.chained).toEqual(full.chained);
  });

  it('is the bundle of the installed tfjs-core (rerun scripts/bundle-tfjs-extras.js after an upgrade)', () => {
    const { bundleTfjsExtras } = require(path.join(CORE, 'scripts', 'bundle-tfjs-extras.js'));
    expect(fs.readFileSync(VENDOR, 'utf8') === bundleTfjsExtras()).toBe(true);
  });

  it("core's tf computes gradients with chained ops on tfjs-core alone", async () => {
    const out = execFileSync(process.execPath, ['-e', `
      const { tf } = require('./dist/tf.js');
      tf.enableProdMode();
      tf.setBackend('cpu').then(() => {
        const g = tf.grad((x) => x.square().sum())(tf.tensor1d([1, 2, 3]));
        process.stdout.write(JSON.stringify({ g: Array.from(g.dataSync()), tfjs: Object.keys(require.cache).some((f) => f.includes('/@tensorflow/tfjs/')) }));
      });`], { cwd: CORE, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ g: [2, 4, 6], tfjs: false });
  });
});
