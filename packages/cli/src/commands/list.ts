import type { Command } from 'commander';
import type { MetricUnit } from '@zoo/core';
import type { CommandContext } from '../context';
import { formatValue, plainTable } from '../format';
import { emitJson, jsonOption, jsonTarget } from '../json-output';
import { parseTiers } from '../options';
import { examples } from '../help';
import { failedPluginsNote } from '../plugins';

/** `zoo list [glob] [--tier] [--json [FILE]]`: installed recipes, as a table or JSON rows. */
export function addListCommand(program: Command, ctx: CommandContext): void {
  program
    .command('list')
    .description('list installed recipes, optionally matching a glob (e.g. "gnn/*@cora", "gnn/{gcn,sgc}@*")')
    .argument('[glob]', 'recipe id glob: * (crosses /), ?, {a,b}, [abc]')
    .option('--tier <tiers>', 'only these tiers (comma-separated: smoke,cpu,paper)')
    .addOption(jsonOption('the rows {id, plugin, model, dataset, tier, paper}'))
    .addHelpText('after', examples('zoo list', 'zoo list "gnn/*@cora"', 'zoo list --tier smoke --json'))
    .action((glob: string | undefined, o: { json?: string | boolean; tier?: string }) => {
      const reg = ctx.registry();
      const tiers = parseTiers(o.tier);
      const globs = glob ? [glob] : [];
      const recipes = reg.listRecipes(globs, tiers);
      const rows = recipes.map((r) => {
        const [plugin, rest] = r.id.split('/');
        const [model, dataset] = rest.split('@');
        return { id: r.id, plugin, model, dataset, tier: r.tier, paper: r.paper ?? null };
      });
      if (emitJson(jsonTarget(o.json), rows, ctx.out)) return;
      if (recipes.length === 0) {
        if (reg.listPlugins().length === 0) {
          ctx.out(`no zoo plugins installed (npm install @zoo/plugin-gnn)${failedPluginsNote()}\n`);
          return;
        }
        const hint = reg.noMatchHint(globs, tiers);
        ctx.out(`no recipes match${glob ? ` '${glob}'` : ''}${hint ? `; ${hint}` : ''}${failedPluginsNote()}\n`);
        return;
      }
      const t = plainTable(['recipe', 'tier', 'metrics', 'paper']);
      for (const r of recipes) {
        // each paper value in its metric's unit (a recipe that does not resolve shows its values as plain numbers)
        let units: Record<string, MetricUnit> = {};
        try {
          units = Object.fromEntries(reg.resolve(r.id).metrics.map((m) => [m.name, m.unit]));
        } catch {
          units = {};
        }
        t.push([r.id, r.tier, r.metrics.join(', '), r.paper?.map((p) => `${p.metric} ${formatValue(p.value, units[p.metric] ?? 'value')}`).join(', ') ?? '-']);
      }
      ctx.out(`${t.toString()}\n`);
    });
}
