import { countModel } from './count';
import { expectImage, Sequential } from './layer';
import { Conv2d } from './conv2d';
import { GlobalAvgPool, Relu } from './simple-layers';
import { Linear } from './linear';

describe('layer trees', () => {
  it('Sequential chains shapes; the counter sums its leaves and reports each with its path', () => {
    const net = new Sequential('net', [new Conv2d('c', { cin: 1, cout: 2, k: 3 }), new Relu('r'), new GlobalAvgPool('g'), new Linear('fc', 2, 5)]);
    expect(net.outputShape([5, 5, 1])).toEqual([5]);
    const c = countModel(net, [5, 5, 1]);
    expect(c.rows.map((r) => r.path)).toEqual(['net.c', 'net.r', 'net.g', 'net.fc']);
    expect(c.params).toBe(18 + 15);
    expect(c.macs).toBe(3 * 3 * 9 * 2 + 10);
  });

  it('expectImage checks rank and channels', () => {
    expect(expectImage('x', [2, 3, 4], 4)).toEqual([2, 3, 4]);
    expect(() => expectImage('x', [4])).toThrow(/x: expected an \[H, W, C\] input/);
  });
});
