import type { Command } from 'commander';
import type { PaperValue } from '@zoo/core';
import { formatPaperRef } from '../lazy-core';
import type { CommandContext } from '../context';
import { examples } from '../help';
import { emitJson, jsonOption, jsonTarget } from '../json-output';

/** One `reported:` line of `zoo info`: the value and where it is printed (title, year, arXiv id, table/row). */
export function reportedLine(p: PaperValue): string {
  return `reported: ${p.metric} = ${p.value} (${formatPaperRef(p.ref)}; ${p.where})`;
}

/** `zoo info <recipe>`: model, dataset layout, trainer, the paper's values and the default config. */
export function addInfoCommand(program: Command, ctx: CommandContext): void {
  program
    .command('info')
    .description('show a recipe: model, dataset layout, paper values and default config')
    .argument('<recipe>', 'recipe id, e.g. gnn/gnn-lf-closed@cora')
    .addOption(jsonOption('the recipe {id, tier, plugin, model, dataset, trainer, metrics, paper, config}'))
    .addHelpText('after', examples('zoo info gnn/gnn-lf-closed@cora', 'zoo info snn/ttfs-b1-fc2@mnist    # includes the data layout --data-dir needs'))
    .action((id: string, o: { json?: string | boolean }) => {
      const reg = ctx.registry();
      const r = reg.resolve(id);
      const config = reg.resolveConfig(r);
      const paper = r.model.paper;
      const record = {
        id: r.recipe.id,
        tier: r.recipe.tier,
        description: r.recipe.description ?? null,
        plugin: { name: r.plugin.meta.name, version: r.plugin.meta.version, packageName: r.plugin.meta.packageName ?? null },
        model: { id: r.model.id, description: r.model.description, paper: paper ?? null },
        dataset: { id: r.dataset.id, description: r.dataset.description, layout: r.dataset.layout, license: r.dataset.license ?? null },
        trainer: { id: r.trainer.id, description: r.trainer.description, paper: r.trainer.paper ?? null },
        metrics: r.recipe.metrics,
        paper: r.recipe.paper ?? null,
        config,
      };
      if (emitJson(jsonTarget(o.json), record, ctx.out)) return;
      const lines = [
        `${r.recipe.id}  (tier ${r.recipe.tier}, plugin ${r.plugin.meta.packageName ?? r.plugin.meta.name} ${r.plugin.meta.version})`,
        r.recipe.description ?? '',
        `model:   ${r.model.id}: ${r.model.description}`,
        paper?.authors && paper.venue ? `paper:   ${paper.authors}, "${paper.title}", ${paper.venue}${paper.code ? ` (code: ${paper.code})` : ''}` : '',
        `dataset: ${r.dataset.id}: ${r.dataset.description}`,
        `layout:  ${r.dataset.layout}`,
        r.dataset.license ? `license: ${r.dataset.license}` : '',
        `trainer: ${r.trainer.id}: ${r.trainer.description}${r.trainer.paper ? ` (${formatPaperRef(r.trainer.paper)})` : ''}`,
        `metrics: ${r.recipe.metrics.join(', ')} (headline first)`,
        ...(r.recipe.paper ?? []).map(reportedLine),
        `config:  ${JSON.stringify(config)}`,
      ];
      ctx.out(`${lines.filter(Boolean).join('\n')}\n`);
    });
}
