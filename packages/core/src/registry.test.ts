import { definePlugin } from './plugin';
import { Registry } from './registry';
import { toyPlugin } from './testing/toy-plugin';
import { PluginNotInstalledError, UnknownIdError, ZooError } from './errors';

const registry = () => new Registry().register(toyPlugin);

describe('definePlugin', () => {
  const base = { meta: { name: 'x', version: '1.0.0' }, models: toyPlugin.models, datasets: toyPlugin.datasets };
  it('rejects recipe ids of another plugin, unknown references and bad tiers', () => {
    expect(() => definePlugin({ ...base, recipes: [{ id: 'y/softmax@blobs', model: 'softmax', dataset: 'blobs', tier: 'smoke', metrics: ['accuracy'] }] })).toThrow(/must look like 'x\//);
    expect(() => definePlugin({ ...base, recipes: [{ id: 'x/m@blobs', model: 'nope', dataset: 'blobs', tier: 'smoke', metrics: ['accuracy'] }] })).toThrow(/unknown model 'nope'/);
    expect(() => definePlugin({ ...base, recipes: [{ id: 'x/m@b', model: 'softmax', dataset: 'blobs', tier: 'huge' as never, metrics: ['accuracy'] }] })).toThrow(/tier 'huge'/);
    expect(() => definePlugin({ ...base, meta: { name: 'Bad Name', version: '1' }, recipes: [] })).toThrow(ZooError);
  });
});

describe('Registry', () => {
  it('lists recipes by glob and tier', () => {
    const r = registry();
    expect(r.listRecipes().map((x) => x.id)).toEqual(['toy/softmax@blobs', 'toy/softmax@blobs-file']);
    expect(r.listRecipes(['toy/*@blobs']).map((x) => x.id)).toEqual(['toy/softmax@blobs']);
    expect(r.listRecipes([], ['cpu']).map((x) => x.id)).toEqual(['toy/softmax@blobs-file']);
  });

  it('names what is wrong with an unknown recipe', () => {
    const r = registry();
    expect(() => r.resolve('toy/nope@blobs')).toThrow(UnknownIdError);
    expect(() => r.resolve('toy/softmax@nope')).toThrow(/recipes of this model: toy\/softmax@blobs/);
    expect(() => r.resolve('not-an-id')).toThrow(/ids look like/);
    expect(() => r.resolve('gnn/gcn@cora')).toThrow(PluginNotInstalledError);
    expect(() => r.resolve('gnn/gcn@cora')).toThrow('npm install @zoo/plugin-gnn');
  });

  it('suggests the closest recipe, model, dataset or plugin for a typo (fails on the first registry: no suggestion)', () => {
    const r = registry();
    expect(() => r.resolve('toy/sotfmax@blobs')).toThrow(new UnknownIdError("unknown recipe 'toy/sotfmax@blobs'; did you mean toy/softmax@blobs?"));
    expect(() => r.resolve('toy/softmax@blob')).toThrow("unknown recipe 'toy/softmax@blob'; did you mean toy/softmax@blobs?");
    expect(() => r.resolve('toy/sofmax-large@blobs')).toThrow("unknown recipe 'toy/sofmax-large@blobs': plugin toy has no model 'sofmax-large'; see `zoo list 'toy/*'`");
    expect(() => r.resolve('toy/softmx2@zzz')).toThrow("unknown recipe 'toy/softmx2@zzz': plugin toy has no model 'softmx2' (did you mean softmax?) and no dataset 'zzz'; see `zoo list 'toy/*'`");
    expect(() => r.resolve('toy/softmx2@blobz')).toThrow("unknown recipe 'toy/softmx2@blobz'; did you mean toy/softmax@blobs?");
    expect(() => r.resolve('toy/softmax-blobs')).toThrow("unknown recipe 'toy/softmax-blobs'; did you mean toy/softmax@blobs? (ids look like <plugin>/<model>@<dataset>)");
    // a misspelt plugin suggests the installed one, not `npm install @zoo/plugin-<typo>`
    const typo = () => r.resolve('tyo/softmax@blobs');
    expect(typo).toThrow(new UnknownIdError("recipe 'tyo/softmax@blobs': no plugin 'tyo' is installed; did you mean 'toy' (toy/softmax@blobs)? (installed: toy)"));
    expect(() => r.resolve('tox/nope@x')).toThrow("recipe 'tox/nope@x': no plugin 'tox' is installed; did you mean 'toy'? (installed: toy)");
    expect(() => r.resolve('tox/nope@x')).not.toThrow(/npm install/);
    expect(() => r.resolve('tyo/sotfmax@blobs')).toThrow("did you mean 'toy' (toy/softmax@blobs)?");
  });

  it('explains why globs match nothing: a close id, another tier, an unknown plugin', () => {
    const r = registry();
    expect(r.noMatchHint(['toy/sotfmax@blobs'])).toBe('did you mean toy/softmax@blobs?');
    expect(r.noMatchHint(['toy/softmax@blobs-file'], ['smoke'])).toBe("'toy/softmax@blobs-file' matches recipes of tier cpu only (add --tier cpu)");
    expect(r.noMatchHint(['tyo/*'])).toBe("no plugin 'tyo' is installed; did you mean 'toy'?");
    expect(r.noMatchHint(['gnn/*'])).toBe("no plugin 'gnn' is installed (npm install @zoo/plugin-gnn)");
    expect(r.noMatchHint(['toy/zzz*'])).toBe('');
    expect(() => r.listRecipes(['toy/{softmax'])).toThrow(new ZooError(`bad glob 'toy/{softmax': missing closing "}" (quote a literal bracket with a backslash)`));
  });

  it('merges defaults ← recipe ← --set and validates after overriding', () => {
    const r = registry();
    const res = r.resolve('toy/softmax@blobs');
    const c = r.resolveConfig(res);
    expect(c.trainer).toMatchObject({ lr: 0.1, maxEpochs: 60, patience: 20, optimizer: 'adam' });
    expect(c.data).toEqual({ n: 300, classes: 3, spread: 0.6 });
    const o = r.resolveConfig(res, ['trainer.lr=0.5', 'data.n=50', 'seed=4']);
    expect(o).toMatchObject({ seed: 4, trainer: { lr: 0.5 }, data: { n: 50 } });
    expect(() => r.resolveConfig(res, ['trainer.lr=fast'])).toThrow('config field trainer.lr: expected number, received string (got "fast")');
    expect(() => r.resolveConfig(res, ['trainer.nope=1'])).toThrow(/trainer(\.nope)?/);
    expect(() => r.resolveConfig(res, ['bogus=1'])).toThrow(/bogus/);
    expect(() => r.resolveConfig(res, ['trainer.lrr=1'])).toThrow('config field trainer.lrr: unknown field; did you mean trainer.lr?');
    expect(() => r.resolveConfig(res, ['model.innit=zeros'])).toThrow('config field model.innit: unknown field; did you mean model.init?');
  });

  it('refuses two different plugins with the same name', () => {
    const other = { ...toyPlugin, meta: { ...toyPlugin.meta, version: '9' } };
    expect(() => registry().register(other)).toThrow("two plugins named 'toy' are installed: @zoo/core (testing) 0.0.0 and @zoo/core (testing) 9; uninstall one (see `zoo doctor`)");
  });
});
