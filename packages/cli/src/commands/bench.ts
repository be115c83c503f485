import type { Command } from 'commander';
import { closestMatch, discoverPlugins, ZooError } from '../lazy-core';
import { examples } from '../help';
import { emitJson, jsonOption, jsonTarget } from '../json-output';

/**
 * `zoo bench [ID] [--json F] [--only NAMES] [--backends blas,wasm,cpu] [--list] [-- bench options]`.
 * The benchmarks are not part of the CLI: they ship in the monorepo's tools/bench (`@zoo/bench`, private),
 * found like plugins, by the `"zoo": { "bench": "<entry>" }` field of an installed package's package.json,
 * and required only here (a published package never depends on tools/). The entry exports `benches`
 * (the first, or `defaultBench`, runs when no ID is given): see `BenchEntry`.
 */

/** What a bench provider exports per benchmark (structural: the CLI never imports `@zoo/bench`). */
export interface BenchEntry {
  id: string;
  description: string;
  /** The words after `zoo bench <id> --` as the bench's options (throws a ZooError naming a bad flag). */
  parse(args: string[]): unknown;
  run(options: unknown, ctx: { log: (line: string) => void }): Promise<Record<string, unknown>[]>;
  table(rows: Record<string, unknown>[]): string;
  /** One line per option, shown by `--list`. */
  help?(): string[];
}

export interface BenchProvider {
  packageName: string;
  benches: BenchEntry[];
  defaultBench: string;
}

export const NO_BENCHES =
  'no benchmarks installed: they ship with the zoo monorepo (tools/bench, the private package @zoo/bench); run `zoo bench` from a checkout of the repository after `npm install`';

/** Requires each discovered bench entry and checks the shape of its `benches`. */
export function loadBenchProviders(entries: { packageName: string; entry: string }[]): BenchProvider[] {
  return entries.map(({ packageName, entry }) => {
    let mod: { benches?: unknown; defaultBench?: unknown };
    try {
      mod = require(entry);
    } catch (err) {
      throw new ZooError(`${packageName}: its benchmarks failed to load (${(err as Error).message.split('\n')[0]})`);
    }
    const benches = mod.benches;
    const ok = (b: unknown): b is BenchEntry =>
      typeof b === 'object' && b !== null && ['parse', 'run', 'table'].every((k) => typeof (b as Record<string, unknown>)[k] === 'function') && typeof (b as BenchEntry).id === 'string';
    if (!Array.isArray(benches) || benches.length === 0 || !benches.every(ok)) {
      throw new ZooError(`${packageName}: ${entry} does not export \`benches\` (objects with id, description, parse, run, table)`);
    }
    return { packageName, benches, defaultBench: typeof mod.defaultBench === 'string' ? mod.defaultBench : benches[0].id };
  });
}

export interface BenchCommandOptions {
  /** `--json [FILE]`: true or '-' for stdout (the rows alone), else the file to write. */
  json?: string | boolean;
  only?: string;
  backends?: string;
  list?: boolean;
}

export interface BenchIo {
  out: (s: string) => void;
  log: (line: string) => void;
  /** The installed bench providers (default: discovered next to the current folder and the CLI). */
  providers?: () => BenchProvider[];
}

export async function runBenchCommand(name: string | undefined, args: string[], o: BenchCommandOptions, io: BenchIo): Promise<void> {
  const providers = (io.providers ?? (() => loadBenchProviders(discoverPlugins([process.cwd(), __dirname]).benchEntries)))();
  const all = providers.flatMap((p) => p.benches.map((bench) => ({ provider: p.packageName, bench })));
  if (o.list) {
    if (all.length === 0) io.out(`${NO_BENCHES}\n`);
    for (const { provider, bench } of all) {
      io.out(`${bench.id.padEnd(16)} (${provider}) ${bench.description}\n`);
      for (const line of bench.help?.() ?? []) io.out(`    ${line}\n`);
    }
    return;
  }
  if (all.length === 0) throw new ZooError(NO_BENCHES);
  const id = name ?? providers[0].defaultBench;
  const found = all.find((b) => b.bench.id === id);
  if (!found) {
    const near = closestMatch(id, all.map((b) => b.bench.id));
    throw new ZooError(`no benchmark '${id}'${near ? `; did you mean ${near}?` : ''}; installed: ${all.map((b) => b.bench.id).join(', ')}`);
  }
  // --only / --backends are the default (backends) bench's options, kept as flags of `zoo bench` itself
  const extra = [...(o.only !== undefined ? ['--only', o.only] : []), ...(o.backends !== undefined ? ['--backends', o.backends] : [])];
  const options = found.bench.parse([...args, ...extra]);
  const rows = await found.bench.run(options, { log: io.log });
  if (!emitJson(jsonTarget(o.json), rows, io.out)) io.out(`${found.bench.table(rows)}\n`);
}

/** Adds `zoo bench` to the program. */
export function registerBenchCommand(program: Command, out: (s: string) => void): void {
  program
    .command('bench')
    .description('time sgemm, a conv layer, a ResNet-18 train step and a GCN train step on blas, wasm, cpu and PyTorch; `zoo bench <name>` runs another benchmark (e.g. gnn-scale)')
    .argument('[name]', 'a benchmark id (see `zoo bench --list`); omitted: the backend benchmark')
    .argument('[args...]', 'options of the benchmark (after --), e.g. -- --sizes 2000 --epochs 3')
    .addOption(jsonOption('the rows'))
    .option('--only <names>', 'backend benchmark: comma-separated sgemm-1024, conv-layer, resnet18-cifar100-train-b32, gcn-20k-train')
    .option('--backends <names>', 'backend benchmark: comma-separated tfjs backends (default blas,wasm,cpu)')
    .option('--list', 'list the benchmarks and their options')
    .addHelpText('after', examples('zoo bench --list', 'zoo bench --only sgemm-1024,conv-layer --backends blas,cpu', 'zoo bench gnn-scale --json scale.json -- --sizes 10000,100000   # options after -- go to the benchmark'))
    .action((name: string | undefined, args: string[], o: BenchCommandOptions) =>
      runBenchCommand(name, args, o, { out, log: (l) => process.stderr.write(`${l}\n`) }),
    );
}
