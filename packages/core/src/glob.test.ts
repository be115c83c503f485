import { assertGlobs, compileGlob, isLiteralGlob, matchesAny } from './glob';
import { ZooError } from './errors';

/** Recipe ids as the installed plugins name them (dots, dashes, underscores, digits). */
const IDS = [
  'debias/dcwp@cmnist-0.5pct',
  'debias/erm@biased-bars',
  'gnn/appnp@cora',
  'gnn/cluster-gcn@cora',
  'gnn/gcn@citeseer',
  'gnn/gcn@cora',
  'gnn/gcn@sbm',
  'gnn/gnn-hf-iter@cora',
  'gnn/gnn-lf-closed@cora',
  'gnn/l2-gcn@ppi',
  'gnn/sgc@cora',
  'kg/dual-amn-semi@dbp15k-fr_en',
  'kg/dual-amn@kg-synthetic',
  'snn/ttfs-b1-fc2@bars',
  'snn/joint-a-snn-resnet8@mnist',
];

/** The zoo's first matcher (a hand-made RegExp), kept here to pin what today's globs match. */
function firstMatcher(glob: string): RegExp {
  let re = '';
  let inBrace = 0;
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '{') {
      re += '(?:';
      inBrace++;
    } else if (ch === '}' && inBrace > 0) {
      re += ')';
      inBrace--;
    } else if (ch === ',' && inBrace > 0) re += '|';
    else re += ch.replace(/[.+^$()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const matching = (glob: string) => IDS.filter((id) => compileGlob(glob)(id));

describe('recipe globs (picomatch, * crossing /)', () => {
  it('matches what the first matcher matched for the globs users write', () => {
    const globs = ['*', 'gnn/*', '*@cora', 'gnn/*@cora', '*/gcn@*', 'gnn/gcn@cora', 'gnn/gnn-{lf,hf}-*@cora', 'gnn/gc?@cora', 'g*a', '*gcn*', 'kg/*_en', '*@cmnist-0.5pct', 'snn/ttfs-*', '?nn/*', 'gnn/{gcn,sgc}@{cora,sbm}'];
    for (const g of globs) expect([g, matching(g)]).toEqual([g, IDS.filter((id) => firstMatcher(g).test(id))]);
    expect(matching('*@cora')).toEqual(['gnn/appnp@cora', 'gnn/cluster-gcn@cora', 'gnn/gcn@cora', 'gnn/gnn-hf-iter@cora', 'gnn/gnn-lf-closed@cora', 'gnn/sgc@cora']);
    expect(matching('gnn/*')).toHaveLength(9);
    expect(matching('*')).toEqual(IDS);
  });

  it('a dot is a plain character, not "any character" and not a hidden-file marker', () => {
    expect(matching('debias/dcwp@cmnist-0.5pct')).toEqual(['debias/dcwp@cmnist-0.5pct']);
    expect(matching('debias/dcwp@cmnist-0x5pct')).toEqual([]);
    expect(compileGlob('*')('.hidden/x@y')).toBe(true);
  });

  it('character classes and brace lists work (the first matcher read [cn] literally)', () => {
    expect(matching('gnn/[gs][cg][nc]@cora')).toEqual(['gnn/gcn@cora', 'gnn/sgc@cora']);
    expect(firstMatcher('gnn/[gs][cg][nc]@cora').test('gnn/gcn@cora')).toBe(false);
    expect(matching('gnn/[!g]*@cora')).toEqual(['gnn/appnp@cora', 'gnn/cluster-gcn@cora', 'gnn/sgc@cora']);
    expect(matching('gnn/[^g]*@cora')).toEqual(matching('gnn/[!g]*@cora'));
    expect(matching('gnn/{gcn,sgc}@cora')).toEqual(['gnn/gcn@cora', 'gnn/sgc@cora']);
    expect(matching('gnn/*@@(cora|sbm)')).toEqual(matching('gnn/*@{cora,sbm}'));
  });

  it('a malformed glob is one ZooError line naming it', () => {
    expect(() => compileGlob('gnn/{gcn,sgc')).toThrow(new ZooError(`bad glob 'gnn/{gcn,sgc': missing closing "}" (quote a literal bracket with a backslash)`));
    expect(() => matchesAny('gnn/gcn@cora', ['gnn/g[cn@cora'])).toThrow(/^bad glob 'gnn\/g\[cn@cora': missing closing "\]"/);
    expect(() => assertGlobs(['gnn/*', 'x/(y'])).toThrow(/^bad glob 'x\/\(y'/);
    // the first matcher let the RegExp engine's message through
    expect(() => firstMatcher('gnn/{gcn,sgc')).toThrow(/Invalid regular expression/);
  });

  it('an empty list matches every id; isLiteralGlob tells an id from a pattern', () => {
    expect(matchesAny('kg/x@y', [])).toBe(true);
    expect(matchesAny('kg/x@y', ['gnn/*'])).toBe(false);
    expect(isLiteralGlob('gnn/gcn@cora')).toBe(true);
    expect(isLiteralGlob('debias/dcwp@cmnist-0.5pct')).toBe(true);
    for (const g of ['gnn/*', 'gnn/gc?@cora', 'gnn/{a,b}', 'gnn/[ab]']) expect(isLiteralGlob(g)).toBe(false);
  });
});
