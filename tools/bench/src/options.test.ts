import { ConfigError } from '@zoo/core';
import { z } from 'zod';
import { flagName, int, listOf, num, optionsHelp, parseBenchArgs, positive, validateBenchOptions } from './options';

describe('parseBenchArgs (the words after `zoo bench <id> --` as one object)', () => {
  it('reads --flag value, --flag=value, key=value, bare flags and --no-flag; kebab-case flags become camelCase fields', () => {
    expect(parseBenchArgs(['--data-dir', 'DIR', '--epochs=3', 'hidden=16', '--verbose', '--no-torch', '--x', '-1'])).toEqual({
      dataDir: 'DIR',
      epochs: '3',
      hidden: '16',
      verbose: true,
      torch: false,
      x: '-1',
    });
    expect(parseBenchArgs(['--list'])).toEqual({ list: true });
    expect(parseBenchArgs([])).toEqual({});
  });

  it('rejects a stray word and a bad option name', () => {
    expect(() => parseBenchArgs(['2000'], 'bench gnn-scale')).toThrow(new ConfigError("bench gnn-scale: unexpected argument '2000' (expected --option value or key=value)"));
    expect(() => parseBenchArgs(['--a.b', '1'], 'bench x')).toThrow("bench x: 'a.b' is not an option name like --data-dir");
  });
});

describe('validateBenchOptions (one zod schema per bench)', () => {
  const schema = z.object({
    sizes: listOf(int(100)).default([10000]),
    target: positive().default(0.7),
    shift: num().default(0),
    dataDir: z.string().optional(),
    torch: z.boolean().default(true),
  });
  const parse = (args: string[]) => validateBenchOptions(schema, parseBenchArgs(args, 'bench t'), 'bench t');

  it('turns numeric text into numbers and comma lists into arrays; defaults fill the rest', () => {
    expect(parse(['--sizes', '2000,5000', '--target', '0.5', '--shift', '-2', '--no-torch'])).toEqual({ sizes: [2000, 5000], target: 0.5, shift: -2, torch: false });
    expect(parse(['--sizes', '2000'])).toEqual({ sizes: [2000], target: 0.7, shift: 0, torch: true });
    expect(parse(['--data-dir', '123'])).toEqual({ sizes: [10000], target: 0.7, shift: 0, dataDir: '123', torch: true });
  });

  it('a bad value names the flag (and the list item), what was expected and what it got', () => {
    expect(() => parse(['--target', 'abc'])).toThrow(new ConfigError('bench t option --target: expected number, received string (got "abc")'));
    expect(() => parse(['--target', '0'])).toThrow('bench t option --target: Too small: expected number to be >0 (got "0")');
    expect(() => parse(['--sizes', '2000,5x'])).toThrow('bench t option --sizes[1]: expected number, received string (got "5x")');
    expect(() => parse(['--sizes', '50'])).toThrow('bench t option --sizes[0]: Too small: expected number to be >=100 (got "50")');
    expect(() => parse(['--torch', 'maybe'])).toThrow('bench t option --torch: expected boolean, received string (got "maybe")');
  });

  it('an unknown option is named with the closest known one and all of them', () => {
    expect(() => parse(['--sizez', '2000'])).toThrow('bench t option --sizez: unknown option; did you mean --sizes? (options: --sizes, --target, --shift, --data-dir, --torch)');
    expect(() => parse(['--tagret', '1'])).toThrow('bench t option --tagret: unknown option; did you mean --target?');
    expect(() => parse(['--bogus'])).toThrow('bench t option --bogus: unknown option (options: --sizes, --target, --shift, --data-dir, --torch)');
  });

  it('flagName and optionsHelp show the command-line spelling with descriptions and defaults', () => {
    expect(flagName('dataDir')).toBe('--data-dir');
    const help = optionsHelp(z.object({ sizes: listOf(int(1)).default([1, 2]).describe('node counts'), dataDir: z.string().optional().describe('a folder') }));
    expect(help).toEqual([`${'--sizes'.padEnd(14)} node counts (default 1,2)`, `${'--data-dir'.padEnd(14)} a folder`]);
  });
});
