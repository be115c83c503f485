#!/usr/bin/env node
// Writes Moving Fashion-MNIST clips (the cpu-tier benchmark, from the real Fashion-MNIST images) as an mmaction2
// rawframes set of JPEG files encoded by the system ffmpeg, the layout `video/<model>@rawframes` reads:
//   node scripts/moving-fmnist-rawframes.mjs --out DIR [--train 800] [--val 200] [--seed 0] [--data-dir D]
// then: npx zoo eval 'video/mvfnet-thw-tiny@rawframes' --data-dir DIR --set data.flip=false
// (no flip: a mirrored "right" clip is a "left" clip). DIR/rawframes/{train,val}.txt and the frame folders are written;
// an existing DIR/rawframes is refused rather than overwritten.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const video = require('../dist/index.js');
const { Rng } = require('@zoo/core');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return def;
  const v = args[i + 1];
  if (v === undefined) throw new Error(`--${name} needs a value`);
  return v;
};
const int = (name, def, min = 1) => {
  const v = Number(opt(name, String(def)));
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got ${opt(name, def)}`);
  return v;
};
const out = opt('out');
if (!out) {
  console.error('usage: node scripts/moving-fmnist-rawframes.mjs --out DIR [--train 800] [--val 200] [--seed 0] [--data-dir D]');
  process.exit(2);
}
const root = path.resolve(out, 'rawframes');
if (existsSync(root)) {
  console.error(`${root} exists already: remove it or pick another --out`);
  process.exit(1);
}
const def = video.movingFmnistDataset;
const config = def.configSchema.parse({ train: int('train', 800), val: int('val', 200), test: 1 });
const ds = await def.load(config, { dataDir: opt('data-dir'), rng: new Rng(int('seed', 0, 0)) });
const shape = { frames: config.frames, height: config.size, width: config.size, channels: config.channels };
const t0 = Date.now();
const lists = video.writeRawframesSet(root, { train: ds.splits.train, val: ds.splits.val }, shape, {
  onClip: (done, total) => {
    if (done % 100 === 0 || done === total) process.stderr.write(`\r${done}/${total} clips written (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  },
});
process.stderr.write('\n');
console.log(`wrote ${lists.join(', ')} (${config.frames} frames of ${config.size}² per clip, ${2 * config.pairs} classes: ${video.motionClassNames(config.pairs).join(', ')}; garments from ${ds.meta.path ?? 'Fashion-MNIST'})`);
