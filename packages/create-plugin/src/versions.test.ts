import * as fs from 'node:fs';
import * as path from 'node:path';
import { CORE_VERSION, VISION_VERSION } from './versions';

const version = (pkg: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', pkg, 'package.json'), 'utf8')).version;

it("scaffolded plugins depend on this checkout's @zoo/core and @zoo/vision versions", () => {
  expect(CORE_VERSION).toBe(version('core'));
  expect(VISION_VERSION).toBe(version('vision'));
});
