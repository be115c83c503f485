import type { EvalRow } from '@zoo/core';
import { formatEvalTable, genericTable, pct, rowsToCsv } from './format';

const row = (o: Partial<EvalRow>): EvalRow => ({ recipe: 'toy/m@d', metric: 'accuracy', mean: 0.8123, std: 0.01, seeds: 2, paper: 0.8, seconds: 1.25, backend: 'cpu', status: 'ok', reason: null, ...o });

describe('output formats', () => {
  it('pct: two decimals of a percentage, - for none', () => {
    expect(pct(0.8123)).toBe('81.23');
    expect(pct(null)).toBe('-');
  });

  it('the eval table shows ours ± std, the paper, Δ and the status with its reason', () => {
    const t = formatEvalTable([row({}), row({ recipe: 'toy/m@e', mean: null, std: null, seeds: 0, paper: null, status: 'skipped', reason: 'data not embedded' })]);
    expect(t).toMatch(/toy\/m@d .*accuracy .*81\.23 ± 1\.00 .*80\.00 .*\+1\.23 .*1\.3 .*cpu .*ok/);
    expect(t).toMatch(/toy\/m@e .*- .*- .*- .*skipped: data not embedded/);
  });

  it('CSV quotes cells with commas, quotes or newlines', () => {
    const csv = rowsToCsv([row({ status: 'failed', reason: 'bad "x", line 3' })]);
    expect(csv.split('\n')[0]).toBe('recipe,metric,mean,std,seeds,paper,seconds,backend,status,reason');
    expect(csv.split('\n')[1]).toBe('toy/m@d,accuracy,0.8123,0.01,2,0.8,1.25,cpu,failed,"bad ""x"", line 3"');
  });

  it('genericTable: one markdown column per key', () => {
    expect(genericTable([])).toBe('(no rows)');
    expect(genericTable([{ a: 1, b: 0.12345, c: null }])).toBe('| a | b | c |\n|---|---|---|\n| 1 | 0.123 | - |');
  });
});
