import * as path from 'node:path';

/**
 * @zoo/core's package version (from its package.json, one folder above both `src/` and `dist/`),
 * recorded in every checkpoint so a resume with another zoo can say so.
 */
export const CORE_VERSION: string = (() => {
  try {
    return String((require(path.join(__dirname, '..', 'package.json')) as { version: string }).version);
  } catch {
    return '0.0.0-unknown';
  }
})();

/** `major.minor` of a semver-like version, undefined when it has none. */
export function majorMinor(version: string): string | undefined {
  return /^(\d+)\.(\d+)(?:\.|$)/.exec(version)?.slice(1, 3).join('.');
}
