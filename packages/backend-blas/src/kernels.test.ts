import * as tf from '@tensorflow/tfjs';
import { registerBlasForTests } from './blas-for-tests';
import { loadBlas } from './openblas';

/**
 * Every replaced kernel against tfjs's own cpu kernel on the same inputs: forward and gradients within
 * 1e-4 relative. Runs wherever a BLAS library loads; CI installs OpenBLAS and sets ZOO_REQUIRE_BLAS=1
 * so these can never be skipped there.
 */
const available = registerBlasForTests('backend-blas kernel tests');

function rand(shape: number[], seed: number): number[] {
  let s = seed;
  return Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

/** Runs fn on cpu and on blas with identical inputs; returns [cpuOutputs, blasOutputs] as arrays. */
async function onBoth(shapes: number[][], fn: (...xs: tf.Tensor[]) => tf.Tensor[]): Promise<[Float32Array[], Float32Array[]]> {
  const res: Float32Array[][] = [];
  for (const backend of ['cpu', 'blas']) {
    await tf.setBackend(backend);
    const xs = shapes.map((s, i) => tf.tensor(rand(s, i + 1), s));
    const before = tf.memory().numTensors;
    const outs = fn(...xs);
    res.push(outs.map((o) => o.dataSync() as Float32Array));
    tf.dispose(outs);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(xs);
  }
  return [res[0], res[1]];
}

function expectClose(a: Float32Array[], b: Float32Array[]): void {
  expect(b.length).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    expect(b[i].length).toBe(a[i].length);
    let scale = 1e-6;
    for (const v of a[i]) scale = Math.max(scale, Math.abs(v));
    let err = 0;
    for (let j = 0; j < a[i].length; j++) err = Math.max(err, Math.abs(a[i][j] - b[i][j]));
    expect(err / scale).toBeLessThan(1e-4);
  }
}

/** Forward value plus gradients w.r.t. every input of sum(f(xs) * r) for a fixed random r. */
function valueAndGrads(f: (...xs: tf.Tensor[]) => tf.Tensor) {
  return (...xs: tf.Tensor[]) =>
    tf.tidy(() => {
      const y = f(...xs);
      const r = tf.tensor(rand(y.shape, 99), y.shape);
      const { value, grads } = tf.valueAndGrads((...ins: tf.Tensor[]) => f(...ins).mul(r).sum())(xs);
      return [y, value, ...grads];
    });
}

(available ? describe : describe.skip)('blas kernels match tfjs cpu', () => {
  afterAll(() => tf.setBackend('cpu'));

  const matmuls: [number[], number[], boolean, boolean][] = [
    [[7, 5], [5, 3], false, false],
    [[5, 7], [5, 3], true, false],
    [[7, 5], [3, 5], false, true],
    [[5, 7], [3, 5], true, true],
    [[1, 1], [1, 1], false, false],
    [[64, 129], [129, 33], false, false],
  ];
  it.each(matmuls)('matMul %j × %j (tA=%s, tB=%s) with gradients', async (sa, sb, ta, tb) => {
    const [cpu, blas] = await onBoth([sa, sb], valueAndGrads((a, b) => tf.matMul(a, b, ta, tb)));
    expectClose(cpu, blas);
  });

  // tfjs's own BatchMatMul gradient fails for broadcast batch dimensions, so these compare the forward only
  it.each([
    [[2, 3, 4, 5], [5, 6]],
    [[4, 5], [2, 3, 5, 6]],
  ])('batched matMul with broadcast batch dims %j × %j', async (sa, sb) => {
    const [cpu, blas] = await onBoth([sa, sb], (a, b) => [tf.matMul(a, b)]);
    expectClose(cpu, blas);
  });

  it.each(['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const)('fused matMul + bias + %s', async (activation) => {
    const [cpu, blas] = await onBoth([[9, 6], [6, 4], [4]], valueAndGrads((a, b, bias) => tf.fused.matMul({ a, b, bias, activation })));
    expectClose(cpu, blas);
  });

  const convs: [string, number[], number[], [number, number], 'same' | 'valid' | number, [number, number]][] = [
    ['3×3 same', [2, 8, 8, 3], [3, 3, 3, 4], [1, 1], 'same', [1, 1]],
    ['3×3 valid stride 2', [2, 9, 7, 2], [3, 3, 2, 5], [2, 2], 'valid', [1, 1]],
    ['1×1 pointwise', [3, 5, 5, 6], [1, 1, 6, 4], [1, 1], 'valid', [1, 1]],
    ['1×1 stride 2', [2, 6, 6, 3], [1, 1, 3, 4], [2, 2], 'valid', [1, 1]],
    ['7×7 stride 2 same (ResNet stem)', [1, 15, 15, 3], [7, 7, 3, 8], [2, 2], 'same', [1, 1]],
    ['explicit padding', [1, 6, 5, 2], [3, 2, 2, 3], [1, 2], 1, [1, 1]],
    ['channels 1, odd sizes', [1, 7, 5, 1], [2, 3, 1, 1], [1, 1], 'valid', [1, 1]],
    // stride 1 with few channels takes the row path (im2col along the filter width only)
    ['3×3 pad 1 stride 1 (ResNet)', [3, 7, 6, 4], [3, 3, 4, 5], [1, 1], 1, [1, 1]],
    ['5×3 pad 2 stride 1', [2, 6, 5, 2], [5, 3, 2, 3], [1, 1], 2, [1, 1]],
    ['3×3 same, 40 channels (full im2col)', [1, 5, 5, 40], [3, 3, 40, 3], [1, 1], 'same', [1, 1]],
    // ≥ 16 channels in and out with the C kernels: Winograd, F(4×4) for outputs ≥ 8×8 (partial edge tiles here), else F(2×2)
    ['3×3 same 16→17, 11×10 (Winograd F(4×4, 3×3))', [2, 11, 10, 16], [3, 3, 16, 17], [1, 1], 'same', [1, 1]],
    ['3×3 valid 18→16, 13×12 (Winograd F(4×4, 3×3))', [1, 13, 12, 18], [3, 3, 18, 16], [1, 1], 'valid', [1, 1]],
    ['3×3 pad 2 16→16, 9×9 (Winograd F(4×4, 3×3))', [1, 9, 9, 16], [3, 3, 16, 16], [1, 1], 2, [1, 1]],
    ['3×3 same 20→16, 7×5 (Winograd F(2×2, 3×3))', [2, 7, 5, 20], [3, 3, 20, 16], [1, 1], 'same', [1, 1]],
  ];
  it.each(convs)('conv2d %s, forward and both gradients', async (_name, xs, fs, strides, pad, dil) => {
    const [cpu, blas] = await onBoth([xs, fs], valueAndGrads((x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, strides, pad as 'same', 'NHWC', dil)));
    expectClose(cpu, blas);
  });

  it('Winograd F(4×4, 3×3) stays within 1e-4 of tfjs cpu at ResNet widths (64 channels, 16×16)', async () => {
    const [cpu, blas] = await onBoth([[2, 16, 16, 64], [3, 3, 64, 64]], (x, f) => [tf.tidy(() => tf.conv2d(x as tf.Tensor4D, f.mul(0.1) as tf.Tensor4D, 1, 'same'))]);
    expectClose(cpu, blas);
  });

  it('reads float32 tensors that tfjs stores in another array type (a cast from bool keeps a Uint8Array)', async () => {
    const [cpu, blas] = await onBoth([[64, 97], [97, 33]], (x, w) =>
      tf.tidy(() => {
        const mask = tf.cast(tf.greater(x, 0), 'float32');
        return [tf.mul(x, mask), tf.add(mask, 1), tf.relu(tf.sub(mask, 0.5)), tf.matMul(mask, w)];
      }),
    );
    expectClose(cpu, blas);
  });

  it('dilated conv2d forward', async () => {
    const [cpu, blas] = await onBoth([[1, 9, 9, 2], [3, 3, 2, 3]], (x, f) => [tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same', 'NHWC', 2)]);
    expectClose(cpu, blas);
  });

  it('fused conv2d + bias + relu', async () => {
    const [cpu, blas] = await onBoth([[2, 6, 6, 3], [3, 3, 3, 4], [4]], (x, filter, bias) => [
      tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides: 1, pad: 'same', bias, activation: 'relu' }),
    ]);
    expectClose(cpu, blas);
  });

  const binaryShapes: [number[], number[]][] = [
    [[4, 5], [4, 5]],
    [[4, 5], []],
    [[], [3, 2]],
    [[2, 3, 4], [4]],
    [[4], [2, 3, 4]],
    [[2, 3, 4], [3, 4]],
    [[2, 3, 4], [1, 4]],
    [[2, 3, 1], [2, 1, 4]], // general broadcast: falls back to tfjs cpu
  ];
  it.each(binaryShapes)('binary ops %j with %j, with gradients', async (sa, sb) => {
    for (const op of [tf.add, tf.sub, tf.mul, tf.div]) {
      const [cpu, blas] = await onBoth([sa, sb], valueAndGrads((a, b) => op(a, b.add(op === tf.div ? 3 : 0))));
      expectClose(cpu, blas);
    }
    // tfjs's own maximum/minimum/squaredDifference gradients do not reduce broadcast dims: forward only
    const [cpu, blas] = await onBoth([sa, sb], (a, b) => [tf.maximum(a, b), tf.minimum(a, b), tf.squaredDifference(a, b)]);
    expectClose(cpu, blas);
  });

  it.each([
    [[2, 3, 4, 5], [0, 1, 2]],
    [[2, 3, 4, 5], [1, 2]],
    [[2, 3, 4, 5], [3]],
    [[2, 3, 4, 5], [0]],
    [[2, 3, 4, 5], [0, 2]], // not contiguous: falls back
    [[7], [0]],
    [[2, 3, 4, 5], [0, 1, 2, 3]],
  ])('sum and mean of %j over %j (keepDims both ways), with gradients', async (shape, axes) => {
    for (const keepDims of [false, true]) {
      const [cpu, blas] = await onBoth([shape], valueAndGrads((x) => tf.add(tf.sum(x, axes, keepDims), tf.mean(x, axes, keepDims))));
      expectClose(cpu, blas);
    }
  });

  it.each([
    [[3], [4]],
    [[2, 3], [2, 1]],
    [[2, 1, 3], [1, 4, 2]],
    [[1, 2, 3, 4], [2, 1, 1, 2]],
  ])('tile %j by %j', async (shape, reps) => {
    const [cpu, blas] = await onBoth([shape], valueAndGrads((x) => tf.tile(x, reps)));
    expectClose(cpu, blas);
  });

  it('batch norm with per-channel statistics (training-mode moments), with gradients', async () => {
    const [cpu, blas] = await onBoth(
      [[4, 3, 3, 5], [5], [5]],
      valueAndGrads((x, g, b) => {
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        return tf.batchNorm(x, mean, variance, b, g.add(1.5), 1e-5);
      }),
    );
    expectClose(cpu, blas);
  });

  it('unary ops match, including NaN and the step alpha', async () => {
    const fns: ((x: tf.Tensor) => tf.Tensor)[] = [
      tf.relu, tf.relu6, tf.floor, tf.square, tf.neg, tf.exp, tf.abs, tf.sigmoid, tf.tanh,
      (x) => tf.sqrt(x.abs()), (x) => tf.rsqrt(x.abs().add(0.1)), (x) => tf.log(x.abs().add(0.1)), (x) => tf.reciprocal(x.add(3)),
      (x) => tf.step(x, 0.25), (x) => tf.leakyRelu(x, 0.1),
    ];
    for (const fn of fns) {
      const [cpu, blas] = await onBoth([[3, 7]], valueAndGrads(fn));
      expectClose(cpu, blas);
    }
    const [c, b] = await onBoth([[2]], (x) => tf.tidy(() => [tf.relu(x.div(x.sub(x))), tf.step(x.div(x.sub(x)))])); // NaN in, NaN out
    expect(Array.from(b[0]).map(Number.isNaN)).toEqual(Array.from(c[0]).map(Number.isNaN));
    expect(Array.from(b[1]).map(Number.isNaN)).toEqual(Array.from(c[1]).map(Number.isNaN));
  });

  it.each([
    [[2, 8, 8, 3], 2, 2, 'valid'],
    [[2, 7, 9, 4], 3, 2, 'same'],
    [[1, 6, 6, 5], 3, 1, 'same'],
    [[1, 5, 7, 1], [2, 3], [1, 2], 'valid'],
  ] as [number[], number | [number, number], number | [number, number], 'same' | 'valid'][])(
    'max and average pooling of %j (window %j, stride %j, %s), with gradients',
    async (shape, size, stride, pad) => {
      const [cpu, blas] = await onBoth([shape], valueAndGrads((x) => tf.add(tf.maxPool(x as tf.Tensor4D, size, stride, pad).mul(2), tf.avgPool(x as tf.Tensor4D, size, stride, pad))));
      expectClose(cpu, blas);
    },
  );

  it.each([
    [[2, 7, 7, 3], [3, 3, 3, 2], 1, 'same', 1],
    [[1, 9, 8, 4], [3, 3, 4, 1], 2, 'valid', 1],
    [[1, 9, 9, 2], [3, 3, 2, 1], 1, 'same', 2],
  ] as [number[], number[], number, 'same' | 'valid', number][])('depthwise conv2d %j * %j (stride %s, %s, dilation %s), with gradients', async (xs, fs, stride, pad, dil) => {
    const f = dil === 1 ? valueAndGrads : (g: (...t: tf.Tensor[]) => tf.Tensor) => (...t: tf.Tensor[]) => [g(...t)];
    const [cpu, blas] = await onBoth([xs, fs], f((x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad, 'NHWC', dil)));
    expectClose(cpu, blas);
  });

  it.each([
    [[2, 4, 5, 5, 3], [3, 3, 3, 3, 4], 1, 'same'],
    [[1, 5, 6, 7, 2], [2, 3, 3, 2, 3], 2, 'valid'],
    [[1, 3, 4, 4, 1], [1, 3, 3, 1, 2], [1, 2, 2], 'same'],
  ] as [number[], number[], number | [number, number, number], 'same' | 'valid'][])('conv3d %j * %j (stride %j, %s), forward and both gradients', async (xs, fs, stride, pad) => {
    const [cpu, blas] = await onBoth([xs, fs], valueAndGrads((x, w) => tf.conv3d(x as tf.Tensor5D, w as tf.Tensor5D, stride, pad)));
    expectClose(cpu, blas);
  });

  it('unsortedSegmentSum and the gather gradient', async () => {
    const [cpu, blas] = await onBoth([[6, 4]], (x) =>
      tf.tidy(() => [
        tf.unsortedSegmentSum(x, tf.tensor1d([2, 0, 2, 5, 1, 2], 'int32'), 6),
        tf.grad((a: tf.Tensor) => tf.gather(a, tf.tensor1d([3, 3, 0], 'int32')).square().sum())(x),
      ]),
    );
    expectClose(cpu, blas);
  });

  it('conv2d filter gradient matches finite differences', async () => {
    await tf.setBackend('blas');
    const x = tf.tensor4d(rand([1, 5, 5, 2], 3), [1, 5, 5, 2]);
    const f = tf.tensor4d(rand([3, 3, 2, 2], 4), [3, 3, 2, 2]);
    const r = tf.tensor4d(rand([1, 3, 3, 2], 5), [1, 3, 3, 2]);
    const loss = (ff: tf.Tensor) => tf.tidy(() => tf.conv2d(x, ff as tf.Tensor4D, 2, 'same').mul(r).sum());
    const g = tf.grad(loss)(f).dataSync();
    const base = f.dataSync();
    const eps = 1e-2;
    for (const i of [0, 5, 17, 35]) {
      const p = Float32Array.from(base);
      const m = Float32Array.from(base);
      p[i] += eps;
      m[i] -= eps;
      const fd = (loss(tf.tensor4d(p, f.shape)).dataSync()[0] - loss(tf.tensor4d(m, f.shape)).dataSync()[0]) / (2 * eps);
      expect(Math.abs(fd - g[i])).toBeLessThan(1e-2 * Math.max(1, Math.abs(g[i])));
    }
    tf.dispose([x, f, r]);
  });
});

describe('loading BLAS', () => {
  it('fails in one line with the install hint when no library loads', () => {
    expect(() => loadBlas(['libzoo-does-not-exist.so'])).toThrow(
      /^no BLAS library loads \(tried .*libzoo-does-not-exist\.so\); install one: apt-get install libopenblas0-pthread/,
    );
  });
});
