import { z } from 'zod';
import { applyOverrides, assertOverridesKnown, deepMerge, fieldPaths, parseOverride, validateConfig } from './config';
import { ConfigError } from './errors';

describe('config overrides', () => {
  it('parses values as JSON when they parse, else as strings', () => {
    expect(parseOverride('trainer.lr=0.01')).toEqual({ path: ['trainer', 'lr'], value: 0.01 });
    expect(parseOverride('a.flag=true').value).toBe(true);
    expect(parseOverride('data.name=cora').value).toBe('cora');
    expect(parseOverride('model.sizes=[1,2]').value).toEqual([1, 2]);
    expect(() => parseOverride('nokey')).toThrow(ConfigError);
    expect(() => parseOverride('a..b=1')).toThrow(/dotted field path/);
  });

  it('applies overrides on a copy, creating sections', () => {
    const base = { trainer: { lr: 1 } };
    const out = applyOverrides(base, [parseOverride('trainer.lr=2'), parseOverride('model.hidden=8')]);
    expect(out).toEqual({ trainer: { lr: 2 }, model: { hidden: 8 } });
    expect(base.trainer.lr).toBe(1);
    expect(() => applyOverrides(base, [parseOverride('trainer.lr.x=1')])).toThrow(/is a value, not a section/);
  });

  it('refuses __proto__, constructor and prototype anywhere in a --set key or value, and nothing reaches Object.prototype', () => {
    for (const key of ['__proto__.polluted', 'trainer.__proto__.polluted', 'model.constructor.prototype.polluted', 'data.prototype']) {
      const bad = key.split('.').find((k) => ['__proto__', 'constructor', 'prototype'].includes(k));
      expect(() => parseOverride(`${key}=1`)).toThrow(new ConfigError(`--set '${key}=1': '${bad}' cannot be a config field name (it would reach the prototype of every object)`));
    }
    expect(() => parseOverride('model.x={"a":{"__proto__":{"polluted":1}}}')).toThrow(/'__proto__' cannot be a config field name/);
    // other callers of applyOverrides and deepMerge (no parseOverride in between)
    const base = { trainer: { lr: 1 } };
    for (const path of [['__proto__', 'polluted'], ['trainer', '__proto__', 'polluted'], ['constructor', 'prototype', 'polluted']]) {
      expect(() => applyOverrides(base, [{ path, value: 1 }])).toThrow(ConfigError);
    }
    expect(() => applyOverrides(base, [{ path: ['model'], value: JSON.parse('{"__proto__": {"polluted": 1}}') }])).toThrow(ConfigError);
    expect(() => deepMerge({}, JSON.parse('{"__proto__": {"polluted": 1}}'))).toThrow(ConfigError);
    // an inherited name is not followed: `toString` is created as an own section, Object.prototype keeps its own
    expect(applyOverrides(base, [{ path: ['toString', 'x'], value: 1 }])).toEqual({ trainer: { lr: 1 }, toString: { x: 1 } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(typeof Object.prototype.toString).toBe('function');
  });

  it('deep-merges recipe sections over defaults', () => {
    expect(deepMerge({ a: { b: 1, c: 2 }, d: [1] }, { a: { c: 3 }, d: [2] })).toEqual({ a: { b: 1, c: 3 }, d: [2] });
  });

  it('names the field and the bad value when validation fails', () => {
    const schema = z.object({ trainer: z.object({ lr: z.number().positive() }) });
    expect(() => validateConfig(schema, { trainer: { lr: 'abc' } }, 'config')).toThrow(
      'config field trainer.lr: expected number, received string (got "abc")',
    );
    expect(() => validateConfig(schema, { trainer: { lr: -1 } }, 'config')).toThrow(/trainer\.lr: .*(>0|positive|greater)/i);
  });

  it('rejects overrides of fields the schema does not have', () => {
    const schema = z.object({ trainer: z.object({ lr: z.number().default(1) }) });
    const ov = [parseOverride('trainer.lrr=2')];
    const parsed = validateConfig(schema, applyOverrides({ trainer: {} }, ov), 'config');
    expect(() => assertOverridesKnown(parsed, ov, 'config')).toThrow('config field trainer.lrr: unknown field');
  });

  it('names the closest field of a misspelt --set key (trainer.lrr → trainer.lr), checked against the schema', () => {
    const schema = z
      .object({
        seed: z.number().default(0),
        model: z.object({ hidden: z.number().default(16), dims: z.preprocess((v) => v, z.object({ a: z.number().optional() })).optional() }).strict(),
        trainer: z.object({ lr: z.number().default(1), batchSize: z.number().optional(), extra: z.record(z.string(), z.number()).optional() }).strict(),
      })
      .strict();
    const check = (...sets: string[]) => () => assertOverridesKnown(undefined, sets.map(parseOverride), 'config', schema);
    expect(check('trainer.lrr=2')).toThrow(new ConfigError('config field trainer.lrr: unknown field; did you mean trainer.lr?'));
    expect(check('model.hiden=2')).toThrow('config field model.hiden: unknown field; did you mean model.hidden?');
    expect(check('trainr.lr=2')).toThrow('config field trainr.lr: unknown field; did you mean trainer.lr?');
    expect(check('sed=2')).toThrow('config field sed: unknown field; did you mean seed?');
    expect(check('trainer.zzzzzz=2')).toThrow('config field trainer.zzzzzz: unknown field (see `zoo config <recipe>` for the fields)');
    // optional fields without a default, fields below a preprocess, and keys of a record are known
    expect(check('trainer.batchSize=8', 'model.dims.a=1', 'trainer.extra.anything=1', 'seed=3')).not.toThrow();
    expect(fieldPaths(schema)).toEqual(['model', 'model.dims', 'model.dims.a', 'model.hidden', 'seed', 'trainer', 'trainer.batchSize', 'trainer.extra', 'trainer.lr']);
  });
});
