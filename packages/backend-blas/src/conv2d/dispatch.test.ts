import { registerBlasForTests } from '../blas-for-tests';
import { loadBlas } from '../openblas';
import { conv2dBackpropFilter, conv2dBackpropInput, conv2dForward } from './dispatch';
import { convCase, expectClose, withNative } from './conv-for-tests';

/**
 * The dispatcher: whichever algorithm it picks, Y, ∂X (stride 1: as a convolution of the rotated
 * filter; else col2im) and ∂W match tfjs cpu, with the C kernels on and off.
 */
const available = registerBlasForTests('conv2d dispatch tests');

(available ? describe : describe.skip)('conv2d dispatch', () => {
  const cases: [string, number[], number[], number, 'same' | 'valid'][] = [
    ['Winograd-sized 3×3 same, 16 → 16', [2, 8, 8, 16], [3, 3, 16, 16], 1, 'same'],
    ['row path 3×3 same, 4 → 6', [2, 6, 7, 4], [3, 3, 4, 6], 1, 'same'],
    ['im2col 3×3 stride 2', [2, 7, 7, 3], [3, 3, 3, 4], 2, 'same'],
    ['pointwise 1×1', [1, 4, 4, 8], [1, 1, 8, 3], 1, 'valid'],
  ];
  for (const native of [true, false]) {
    it.each(cases)(`%s (C kernels ${native ? 'on' : 'off'})`, async (_name, xs, fs, stride, pad) => {
      const k = await convCase(xs, fs, stride, pad);
      const blas = loadBlas();
      withNative(native, () => {
        expectClose(conv2dForward(blas, k.x, k.w, k.c), k.y);
        expectClose(conv2dBackpropInput(blas, k.dy, k.w, k.c), k.dx!);
        expectClose(conv2dBackpropFilter(blas, k.x, k.dy, k.c), k.dw!);
      });
    });
  }
});
