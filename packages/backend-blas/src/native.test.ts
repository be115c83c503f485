import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { registerBlasForTests } from './blas-for-tests';
import { nativeKernels, nativeStatus, setNativeKernels } from './native';

/**
 * The C kernels (native/*.c) against the backend's own JavaScript loops: the same kernels
 * run through tfjs on `blas` with the C kernels on and off must give bit-identical results (both do
 * the same float32 operations in the same order), NaN, ±∞ and −0 included. kernels.test.ts compares
 * both with tfjs's cpu kernels. CI builds the library and sets ZOO_REQUIRE_NATIVE=1, so these never
 * skip there.
 */
const available = registerBlasForTests('C-kernel tests on blas');
const native = nativeKernels();
if (!native && process.env.ZOO_REQUIRE_NATIVE === '1') throw new Error(`ZOO_REQUIRE_NATIVE=1 but ${nativeStatus()}`);

function values(n: number, seed: number, specials: boolean): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = ((s / 2147483648) * 2 - 1) * 4;
  }
  if (specials) [NaN, Infinity, -Infinity, -0, 0, 6, -6, 1e-40].forEach((v, i) => (a[i * 7] = v));
  return a;
}

/** Runs fn on blas with the C kernels on, then off; returns both outputs. */
function bothPaths(inputs: { shape: number[]; values: Float32Array }[], fn: (...xs: tf.Tensor[]) => tf.Tensor[]): [Float32Array[], Float32Array[]] {
  const res: Float32Array[][] = [];
  for (const on of [true, false]) {
    const was = setNativeKernels(on);
    try {
      const xs = inputs.map((i) => tf.tensor(i.values, i.shape));
      const before = tf.memory().numTensors;
      const outs = fn(...xs);
      res.push(outs.map((o) => o.dataSync() as Float32Array));
      tf.dispose(outs);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(xs);
    } finally {
      setNativeKernels(was);
    }
  }
  return [res[0], res[1]];
}

function expectIdentical(a: Float32Array[], b: Float32Array[]): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(a[i].length).toBe(b[i].length);
    const bad: string[] = [];
    for (let j = 0; j < a[i].length && bad.length < 5; j++) if (!Object.is(a[i][j], b[i][j])) bad.push(`[${i}][${j}]: ${a[i][j]} vs ${b[i][j]}`);
    expect(bad).toEqual([]);
  }
}

describe('native sources', () => {
  it('the committed Winograd transforms are what scripts/gen-winograd.js writes (run it after editing the generator)', () => {
    expect(() => execFileSync(process.execPath, [path.join(__dirname, '..', 'scripts', 'gen-winograd.js'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

(available && native ? describe : describe.skip)('C kernels equal the JS loops', () => {
  beforeAll(() => tf.setBackend('blas'));
  afterAll(() => tf.setBackend('cpu'));

  it('load with their OpenMP threads', () => {
    expect(native!.threads).toBeGreaterThanOrEqual(1);
    expect(nativeStatus()).toContain('libzoo_kernels');
  });

  // 64×97 = 6,208 values: above the size where the backend calls into C
  const pairs: [string, number[], number[]][] = [
    ['same shape', [64, 97], [64, 97]],
    ['scalar b', [64, 97], []],
    ['scalar a', [], [64, 97]],
    ['b tiled', [64, 97], [97]],
    ['a tiled', [97], [64, 97]],
  ];
  it.each(pairs)('binary ops, %s, with NaN/±∞/−0', (_name, sa, sb) => {
    const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
    const inputs = [
      { shape: sa, values: values(size(sa), 1, true) },
      { shape: sb, values: values(size(sb), 2, size(sb) > 1) },
    ];
    const [c, js] = bothPaths(inputs, (a, b) => [tf.add(a, b), tf.sub(a, b), tf.mul(a, b), tf.div(a, b), tf.maximum(a, b), tf.minimum(a, b), tf.squaredDifference(a, b)]);
    expectIdentical(c, js);
  });

  it('unary ops with NaN/±∞/−0, and step with alpha', () => {
    const [c, js] = bothPaths([{ shape: [64, 97], values: values(64 * 97, 3, true) }], (x) => [
      tf.relu(x), tf.relu6(x), tf.step(x), tf.step(x, 0.25), tf.neg(x), tf.square(x), tf.abs(x), tf.sqrt(x), tf.rsqrt(x), tf.reciprocal(x), tf.floor(x),
    ]);
    expectIdentical(c, js);
    // relu: −0 → +0 and NaN stays NaN, as tfjs
    const r = c[0];
    expect(Object.is(r[3 * 7], 0)).toBe(true);
    expect(Number.isNaN(r[0])).toBe(true);
  });

  it('batch norm with given statistics (FusedBatchNorm)', () => {
    const [c, js] = bothPaths(
      [
        { shape: [8, 9, 9, 12], values: values(8 * 9 * 9 * 12, 4, false) },
        { shape: [12], values: values(12, 5, false) },
        { shape: [12], values: values(12, 6, false).map(Math.abs) },
      ],
      (x, m, v) => [tf.batchNorm(x, m, v, undefined, undefined, 1e-3)],
    );
    expectIdentical(c, js);
  });

  // full im2col (wide channels), row path (few channels, stride 1), strided col2im, 1×1, rotated-filter ∂x
  const convs: [string, number[], number[], number, 'same' | 'valid'][] = [
    ['3×3 same, 40 channels', [3, 9, 8, 40], [3, 3, 40, 6], 1, 'same'],
    ['3×3 same, 4 channels (row path)', [3, 9, 8, 4], [3, 3, 4, 6], 1, 'same'],
    ['3×3 stride 2 same', [2, 9, 10, 36], [3, 3, 36, 5], 2, 'same'],
    ['5×5 valid', [2, 11, 9, 33], [5, 5, 33, 4], 1, 'valid'],
  ];
  it.each(convs)('conv2d %s: forward and both gradients', (_name, xs, fs, stride, pad) => {
    const n = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const [c, js] = bothPaths(
      [
        { shape: xs, values: values(n(xs), 7, false) },
        { shape: fs, values: values(n(fs), 8, false) },
      ],
      (x, f) => {
        const conv = (a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad);
        const y = conv(x, f);
        const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) => conv(a, b).square().sum())([x, f]);
        value.dispose();
        return [y, ...grads];
      },
    );
    expectIdentical(c, js);
  });
});
