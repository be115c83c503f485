import { supervisedConfigSchema } from '@zoo/core';
import { paperSgdConfigSchema, paperSgdTrainerDef } from './paper-sgd';

describe('paper-sgd trainer', () => {
  it('defaults to the paper\'s SGD settings and keeps the rest of the supervised defaults', () => {
    const c = paperSgdConfigSchema.parse({});
    expect(c).toEqual({ ...supervisedConfigSchema.parse({}), optimizer: 'momentum', lr: 0.1, weightDecay: 5e-4 });
    expect(paperSgdConfigSchema.parse({ lr: 0.01 }).lr).toBe(0.01);
  });

  it('rejects unknown fields and bad values (a typo must not be silently ignored)', () => {
    expect(() => paperSgdConfigSchema.parse({ lrr: 0.1 })).toThrow();
    expect(() => paperSgdConfigSchema.parse({ lr: -1 })).toThrow();
    expect(paperSgdTrainerDef.id).toBe('paper-sgd');
  });
});
