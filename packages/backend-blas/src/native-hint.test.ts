import * as fs from 'node:fs';
import * as path from 'node:path';
import { NATIVE_BUILD_HINT } from './native';

// The hint `zoo doctor` prints when the C kernels did not load must work in a user's project, not only in
// this monorepo (`npm run build:native -w …` did not): `npm rebuild` reruns the package's install script.
it('the rebuild hint is npm rebuild, which runs the install script that builds native/ (optional)', () => {
  expect(NATIVE_BUILD_HINT.startsWith('npm rebuild @zoo/backend-blas ')).toBe(true);
  expect(NATIVE_BUILD_HINT).toContain('"allowScripts": { "@zoo/backend-blas": true }');
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  expect(pkg.scripts.install).toBe('node scripts/build-native.js --optional');
  expect(pkg.files).toEqual(expect.arrayContaining(['native/*.c', 'native/*.h', 'scripts/build-native.js']));
});
