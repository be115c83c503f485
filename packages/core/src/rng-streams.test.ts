import { Rng } from './rng';
import { RngStreams } from './rng-streams';

describe('Rng state', () => {
  it('getState/setState continue the same draws, on every draw kind', () => {
    const a = new Rng(5);
    a.next();
    a.normal();
    const saved = a.getState();
    const rest = [a.next(), a.nextSeed(), a.int(10), a.normal(), ...a.shuffle([1, 2, 3, 4, 5])];
    const b = new Rng(99);
    b.setState(saved);
    expect([b.next(), b.nextSeed(), b.int(10), b.normal(), ...b.shuffle([1, 2, 3, 4, 5])]).toEqual(rest);
    expect(() => b.setState(-1)).toThrow(/32-bit unsigned/);
  });
});

describe('RngStreams', () => {
  it('lists every fork of a root by path, repeats numbered, and snapshots their states', () => {
    const root = RngStreams.root(1);
    const model = root.fork('model');
    const dropout = model.fork('dropout');
    const again = model.fork('dropout');
    dropout.next();
    expect(Object.keys(root.streams!.snapshot())).toEqual(['model', 'model/dropout', 'model/dropout#1']);
    expect(dropout.path).toBe('model/dropout');
    expect(root.streams!.snapshot()['model/dropout']).toBe(dropout.getState());
    expect(root.streams!.snapshot()['model/dropout#1']).toBe(again.getState());
    // forks draw the same as untracked ones: tracking changes no numbers
    expect(new Rng(1).fork('model').fork('dropout').next()).toBe(RngStreams.root(1).fork('model').fork('dropout').next());
  });

  it('restores the streams that exist to their saved states and reports the others', () => {
    const a = RngStreams.root(3);
    const sa = a.fork('trainer').fork('shuffle');
    for (let i = 0; i < 7; i++) sa.next();
    const saved = a.streams!.snapshot();
    const expected = [sa.next(), sa.next()];

    const b = RngStreams.root(3);
    const sb = b.fork('trainer').fork('shuffle');
    expect(b.streams!.restore({ ...saved, 'trainer/augment-3': 42 })).toEqual(['trainer/augment-3']);
    expect([sb.next(), sb.next()]).toEqual(expected);
  });
});
