import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { collect } from '../options';
import { examples } from '../help';

/** `zoo config <recipe> [--set k=v]...`: the merged, validated config as JSON. */
export function addConfigCommand(program: Command, ctx: CommandContext): void {
  program
    .command('config')
    .description('print the merged, validated config of a recipe (defaults ← recipe ← --set)')
    .argument('<recipe>', 'recipe id')
    .option('--set <key=value>', 'override a config field, e.g. trainer.lr=0.005 (repeatable)', collect, [])
    .addHelpText('after', examples('zoo config gnn/gcn@cora', 'zoo config gnn/gcn@cora --set trainer.lr=0.005 --set model.dropout=0'))
    .action((id: string, o: { set: string[] }) => {
      const reg = ctx.registry();
      ctx.out(`${JSON.stringify(reg.resolveConfig(reg.resolve(id), o.set), null, 2)}\n`);
    });
}
