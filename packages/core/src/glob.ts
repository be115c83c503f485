/** Glob matching for recipe ids: `*` matches any run of characters, `?` one, `{a,b}` alternatives. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inBrace = 0;
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '{') {
      re += '(?:';
      inBrace++;
    } else if (ch === '}' && inBrace > 0) {
      re += ')';
      inBrace--;
    } else if (ch === ',' && inBrace > 0) re += '|';
    else re += ch.replace(/[.+^$()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function matchesAny(id: string, globs: readonly string[]): boolean {
  return globs.length === 0 || globs.some((g) => globToRegExp(g).test(id));
}
