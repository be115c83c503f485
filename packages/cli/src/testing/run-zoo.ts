/**
 * For the CLI's tests: `main` with stdout and stderr captured, and the same in a fresh module registry that
 * records whether `@zoo/core` was loaded (the lazy-loading checks).
 */
export interface ZooCall {
  code: number;
  out: string;
  err: string;
}

/** `zoo ...args` through `main`, its output captured. */
export async function runZoo(args: string[]): Promise<ZooCall> {
  const { main } = require('../main') as typeof import('../main');
  return captured(() => main(['node', 'zoo', ...args]));
}

/** `zoo ...args` from a fresh module registry; `coreLoaded`: whether anything required `@zoo/core`. */
export async function runZooCountingCore(args: string[]): Promise<ZooCall & { coreLoaded: boolean }> {
  let coreLoaded = false;
  let call: ZooCall = { code: -1, out: '', err: '' };
  await jest.isolateModulesAsync(async () => {
    jest.doMock('@zoo/core', () => {
      coreLoaded = true;
      return jest.requireActual('@zoo/core');
    });
    const { main } = require('../main') as typeof import('../main');
    call = await captured(() => main(['node', 'zoo', ...args]));
  });
  return { ...call, coreLoaded };
}

async function captured(run: () => Promise<number>): Promise<ZooCall> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    return { code: await run(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
