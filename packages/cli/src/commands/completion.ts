import { Argument, type Command, type Option } from 'commander';
import { examples } from '../help';
import { extraPluginEntries, loadPlugins, pluginSearchDirs } from '../plugins';
import { recipeIds } from '../recipe-cache';

/**
 * `zoo completion bash|zsh|fish`: a completion script for commands, flags, flag values and recipe ids,
 * made from the program itself (every command and flag `zoo --help` shows), so it never goes stale.
 * Recipe ids come from the hidden `zoo __complete recipes` at each Tab: plugin ids from a cache
 * (`recipe-cache.ts`), without loading tfjs once the cache is filled.
 */

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Values of flags without commander choices (core's TIERS and BACKEND_CANDIDATES; `completion.test.ts` compares). */
export const FLAG_VALUES: Record<string, readonly string[]> = {
  '--tier': ['smoke', 'cpu', 'paper'],
  '--backend': ['tfjs-node-gpu', 'tfjs-node', 'blas', 'wasm', 'cpu'],
};

/** Arguments by these names take recipe ids (or globs of them). */
const RECIPE_ARGS = new Set(['recipe', 'glob', 'globs']);

/** What a flag's value completes to: nothing (a switch), any word, files, folders or fixed words. */
export type FlagValue = 'none' | 'any' | 'file' | 'dir' | readonly string[];

export interface FlagSpec {
  names: string[];
  description: string;
  value: FlagValue;
}

export interface CommandSpec {
  name: string;
  description: string;
  flags: FlagSpec[];
  /** Its arguments are recipe ids. */
  recipes: boolean;
  /** Fixed words for its first argument (e.g. the shells of `zoo completion`). */
  words: readonly string[];
}

export interface CompletionSpec {
  commands: CommandSpec[];
  flags: FlagSpec[];
}

function flagValue(o: Option): FlagValue {
  // an optional value (`--json [FILE]`) completes as a switch: the next word is more often a recipe or a flag
  if (!o.required) return 'none';
  if (o.argChoices) return o.argChoices;
  if (o.long && FLAG_VALUES[o.long]) return FLAG_VALUES[o.long];
  if (/[<[][^>\]]*dir[^>\]]*[>\]]/i.test(o.flags)) return 'dir';
  if (/[<[][^>\]]*file[^>\]]*[>\]]/i.test(o.flags)) return 'file';
  return 'any';
}

/** The commands and flags `--help` shows (hidden ones left out), as data for the scripts. */
export function completionSpec(program: Command): CompletionSpec {
  const help = program.createHelp();
  const flags = (cmd: Command): FlagSpec[] =>
    help.visibleOptions(cmd).map((o) => ({ names: [o.short, o.long].filter((n): n is string => Boolean(n)), description: firstLine(o.description), value: flagValue(o) }));
  const commands = help.visibleCommands(program).map((cmd) => {
    const first = cmd.registeredArguments[0];
    const names = cmd.name() === 'help' ? help.visibleCommands(program).map((c) => c.name()) : [];
    return {
      name: cmd.name(),
      description: firstLine(cmd.description()),
      flags: flags(cmd),
      recipes: cmd.registeredArguments.some((a) => RECIPE_ARGS.has(a.name())),
      words: first?.argChoices ?? names,
    };
  });
  return { commands, flags: flags(program) };
}

function firstLine(s: string): string {
  const line = s.split('\n')[0].replace(/\s*\(.*$/, '');
  return line.length > 70 ? `${line.slice(0, 67)}...` : line;
}

/** A word in single quotes for bash and zsh. */
function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const HEADER = (shell: Shell, load: string) => `# zoo shell completion (${shell}), made by \`zoo completion ${shell}\`. Load it with\n#   ${load}\n`;

/** bash and zsh alike: a flag's value by `command:flag`, then (the word starting with `-`) the command's flags. */
function cases(valueCases: string[], flagCases: string[]): string {
  return `  case "$cmd:$prev" in
${valueCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    case "$cmd" in
${flagCases.join('\n')}
    esac
`;
}

export function bashScript(spec: CompletionSpec): string {
  const valueCases: string[] = [];
  for (const c of spec.commands) {
    for (const f of c.flags) {
      if (f.value === 'none') continue;
      const pat = f.names.map((n) => `${c.name}:${n}`).join('|');
      const reply =
        f.value === 'any' ? ':' : f.value === 'file' ? 'COMPREPLY=($(compgen -f -- "$cur"))' : f.value === 'dir' ? 'COMPREPLY=($(compgen -d -- "$cur"))' : `COMPREPLY=($(compgen -W ${sq(f.value.join(' '))} -- "$cur"))`;
      valueCases.push(`    ${pat}) ${reply}; return 0 ;;`);
    }
  }
  const flagCases = spec.commands.map((c) => `      ${c.name}) COMPREPLY=($(compgen -W ${sq(c.flags.flatMap((f) => f.names).join(' '))} -- "$cur")) ;;`);
  const recipeCmds = spec.commands.filter((c) => c.recipes).map((c) => c.name);
  const wordCases = spec.commands.filter((c) => c.words.length).map((c) => `    ${c.name}) COMPREPLY=($(compgen -W ${sq(c.words.join(' '))} -- "$cur")) ;;`);
  return `${HEADER('bash', 'source <(zoo completion bash)   # or save it as ~/.local/share/bash-completion/completions/zoo')}
_zoo() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd=""
  COMPREPLY=()
  if (( COMP_CWORD > 1 )); then cmd="\${COMP_WORDS[1]}"; fi
  if [[ -z "$cmd" ]]; then
    if [[ "$cur" == -* ]]; then
      COMPREPLY=($(compgen -W ${sq(spec.flags.flatMap((f) => f.names).join(' '))} -- "$cur"))
    else
      COMPREPLY=($(compgen -W ${sq(spec.commands.map((c) => c.name).join(' '))} -- "$cur"))
    fi
    return 0
  fi
${cases(valueCases, flagCases)}    return 0
  fi
  case "$cmd" in
${recipeCmds.length ? `    ${recipeCmds.join('|')}) COMPREPLY=($(compgen -W "$(zoo __complete recipes 2>/dev/null)" -- "$cur")) ;;\n` : ''}${wordCases.join('\n')}
  esac
  return 0
}
complete -F _zoo zoo
`;
}

export function zshScript(spec: CompletionSpec): string {
  const valueCases: string[] = [];
  for (const c of spec.commands) {
    for (const f of c.flags) {
      if (f.value === 'none') continue;
      const pat = f.names.map((n) => `${c.name}:${n}`).join('|');
      const reply = f.value === 'any' ? ':' : f.value === 'file' ? '_files' : f.value === 'dir' ? '_directories' : `compadd -- ${f.value.join(' ')}`;
      valueCases.push(`    ${pat}) ${reply}; return ;;`);
    }
  }
  const described = (items: { names: string[]; description: string }[]) => items.flatMap((i) => i.names.map((n) => sq(`${n.replace(/:/g, '\\:')}:${i.description}`))).join(' ');
  const flagCases = spec.commands.map((c) => `      ${c.name}) items=(${described(c.flags)}) ;;`);
  const recipeCmds = spec.commands.filter((c) => c.recipes).map((c) => c.name);
  const wordCases = spec.commands.filter((c) => c.words.length).map((c) => `    ${c.name}) compadd -- ${c.words.join(' ')} ;;`);
  return `#compdef zoo
${HEADER('zsh', 'source <(zoo completion zsh)   # after compinit; or save it as _zoo in a folder of $fpath')}
_zoo() {
  local cmd="\${words[2]}" cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}"
  local -a items
  if (( CURRENT == 2 )); then
    if [[ "$cur" == -* ]]; then
      items=(${described(spec.flags)})
      _describe option items
    else
      items=(${described(spec.commands.map((c) => ({ names: [c.name], description: c.description })))})
      _describe command items
    fi
    return
  fi
${cases(valueCases, flagCases)}    _describe option items
    return
  fi
  case "$cmd" in
${recipeCmds.length ? `    ${recipeCmds.join('|')}) compadd -- \${(f)"$(zoo __complete recipes 2>/dev/null)"} ;;\n` : ''}${wordCases.join('\n')}
  esac
}
if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then _zoo "$@"; else compdef _zoo zoo; fi
`;
}

/** A word in single quotes for fish. */
function fq(s: string): string {
  return `'${s.replace(/[\\']/g, '\\$&')}'`;
}

export function fishScript(spec: CompletionSpec): string {
  const flagLine = (cond: string, f: FlagSpec) => {
    const names = f.names.map((n) => (n.startsWith('--') ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(' ');
    const value = f.value === 'none' ? '' : f.value === 'any' ? ' -x' : f.value === 'file' ? ' -r -F' : f.value === 'dir' ? " -x -a '(__fish_complete_directories)'" : ` -x -a ${fq(f.value.join(' '))}`;
    return `complete -c zoo -n ${fq(cond)} ${names}${value} -d ${fq(f.description)}`;
  };
  const lines = [
    HEADER('fish', 'zoo completion fish | source   # or save it as ~/.config/fish/completions/zoo.fish').trimEnd(),
    '',
    'function __zoo_recipes',
    '    zoo __complete recipes 2>/dev/null',
    'end',
    'complete -c zoo -f',
    ...spec.flags.map((f) => flagLine('__fish_use_subcommand', f)),
    ...spec.commands.map((c) => `complete -c zoo -n __fish_use_subcommand -a ${c.name} -d ${fq(c.description)}`),
  ];
  for (const c of spec.commands) {
    const cond = `__fish_seen_subcommand_from ${c.name}`;
    lines.push(...c.flags.map((f) => flagLine(cond, f)));
    if (c.recipes) lines.push(`complete -c zoo -n ${fq(cond)} -a '(__zoo_recipes)'`);
    if (c.words.length) lines.push(`complete -c zoo -n ${fq(cond)} -a ${fq(c.words.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, program: Command): string {
  const spec = completionSpec(program);
  return shell === 'bash' ? bashScript(spec) : shell === 'zsh' ? zshScript(spec) : fishScript(spec);
}

/** Adds `zoo completion <shell>` and the hidden `zoo __complete recipes` (what the scripts call). */
export function addCompletionCommands(program: Command, out: (s: string) => void): void {
  program
    .command('completion')
    .description('print a shell completion script (commands, flags, recipe ids)')
    // choices: a bad shell is a usage error (exit 2) naming the three
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText('after', examples('source <(zoo completion bash)        # this shell; add it to ~/.bashrc to keep it', 'zoo completion zsh > ~/.zfunc/_zoo     # a folder of $fpath', 'zoo completion fish > ~/.config/fish/completions/zoo.fish'))
    .action((shell: string) => out(completionScript(shell as Shell, program)));
  program
    .command('__complete', { hidden: true })
    .description('for the completion scripts: list the installed recipe ids, one a line')
    .argument('<what>', 'recipes')
    .action((what: string) => {
      if (what !== 'recipes') return;
      const ids = recipeIds({ fromDirs: pluginSearchDirs(), extraEntries: extraPluginEntries(), load: () => loadPlugins().flatMap((p) => p.recipes.map((r) => r.id)) });
      out(ids.map((id) => `${id}\n`).join(''));
    });
}
