import * as fs from 'node:fs';
import * as path from 'node:path';
import { templateDirs, type TemplateVars } from './vars';

// ejs 5 ships no types; this is all of it the renderer uses.
const ejs: { render(template: string, data: object): string } = require('ejs');

/**
 * The scaffolded files, relative path → text: every file under the template folders rendered with ejs
 * (the engine `@nx/devkit`'s generateFiles uses, so both scaffolders write the same text), `__tmpl__`
 * dropped from the names.
 */
export function renderPlugin(vars: TemplateVars): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of templateDirs(vars)) {
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else out.set(path.relative(dir, p).split(path.sep).join('/').replace(/__tmpl__$/, ''), ejs.render(fs.readFileSync(p, 'utf8'), vars));
      }
    };
    walk(dir);
  }
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}
