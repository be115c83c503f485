import { boundedInt, LIMITS } from './config-bounds';
import { validateConfig } from './config';
import { ConfigError } from './errors';
import { Registry } from './registry';
import { toyPlugin } from './testing/toy-plugin';
import { supervisedConfigSchema } from './trainer/supervised';

describe('config bounds', () => {
  it('boundedInt takes integers in its range and names the range for everything else', () => {
    const s = boundedInt(1, 10);
    expect(s.parse(1)).toBe(1);
    expect(s.parse(10)).toBe(10);
    for (const bad of [0, 11, 3.5, 1e12, -1]) expect(s.safeParse(bad).error?.issues[0].message).toBe('expected an integer from 1 to 10');
  });

  it('a huge epoch count or batch size is refused naming the field and the range; defaults stay valid', () => {
    expect(validateConfig(supervisedConfigSchema, {}, 'config').maxEpochs).toBe(1000);
    expect(() => validateConfig(supervisedConfigSchema, { maxEpochs: 1e12 }, 'config')).toThrow(
      new ConfigError(`config field maxEpochs: expected an integer from 1 to ${LIMITS.epochs} (got 1000000000000)`),
    );
    const registry = new Registry().register(toyPlugin);
    const recipe = registry.resolve('toy/softmax@blobs');
    expect(() => registry.resolveConfig(recipe, ['trainer.maxEpochs=1e12'])).toThrow(`config field trainer.maxEpochs: expected an integer from 1 to ${LIMITS.epochs} (got 1000000000000)`);
    expect(() => registry.resolveConfig(recipe, ['trainer.batchSize=1e9'])).toThrow(`config field trainer.batchSize: expected an integer from 1 to ${LIMITS.batch} (got 1000000000)`);
    expect(registry.resolveConfig(recipe, ['trainer.maxEpochs=1000000']).trainer).toMatchObject({ maxEpochs: 1_000_000 });
  });
});
