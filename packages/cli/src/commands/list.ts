import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { pct, plainTable } from '../format';
import { parseTiers } from '../options';
import { examples } from '../help';

/** `zoo list [glob] [--tier] [--json]`: installed recipes, as a table or JSON rows. */
export function addListCommand(program: Command, ctx: CommandContext): void {
  program
    .command('list')
    .description('list installed recipes, optionally matching a glob (e.g. "gnn/*@cora")')
    .argument('[glob]', 'recipe id glob')
    .option('--tier <tiers>', 'only these tiers (comma-separated: smoke,cpu,paper)')
    .option('--json', 'print a JSON array of {id, plugin, model, dataset, tier, paper}')
    .addHelpText('after', examples('zoo list', 'zoo list "gnn/*@cora"', 'zoo list --tier smoke --json'))
    .action((glob: string | undefined, o: { json?: boolean; tier?: string }) => {
      const reg = ctx.registry();
      const recipes = reg.listRecipes(glob ? [glob] : [], parseTiers(o.tier));
      if (o.json) {
        const rows = recipes.map((r) => {
          const [plugin, rest] = r.id.split('/');
          const [model, dataset] = rest.split('@');
          return { id: r.id, plugin, model, dataset, tier: r.tier, paper: r.paper ?? null };
        });
        ctx.out(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (recipes.length === 0) {
        ctx.out(reg.listPlugins().length === 0 ? 'no zoo plugins installed (npm install @zoo/plugin-gnn)\n' : 'no recipes match\n');
        return;
      }
      const t = plainTable(['recipe', 'tier', 'metrics', 'paper']);
      for (const r of recipes) t.push([r.id, r.tier, r.metrics.join(', '), r.paper?.map((p) => `${p.metric} ${pct(p.value)}`).join(', ') ?? '-']);
      ctx.out(`${t.toString()}\n`);
    });
}
