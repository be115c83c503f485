import type { EvalRow } from '@zoo/core';
import { EVAL_TABLE_WIDTH, formatDelta, formatEvalTable, formatMean, formatValue, genericTable, pct, plainNumber, rowsToCsv, wrapWords } from './format';

const row = (o: Partial<EvalRow>): EvalRow => ({ recipe: 'toy/m@d', metric: 'accuracy', unit: 'fraction', mean: 0.8123, std: 0.01, seeds: 2, paper: 0.8, seconds: 1.25, backend: 'cpu', status: 'ok', reason: null, ...o });

/** The cells of the table line that starts (after indentation) with `name`. */
function line(table: string, name: string): string[] {
  const l = table.split('\n').find((x) => x.trim().split(/\s{2,}/)[0] === name);
  if (!l) throw new Error(`no line ${name} in\n${table}`);
  return l.trim().split(/\s{2,}/);
}

/** The rows of `zoo eval --tier smoke,cpu --seeds 3` with a missing dataset, as the plugins give them. */
function realisticRows(): EvalRow[] {
  const ttfs = (recipe: string): EvalRow[] => [
    row({ recipe, metric: 'accuracy', mean: 0.9812, std: 0.0123, seeds: 3 }),
    row({ recipe, metric: 'spikes_per_neuron', unit: 'count', mean: 0.4574, std: 0.0213, seeds: 3, paper: null }),
    row({ recipe, metric: 'max_output_diff', unit: 'ratio', mean: 2.75e-7, std: 3.1e-8, seeds: 3, paper: null }),
    row({ recipe, metric: 'prediction_mismatch', unit: 'fraction', mean: 0, std: 0, seeds: 3, paper: null }),
  ];
  const missing = (recipe: string, metrics: string[]): EvalRow[] =>
    metrics.map((metric) =>
      row({
        recipe,
        metric,
        mean: null,
        std: null,
        seeds: 0,
        paper: metric === 'accuracy' ? 0.7739 : null,
        seconds: 0.01,
        status: 'skipped',
        reason: 'data for snn/joint-a-snn-resnet8-shared-only@mnist not found: expected /home/someone/datasets/mnist/t10k-images-idx3-ubyte.gz (layout: <data-dir>/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz], the IDX files of http://yann.lecun.com/exdb/mnist/)',
      }),
    );
  return [
    ...['debias/dcwp@cmnist-0.5pct', 'debias/lff@cmnist-0.5pct'].flatMap((recipe) =>
      ['unbiased_accuracy', 'aligned_accuracy', 'conflicting_accuracy', 'kept_weights'].map((metric) => row({ recipe, metric, mean: 0.6233, std: 0.1234, seeds: 3, paper: metric === 'unbiased_accuracy' ? 0.6531 : null, seconds: 1234.5 })),
    ),
    row({ recipe: 'gnn/gnn-hf-closed@citeseer', mean: 0.7213, std: 0.0045, seeds: 3, paper: 0.731, seconds: 12.3 }),
    row({ recipe: 'kg/dual-amn@dbp15k-zh-en', metric: 'hits_at_1', mean: 0.8012, std: 0.0021, seeds: 3, paper: 0.808 }),
    ...ttfs('snn/ttfs-b1-fc2@mnist'),
    ...missing('snn/joint-a-snn-resnet8-shared-only@mnist', ['accuracy', 'ann_accuracy']),
    ...missing('snn/joint-a-snn-resnet8-kd-only@mnist', ['accuracy', 'ann_accuracy']),
    row({ recipe: 'gnn/gcn@ppi', metric: 'micro_f1', mean: null, std: null, seeds: 0, paper: null, status: 'failed', reason: 'Error: out of memory while allocating 4.2 GB\n    at Engine.makeTensor (engine.js:1:1)\n    at Object.tensor (tensor.js:2:2)' }),
  ];
}

describe('output formats', () => {
  it('pct: two decimals of a percentage, - for none', () => {
    expect(pct(0.8123)).toBe('81.23');
    expect(pct(null)).toBe('-');
  });

  it('formats a value by its unit: % only for fractions, plain numbers that do not hide small values', () => {
    expect(formatValue(0.4574, 'fraction')).toBe('45.74%');
    expect(formatValue(0.4574, 'count')).toBe('0.4574');
    expect(formatValue(0.001, 'ratio')).toBe('0.001');
    expect(formatValue(2.75e-7, 'ratio')).toBe('2.75e-7');
    expect(formatValue(12.3456, 'value')).toBe('12.35');
    expect(formatValue(123456, 'count')).toBe('123456');
    expect(formatValue(1.25, 'seconds')).toBe('1.25 s');
    expect(formatValue(null, 'fraction')).toBe('-');
    expect(plainNumber(0)).toBe('0');
    expect(plainNumber(-0.5)).toBe('-0.5');
  });

  it('± the sample std only with two seeds or more; Δ in percentage points for fractions', () => {
    expect(formatMean(0.8123, 0, 1, 'fraction')).toBe('81.23%');
    expect(formatMean(0.8123, 0.01, 2, 'fraction')).toBe('81.23 ± 1.00%');
    expect(formatMean(0.4574, 0.02, 3, 'count')).toBe('0.4574 ± 0.02');
    expect(formatDelta(0.8123, 0.8, 'fraction')).toBe('+1.23 pp');
    expect(formatDelta(0.79, 0.8, 'fraction')).toBe('-1.00 pp');
    expect(formatDelta(0.5, 0.75, 'count')).toBe('-0.25');
    expect(formatDelta(0.5, null, 'count')).toBe('-');
  });

  it("the eval table: a recipe's line with seconds and status, then its metrics in their units", () => {
    const t = formatEvalTable([
      row({ recipe: 'snn/ttfs-b1-fc2@bars', metric: 'accuracy', mean: 1, std: 0, seeds: 1, paper: null, seconds: 0.52 }),
      row({ recipe: 'snn/ttfs-b1-fc2@bars', metric: 'spikes_per_neuron', unit: 'count', mean: 0.4574, std: 0, seeds: 1, paper: null, seconds: 0.52 }),
      row({ recipe: 'snn/ttfs-b1-fc2@bars', metric: 'max_output_diff', unit: 'ratio', mean: 0.001, std: 0, seeds: 1, paper: null, seconds: 0.52 }),
      row({ recipe: 'toy/m@d', seeds: 2 }),
    ]);
    expect(line(t, 'recipe / metric')).toEqual(['recipe / metric', 'ours', 'paper', 'Δ', 'seconds', 'status']);
    expect(line(t, 'snn/ttfs-b1-fc2@bars')).toEqual(['snn/ttfs-b1-fc2@bars', '0.5', 'ok']);
    expect(line(t, 'accuracy')).toEqual(['accuracy', '100.00%', '-', '-']);
    expect(line(t, 'spikes_per_neuron')).toEqual(['spikes_per_neuron', '0.4574', '-', '-']);
    expect(line(t, 'max_output_diff')).toEqual(['max_output_diff', '0.001', '-', '-']);
    expect(t).not.toMatch(/45\.74|0\.10\b|± 0\.00|ours \(%\)/);
    expect(t.split('\n').filter((l) => l.trim().startsWith('accuracy'))[1].trim().split(/\s{2,}/)).toEqual(['accuracy', '81.23 ± 1.00%', '80.00%', '+1.23 pp']);
    expect(t).toMatch(/^backend: cpu$/m);
  });

  it("a skipped or failed recipe's reason is printed once, whole, below the table (shared by recipes with the same reason)", () => {
    const rows = realisticRows();
    const t = formatEvalTable(rows);
    const reason = rows.find((r) => r.status === 'skipped')!.reason!;
    expect(t.split('yann.lecun.com').length - 1).toBe(1);
    expect(line(t, 'snn/joint-a-snn-resnet8-shared-only@mnist')).toEqual(['snn/joint-a-snn-resnet8-shared-only@mnist', '-', 'skipped [1]']);
    expect(line(t, 'snn/joint-a-snn-resnet8-kd-only@mnist')).toEqual(['snn/joint-a-snn-resnet8-kd-only@mnist', '-', 'skipped [1]']);
    expect(line(t, 'gnn/gcn@ppi')).toEqual(['gnn/gcn@ppi', '1.3', 'failed [2]']);
    // the note holds every word of the reason unbroken, in order
    const notes = t.slice(t.indexOf('[1] '));
    expect(notes.split(/\s+/).slice(1).join(' ')).toContain(reason);
    expect(notes).toMatch(/\[2\] Error: out of memory while allocating 4\.2 GB \(stack trace in --json\/--csv\)/);
    expect(notes).not.toMatch(/Engine\.makeTensor/);
    // a skipped recipe shows the paper's value it could not be compared with, and no empty metric lines
    expect(t.split('\n').filter((l) => /^\s+accuracy\s+-\s+77\.39%\s+-$/.test(l))).toHaveLength(2);
    expect(t).not.toMatch(/^\s+ann_accuracy/m);
  });

  it('marks a mean that does not beat its chance level, and says once what the mark means', () => {
    const t = formatEvalTable([
      row({ recipe: 'gnn/gcn@cora', mean: 0.13, std: 0, seeds: 1, paper: 0.815, chance: 1 / 7, atChance: true }),
      row({ recipe: 'gnn/gcn@cora', metric: 'micro_f1', mean: 0.81, std: 0, seeds: 1, paper: null, chance: 1 / 7, atChance: false }),
    ]);
    expect(line(t, 'accuracy')).toEqual(['accuracy', '13.00% ≈chance', '81.50%', '-68.50 pp']);
    expect(line(t, 'micro_f1')).toEqual(['micro_f1', '81.00%', '-', '-']);
    expect(t.split('≈chance').length - 1).toBe(2); // the mark, and its one-line legend
    expect(t).toMatch(/^≈chance: no better than guessing/m);
    expect(formatEvalTable([row({ chance: 0.1, atChance: false })])).not.toMatch(/chance/);
  });

  it('fits 100 columns for a realistic table (3 seeds, paper values, long ids, a skip and a failure)', () => {
    const t = formatEvalTable(realisticRows());
    const widths = t.split('\n').map((l) => l.length);
    expect(Math.max(...widths)).toBeLessThanOrEqual(EVAL_TABLE_WIDTH);
    expect(EVAL_TABLE_WIDTH).toBe(100);
  });

  it('wrapWords breaks at spaces only; a word longer than a line keeps its own line', () => {
    const long = `/${'x'.repeat(30)}`;
    expect(wrapWords(`a b ${long} c`, 12, '  ')).toEqual(['a b', `  ${long}`, '  c']);
    expect(wrapWords('one two three', 9)).toEqual(['one two', 'three']);
  });

  it('CSV quotes cells with commas, quotes or newlines; newer columns (unit, chance, atChance) come last', () => {
    const csv = rowsToCsv([row({ status: 'failed', reason: 'bad "x", line 3', chance: 0.25, atChance: false })]);
    expect(csv.split('\n')[0]).toBe('recipe,metric,mean,std,seeds,paper,seconds,backend,status,reason,unit,chance,atChance');
    expect(csv.split('\n')[1]).toBe('toy/m@d,accuracy,0.8123,0.01,2,0.8,1.25,cpu,failed,"bad ""x"", line 3",fraction,0.25,false');
  });

  it('genericTable: one markdown column per key', () => {
    expect(genericTable([])).toBe('(no rows)');
    expect(genericTable([{ a: 1, b: 0.12345, c: null }])).toBe('| a | b | c |\n|---|---|---|\n| 1 | 0.123 | - |');
  });
});
