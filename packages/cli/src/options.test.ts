import { collect, parseTiers, positiveInt } from './options';

describe('option parsers', () => {
  it('collect accumulates repeated flags in order', () => {
    expect(collect('b=2', collect('a=1', []))).toEqual(['a=1', 'b=2']);
  });

  it('positiveInt accepts 1, 2, ... and names the flag otherwise', () => {
    expect(positiveInt('--jobs')('3')).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two', '']) expect(() => positiveInt('--jobs')(bad)).toThrow(`--jobs '${bad}': expected a positive integer`);
  });

  it('parseTiers splits on commas and rejects unknown tiers', () => {
    expect(parseTiers(undefined)).toBeUndefined();
    expect(parseTiers('smoke, cpu')).toEqual(['smoke', 'cpu']);
    expect(() => parseTiers('smoke,gpu')).toThrow("--tier 'gpu': expected one of smoke, cpu, paper");
  });
});
