import type { Command } from 'commander';
import type { CommandContext } from '../context';
import { emitJson, jsonOption, jsonTarget } from '../json-output';
import { collect } from '../options';
import { examples } from '../help';

/**
 * `zoo config <recipe> [--set k=v]... [--json [FILE]]`: the merged, validated config as JSON on stdout
 * (`--json` alone changes nothing; `--json FILE` also writes it to FILE).
 */
export function addConfigCommand(program: Command, ctx: CommandContext): void {
  program
    .command('config')
    .description('print the merged, validated config of a recipe (defaults ← recipe ← --set)')
    .argument('<recipe>', 'recipe id')
    .option('--set <key=value>', 'override a config field, e.g. trainer.lr=0.005 (repeatable)', collect, [])
    .addOption(jsonOption('the config (printed as JSON either way)'))
    .addHelpText('after', examples('zoo config gnn/gcn@cora', 'zoo config gnn/gcn@cora --set trainer.lr=0.005 --set model.dropout=0'))
    .action((id: string, o: { set: string[]; json?: string | boolean }) => {
      const reg = ctx.registry();
      const config = reg.resolveConfig(reg.resolve(id), o.set);
      if (!emitJson(jsonTarget(o.json), config, ctx.out)) ctx.out(`${JSON.stringify(config, null, 2)}\n`);
    });
}
