import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { renderPlugin } from './render';
import { templateVars } from './vars';
import { CORE_VERSION, VISION_VERSION } from './versions';

const USAGE = `usage: npm create @zoo/plugin NAME [-- --vision --description TEXT --paper-title TEXT --paper-year YYYY --arxiv ID --dir DIR]
  Writes DIR (default ./plugin-NAME): a zoo plugin package whose recipes are NAME/<model>@<dataset>.
  Then: cd plugin-NAME && npm install && npm test; ZOO_PLUGINS=$PWD npx zoo list 'NAME/*'
`;

/** `npm create @zoo/plugin NAME …`: writes the plugin folder; returns the exit code (2 on a usage error). */
export function main(argv: string[], cwd: string, out: (s: string) => void, err: (s: string) => void): number {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        vision: { type: 'boolean' },
        description: { type: 'string' },
        'paper-title': { type: 'string' },
        'paper-year': { type: 'string' },
        arxiv: { type: 'string' },
        dir: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    err(`create-plugin: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    err(`create-plugin: expected one plugin name, got ${positionals.length}\n${USAGE}`);
    return 2;
  }
  const name = positionals[0];
  try {
    const year = values['paper-year'] === undefined ? undefined : Number(values['paper-year']);
    const vars = templateVars(
      { name, vision: values.vision === true, description: values.description as string | undefined, paperTitle: values['paper-title'] as string | undefined, paperYear: year, arxiv: values.arxiv as string | undefined },
      { core: CORE_VERSION, vision: VISION_VERSION },
      true,
    );
    const dir = path.resolve(cwd, (values.dir as string | undefined) ?? `plugin-${name}`);
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) throw new Error(`${dir} exists and is not empty`);
    for (const [file, text] of renderPlugin(vars)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    out(`created ${path.relative(cwd, dir) || '.'} (@zoo/plugin-${name}): cd ${path.relative(cwd, dir) || '.'} && npm install && npm test\n`);
    return 0;
  } catch (e) {
    err(`create-plugin: ${(e as Error).message}\n`);
    return 1;
  }
}
