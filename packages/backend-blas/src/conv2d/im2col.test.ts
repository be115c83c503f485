import { registerBlasForTests } from '../blas-for-tests';
import { loadBlas } from '../openblas';
import { nativeKernels } from '../native';
import { conv2dBackpropFilterIm2col, conv2dBackpropInputCol2im, conv2dForwardIm2col, im2col } from './im2col';
import { convCase, expectClose, withNative } from './conv-for-tests';

/** im2col + sgemm (and col2im for ∂X) against tfjs cpu, with the C kernels on and off. */
const available = registerBlasForTests('conv2d im2col tests');

(available ? describe : describe.skip)('conv2d by im2col + sgemm', () => {
  const cases: [string, number[], number[], number, 'same' | 'valid', number][] = [
    ['3×3 stride 2 same', [2, 7, 7, 3], [3, 3, 3, 4], 2, 'same', 1],
    ['5×5 valid, 40 channels', [1, 9, 8, 40], [5, 5, 40, 6], 1, 'valid', 1],
    ['1×1 pointwise', [2, 4, 5, 6], [1, 1, 6, 7], 1, 'valid', 1],
  ];
  for (const native of [true, false]) {
    it.each(cases)(`%s: Y, ∂X (col2im) and ∂W match tfjs cpu (C kernels ${native ? 'on' : 'off'})`, async (_name, xs, fs, stride, pad, dil) => {
      const k = await convCase(xs, fs, stride, pad, dil);
      const blas = loadBlas();
      withNative(native, () => {
        expectClose(conv2dForwardIm2col(blas, k.x, k.w, k.c), k.y);
        expectClose(conv2dBackpropInputCol2im(blas, k.dy, k.w, k.c), k.dx!);
        expectClose(conv2dBackpropFilterIm2col(blas, k.x, k.dy, k.c), k.dw!);
      });
    });

    it(`3×3 dilation 2: Y matches tfjs cpu (C kernels ${native ? 'on' : 'off'}; tfjs has no dilated gradient)`, async () => {
      const k = await convCase([1, 9, 9, 2], [3, 3, 2, 3], 1, 'same', 2);
      const blas = loadBlas();
      withNative(native, () => expectClose(conv2dForwardIm2col(blas, k.x, k.w, k.c), k.y));
    });
  }

  it('im2col writes the same columns with and without the C kernels (zeros outside the image)', async () => {
    const { c, x } = await convCase([2, 5, 6, 3], [3, 3, 3, 2], 2, 'same');
    const n = c.batchSize * c.outHeight * c.outWidth * 9 * 3;
    const js = withNative(false, () => {
      const cols = new Float32Array(n).fill(NaN);
      im2col(x, c, 0, c.batchSize, cols);
      return cols;
    });
    expect(js.every((v) => !Number.isNaN(v))).toBe(true);
    expect(js[0]).toBe(0); // top-left patch starts above the image
    if (!nativeKernels()) return;
    const cols = new Float32Array(n).fill(NaN);
    im2col(x, c, 0, c.batchSize, cols);
    expect(Array.from(cols)).toEqual(Array.from(js));
  });
});
