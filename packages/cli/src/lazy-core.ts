import type * as Core from '@zoo/core';

/**
 * `@zoo/core` loaded on first use. Importing `@zoo/core` loads tfjs (and, through the plugins, the rest of
 * the zoo): about half a second before commander has even read the arguments. The command files import the
 * core's values from here instead (`import { ZooError } from '../lazy-core'`; types still come from
 * `@zoo/core` with `import type`), so building the program and answering `--help`, `--version`,
 * `zoo completion` and `zoo __complete` never load it; the first property read inside a command's action
 * (or a flag's parser) does. CommonJS output reads imported names as properties of this object at each use,
 * which is what makes the load lazy; `lazy-core.test.ts` and `main.test.ts` check it.
 */
const lazyCore = new Proxy({} as typeof Core, {
  get: (_target, key) => (require('@zoo/core') as Record<PropertyKey, unknown>)[key],
});

export = lazyCore;
