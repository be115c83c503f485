import { tf } from './tf';
import { concatColumns, gatherRows } from './row-ops';

describe('row ops', () => {
  it('gatherRows gathers rows and scatter-adds the gradient (repeated rows accumulate)', () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const idx = Int32Array.from([2, 0, 2]);
    expect(Array.from(gatherRows(x, idx).dataSync())).toEqual([5, 6, 1, 2, 5, 6]);
    const g = tf.grad((xx: tf.Tensor) => gatherRows(xx as tf.Tensor2D, idx).sum())(x);
    expect(Array.from(g.dataSync())).toEqual([1, 1, 0, 0, 2, 2]);
    expect(() => gatherRows(x, Int32Array.of(3))).toThrow(/row 3 outside 0..2/);
    tf.dispose([x, g]);
  });

  it('concatColumns equals tf.concat along axis 1, value and gradients', () => {
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const b = tf.tensor2d([[5], [6]]);
    const c = tf.tensor2d([
      [7, 8, 9],
      [10, 11, 12],
    ]);
    const w = tf.tensor2d([
      [1, -1, 2, 0.5, 3, -2],
      [0, 4, 1, 1, -1, 2],
    ]);
    expect(concatColumns([a, b, c]).arraySync()).toEqual(tf.concat([a, b, c], 1).arraySync());
    const f = (cat: (xs: tf.Tensor2D[]) => tf.Tensor2D) => (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(cat([x, y, z] as tf.Tensor2D[]), w));
    const g1 = tf.grads(f(concatColumns))([a, b, c]);
    const g2 = tf.grads(f((xs) => tf.concat(xs, 1)))([a, b, c]);
    g1.forEach((g, i) => expect(g.arraySync()).toEqual(g2[i].arraySync()));
    tf.dispose([a, b, c, w, ...g1, ...g2]);
  });
});
