import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { colorEnabled, errorLine } from './color';
import { registerBenchCommand } from './commands/bench';
import { addCompletionCommands } from './commands/completion';
import { addConfigCommand } from './commands/config';
import { addDoctorCommand } from './commands/doctor';
import { addEvalCommand } from './commands/eval';
import { addInfoCommand } from './commands/info';
import { addListCommand } from './commands/list';
import { addTrainCommand } from './commands/train';
import { createCommandContext } from './context';
import { rootHelpAfter, title } from './help';
import { ZooError } from './lazy-core';
import { normalizeJsonFlag } from './json-output';

export { formatEvalTable, rowsToCsv } from './format';

const pkg = require('../package.json') as { version: string };

/**
 * The `zoo` program: one command per file under `commands/`, in the order `zoo --help` lists them.
 * Building it and answering `--help`/`--version` load no tfjs: the commands take the core's values from
 * `lazy-core` (loaded inside their actions), and `main.test.ts` checks it.
 */
export function buildProgram(out: (s: string) => void = (s) => process.stdout.write(s)): { program: Command; exitCode: () => number } {
  let exitCode = 0;
  const ctx = createCommandContext(out, (code) => (exitCode = code));
  const program = new Command('zoo')
    .description('A plugin-based model zoo for research papers, on TensorFlow.js')
    .version(pkg.version)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => out(s),
      writeErr: (s) => process.stderr.write(s),
      // help headings in bold only where colorEnabled says so (a terminal, no NO_COLOR): commander strips
      // the escape codes from its output otherwise. Subcommands inherit both settings.
      getOutHasColors: () => colorEnabled(process.stdout),
      getErrHasColors: () => colorEnabled(process.stderr),
    })
    .configureHelp({ styleTitle: title })
    .addHelpText('after', rootHelpAfter());
  addListCommand(program, ctx);
  addDoctorCommand(program, ctx);
  registerBenchCommand(program, ctx.out);
  addInfoCommand(program, ctx);
  addConfigCommand(program, ctx);
  addTrainCommand(program, ctx);
  addEvalCommand(program, ctx);
  addCompletionCommands(program, ctx.out);
  return { program, exitCode: () => exitCode };
}

/** Entry point: returns the exit code (see `EXIT_CODES` in help.ts). Errors a user can fix print as one line. */
export async function main(argv: string[]): Promise<number> {
  const { program, exitCode } = buildProgram();
  try {
    await program.parseAsync(normalizeJsonFlag(argv));
    return exitCode();
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ZooError) {
      process.stderr.write(`${errorLine(err.message)}\n`);
      return 1;
    }
    throw err;
  }
}
