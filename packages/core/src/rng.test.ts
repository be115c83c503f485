import { Rng } from './rng';

describe('Rng', () => {
  it('is reproducible per seed and differs across seeds', () => {
    const a = Array.from({ length: 5 }, ((r) => () => r.next())(new Rng(7)));
    const b = Array.from({ length: 5 }, ((r) => () => r.next())(new Rng(7)));
    const c = Array.from({ length: 5 }, ((r) => () => r.next())(new Rng(8)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const v of a) expect(v >= 0 && v < 1).toBe(true);
  });

  it('forks independent streams that do not depend on the parent being used', () => {
    const r1 = new Rng(1);
    const f1 = r1.fork('data').next();
    const r2 = new Rng(1);
    r2.next();
    r2.next();
    expect(r2.fork('data').next()).toBe(f1);
    expect(new Rng(1).fork('model').next()).not.toBe(f1);
  });

  it('draws roughly uniform and normal values', () => {
    const r = new Rng(3);
    const n = 20000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.05);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) counts[r.int(4)]++;
    for (const c of counts) expect(Math.abs(c / n - 0.25)).toBeLessThan(0.02);
  });

  it('shuffles into a permutation', () => {
    const a = new Rng(5).shuffle(Array.from({ length: 50 }, (_, i) => i));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
