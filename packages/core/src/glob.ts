import picomatch from 'picomatch/posix';
import { ZooError } from './errors';

/**
 * Glob matching for recipe ids, through `picomatch`: `*` and `?` as in a shell, `{gcn,sgc}` brace
 * lists, `{1..3}` ranges, `[cn]`/`[!c]` character classes, `@(a|b)` extglobs, a leading `!` negates.
 *
 * One difference from file globs, kept from the zoo's first matcher: `*` crosses the `/` between the
 * plugin and the model, so `*@cora` matches every plugin's Cora recipes and `gnn/*` every gnn recipe.
 * The `/` of the id and of the glob are swapped for a character picomatch does not treat as a path
 * separator before matching.
 */
const SLASH = '\u2044';

/** Options for every recipe glob: dots are plain characters; unbalanced brackets are an error. */
const OPTIONS = { dot: true, strictBrackets: true } as const;

const cache = new Map<string, (id: string) => boolean>();

/** A matcher for one recipe-id glob; a malformed glob is a one-line ZooError naming it. */
export function compileGlob(glob: string): (id: string) => boolean {
  let m = cache.get(glob);
  if (!m) {
    // bash's [!x] and picomatch's [^x] are the same class; picomatch reads only the latter as negated
    const pattern = glob.split('/').join(SLASH).replace(/(^|[^\\])\[!/g, '$1[^');
    let test: (s: string) => boolean;
    try {
      test = picomatch(pattern, OPTIONS);
    } catch (err) {
      const why = (err as Error).message.split(' - ')[0].replace(/:\s*/, ' ').trim();
      throw new ZooError(`bad glob '${glob}': ${why.charAt(0).toLowerCase()}${why.slice(1)} (quote a literal bracket with a backslash)`);
    }
    m = (id: string) => test(id.split('/').join(SLASH));
    cache.set(glob, m);
  }
  return m;
}

/** Whether `id` matches any of `globs` (every id matches an empty list). Throws on a malformed glob. */
export function matchesAny(id: string, globs: readonly string[]): boolean {
  return globs.length === 0 || globs.some((g) => compileGlob(g)(id));
}

/** Checks each glob compiles (before a long listing): a malformed one is a one-line ZooError naming it. */
export function assertGlobs(globs: readonly string[]): void {
  for (const g of globs) compileGlob(g);
}

/** Whether a glob has no pattern characters, i.e. names one id (typo help suggests a close id then). */
export function isLiteralGlob(glob: string): boolean {
  return !/[*?[\]{}()!+]/.test(glob);
}
