/**
 * `npm run bench [-- [ID] [--json FILE] [options]]` without the CLI: the same benches as `zoo bench`.
 * ID defaults to the backends bench; the options are the bench's (see `zoo bench --list`), `--json FILE`
 * writes the rows. Prints the markdown table on stdout, progress on stderr.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ZooError } from '@zoo/core';
import { benches, defaultBench } from './index';
import { parseBenchArgs, validateBenchOptions } from './options';

export async function benchMain(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<void> {
  const named = argv.length > 0 && !argv[0].startsWith('-') && !argv[0].includes('=');
  const id = named ? argv[0] : defaultBench;
  const bench = benches.find((b) => b.id === id);
  if (!bench) throw new ZooError(`no benchmark '${id}'; available: ${benches.map((b) => b.id).join(', ')}`);
  // the one runner option (--json FILE) is taken out; the rest are the bench's, parsed by its schema
  const what = `bench ${id}`;
  const { json, ...rest } = parseBenchArgs(named ? argv.slice(1) : argv, what);
  if (json !== undefined && typeof json !== 'string') throw new ZooError(`${what} option --json: expected a file name`);
  const rows = await bench.run(validateBenchOptions(bench.options, rest, what), { log: (l) => process.stderr.write(`${l}\n`) });
  out(`${bench.table(rows)}\n`);
  if (json) {
    fs.mkdirSync(path.dirname(path.resolve(json)), { recursive: true });
    fs.writeFileSync(json, `${JSON.stringify(rows, null, 2)}\n`);
  }
}

if (require.main === module) {
  benchMain(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${err instanceof ZooError ? `zoo: ${err.message}` : ((err as Error).stack ?? err)}\n`);
    process.exit(1);
  });
}
