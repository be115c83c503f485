import { z } from 'zod';
import { defineBench, genericTable } from './bench';
import { int } from './options';

describe('defineBench', () => {
  const bench = defineBench({
    id: 'toy',
    description: 'a toy bench',
    options: z.object({ n: int(1).default(2).describe('rows') }),
    run: async (o) => Array.from({ length: o.n }, (_, i) => ({ i, half: i / 2, note: i === 0 ? null : 'x' })),
  });

  it('parses the command-line words with its schema and runs on the parsed options', async () => {
    expect(bench.parse([])).toEqual({ n: 2 });
    const rows = await bench.run(bench.parse(['--n', '3']), { log: () => {} });
    expect(rows).toHaveLength(3);
    expect(() => bench.parse(['--n', '0'])).toThrow('bench toy option --n: Too small: expected number to be >=1 (got "0")');
    expect(bench.help()).toEqual([`${'--n'.padEnd(14)} rows (default 2)`]);
  });

  it('tables rows with one column per key by default', async () => {
    const rows = await bench.run({ n: 2 }, { log: () => {} });
    expect(bench.table(rows)).toBe('| i | half | note |\n|---|---|---|\n| 0 | 0 | - |\n| 1 | 0.500 | x |');
    expect(genericTable([])).toBe('(no rows)');
  });
});
