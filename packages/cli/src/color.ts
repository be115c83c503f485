import * as util from 'node:util';

/** The styles the CLI uses (names of `util.styleText`). */
export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

/** Where a coloured string goes: colour only on a terminal (a pipe or a file gets plain text). */
export interface ColorStream {
  isTTY?: boolean;
}

type Env = Record<string, string | undefined>;

/**
 * Whether text written to `stream` may carry ANSI colours, by the usual conventions (the same as
 * commander's for `--help`): `NO_COLOR` (any non-empty value, no-color.org) or `FORCE_COLOR=0|false` turn
 * colour off; `FORCE_COLOR` or `CLICOLOR_FORCE` otherwise turn it on; else only a terminal that is not
 * `TERM=dumb` gets colour. Node without `util.styleText` (before 20.12) never colours.
 */
export function colorEnabled(stream: ColorStream = process.stdout, env: Env = process.env): boolean {
  if (typeof util.styleText !== 'function') return false;
  if (env.NO_COLOR || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR !== undefined || env.CLICOLOR_FORCE !== undefined) return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** `text` in `style` when `stream` takes colour (see `colorEnabled`), else `text` unchanged. */
export function paint(style: Style | Style[], text: string, stream: ColorStream = process.stdout, env: Env = process.env): string {
  if (!colorEnabled(stream, env)) return text;
  // we decided for `stream` above; newer Node would otherwise check process.stdout instead
  const styleText = util.styleText as (f: Style | Style[], t: string, o?: { validateStream?: boolean }) => string;
  return styleText(style, text, { validateStream: false });
}

const STATUS_STYLE: Record<string, Style> = { ok: 'green', failed: 'red', skipped: 'yellow' };

/** A run's or recipe's status word (ok green, failed red, skipped yellow) for `stream`. */
export function statusWord(status: string, stream: ColorStream = process.stdout, env: Env = process.env): string {
  const style = STATUS_STYLE[status];
  return style ? paint(style, status, stream, env) : status;
}

/** The `zoo:` prefix of an error line on stderr, in bold red on a terminal. */
export function errorLine(message: string, stream: ColorStream = process.stderr, env: Env = process.env): string {
  return `${paint(['bold', 'red'], 'zoo:', stream, env)} ${message}`;
}
