import { registerBlasForTests } from '../blas-for-tests';
import { loadBlas } from '../openblas';
import { conv2dBackpropFilterRows, conv2dForwardRows, useRowPath } from './row-path';
import { convCase, expectClose, withNative } from './conv-for-tests';

/** The row path (im2col along the filter's width, f_h sgemms) against tfjs cpu, C kernels on and off. */
const available = registerBlasForTests('conv2d row-path tests');

(available ? describe : describe.skip)('conv2d by the row path', () => {
  it('takes stride-1 undilated convolutions with taller-than-one filters and at most 32 input channels', async () => {
    expect(useRowPath((await convCase([1, 8, 8, 8], [3, 3, 8, 4], 1, 'same')).c)).toBe(true);
    expect(useRowPath((await convCase([1, 8, 8, 33], [3, 3, 33, 4], 1, 'same')).c)).toBe(false);
    expect(useRowPath((await convCase([1, 8, 8, 8], [3, 3, 8, 4], 2, 'same')).c)).toBe(false);
    expect(useRowPath((await convCase([1, 8, 8, 8], [1, 3, 8, 4], 1, 'same')).c)).toBe(false);
    expect(useRowPath((await convCase([1, 8, 8, 8], [1, 1, 8, 4], 1, 'valid')).c)).toBe(false);
  });

  const cases: [string, number[], number[], 'same' | 'valid'][] = [
    ['3×3 same, 3 channels', [2, 7, 6, 3], [3, 3, 3, 5], 'same'],
    ['5×3 valid, 24 channels (Kr > 64: set() copies)', [1, 9, 8, 24], [5, 3, 24, 4], 'valid'],
  ];
  for (const native of [true, false]) {
    it.each(cases)(`%s: Y and ∂W match tfjs cpu (C kernels ${native ? 'on' : 'off'})`, async (_name, xs, fs, pad) => {
      const k = await convCase(xs, fs, 1, pad);
      expect(useRowPath(k.c)).toBe(true);
      const blas = loadBlas();
      withNative(native, () => {
        expectClose(conv2dForwardRows(blas, k.x, k.w, k.c), k.y);
        expectClose(conv2dBackpropFilterRows(blas, k.x, k.dy, k.c), k.dw!);
      });
    });
  }
});
