import { registerBlasForTests } from '../blas-for-tests';
import { loadBlas } from '../openblas';
import { nativeKernels } from '../native';
import { conv2dBackpropFilterWinograd, conv2dForwardWinograd, winogradPlan } from './winograd';
import { convCase, expectClose, withNative } from './conv-for-tests';

/** Winograd F(m×m, 3×3) against tfjs cpu (it needs the C kernels: skipped without them). */
const available = registerBlasForTests('conv2d Winograd tests') && nativeKernels() !== undefined;

(available ? describe : describe.skip)('conv2d by Winograd F(m×m, 3×3)', () => {
  it('plans m = 4 from an 8×8 output, m = 2 below, nothing without the C kernels or channels', async () => {
    const big = (await convCase([2, 8, 8, 16], [3, 3, 16, 16], 1, 'same')).c;
    expect(winogradPlan(big)).toMatchObject({ m: 4, k: 36, tiles: 4 });
    expect(winogradPlan((await convCase([2, 4, 4, 16], [3, 3, 16, 16], 1, 'same')).c)).toMatchObject({ m: 2, k: 16, tiles: 4 });
    expect(winogradPlan((await convCase([2, 8, 8, 15], [3, 3, 15, 16], 1, 'same')).c)).toBeUndefined();
    expect(winogradPlan((await convCase([2, 8, 8, 16], [3, 3, 16, 16], 2, 'same')).c)).toBeUndefined();
    expect(withNative(false, () => winogradPlan(big))).toBeUndefined();
  });

  it.each([
    ['m = 4, 10×9 same (partial tiles)', [2, 10, 9, 16], [3, 3, 16, 20], 'same'],
    ['m = 2, 5×5 valid', [3, 5, 5, 24], [3, 3, 24, 16], 'valid'],
  ] as [string, number[], number[], 'same' | 'valid'][])('%s: Y and ∂W match tfjs cpu', async (_name, xs, fs, pad) => {
    const k = await convCase(xs, fs, 1, pad);
    const plan = winogradPlan(k.c)!;
    expect(plan).toBeDefined();
    const blas = loadBlas();
    expectClose(conv2dForwardWinograd(blas, plan, k.x, k.w, k.c), k.y);
    expectClose(conv2dBackpropFilterWinograd(blas, plan, k.x, k.dy, k.c), k.dw!);
  });
});
