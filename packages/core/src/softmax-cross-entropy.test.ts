import { allocOutput, setNativeKernels, tensorValues } from '@zoo/backend-blas/native';
import { softmaxCrossEntropy } from './softmax-cross-entropy';
import { tf } from './tf';

const det = (n: number, seed: number) => Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 4);

describe('softmaxCrossEntropy (fused)', () => {
  it('known answer: uniform logits give log C; a confident right answer gives ~0', () => {
    const l = softmaxCrossEntropy(tf.tensor1d([2, 0], 'int32'), tf.tensor2d([[0, 0, 0, 0], [50, 0, 0, 0]]));
    expect(l.dataSync()[0]).toBeCloseTo(Math.log(4) / 2, 6);
    // large logits do not overflow (max subtracted)
    const big = softmaxCrossEntropy(tf.tensor1d([1], 'int32'), tf.tensor2d([[1000, 1001]]));
    expect(big.dataSync()[0]).toBeCloseTo(Math.log(1 + Math.exp(-1)), 5);
  });

  it('matches tf.losses.softmaxCrossEntropy in value and gradient, for class ids and soft labels, without leaks', () => {
    const z = tf.tensor2d(det(7 * 5, 1), [7, 5]);
    const ids = tf.tensor1d([0, 4, 2, 2, 1, 3, 0], 'int32');
    const soft = tf.softmax(tf.tensor2d(det(7 * 5, 2), [7, 5]));
    const before = tf.memory().numTensors;
    for (const [ours, ref] of [
      [ids, tf.oneHot(ids, 5)],
      [soft, soft],
    ] as const) {
      const a = tf.valueAndGrad((x: tf.Tensor) => tf.losses.softmaxCrossEntropy(ref, x) as tf.Scalar)(z);
      const b = tf.valueAndGrad((x: tf.Tensor) => softmaxCrossEntropy(ours, x))(z);
      expect(b.value.dataSync()[0]).toBeCloseTo(a.value.dataSync()[0], 5);
      const ga = a.grad.dataSync();
      const gb = b.grad.dataSync();
      for (let i = 0; i < ga.length; i++) expect(Math.abs(ga[i] - gb[i])).toBeLessThan(1e-6);
      tf.dispose([a.value, a.grad, b.value, b.grad]);
      if (ref !== soft) ref.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, ids, soft]);
  });

  it('gradient matches central finite differences', () => {
    const zv = det(3 * 4, 3).map((v) => v / 4);
    const ids = tf.tensor1d([3, 0, 1], 'int32');
    const f = (v: number[]) => tf.tidy(() => softmaxCrossEntropy(ids, tf.tensor2d(v, [3, 4])).dataSync()[0]);
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => softmaxCrossEntropy(ids, x))(tf.tensor2d(zv, [3, 4])).dataSync());
    const h = 1e-2;
    for (let i = 0; i < zv.length; i++) {
      const p = [...zv];
      const m = [...zv];
      p[i] += h;
      m[i] -= h;
      expect(g[i]).toBeCloseTo((f(p) - f(m)) / (2 * h), 3);
    }
    ids.dispose();
  });

  it('rejects labels that do not fit the logits, naming what was expected', () => {
    const z = tf.zeros([2, 3]);
    expect(() => softmaxCrossEntropy(tf.tensor1d([0, 1, 2], 'int32'), z)).toThrow(/2 int32 class ids/);
    expect(() => softmaxCrossEntropy(tf.tensor1d([0, 3], 'int32'), z)).toThrow(/label 3 at row 1/);
    z.dispose();
  });

  it('large inputs (the C kernels when built) agree with the JS loops and with tfjs, extreme logits included', () => {
    const B = 300;
    const C = 17;
    const zv = det(B * C, 4).map((v, i) => (i % 97 === 0 ? v * 40 : v));
    const z = tf.tensor2d(zv, [B, C]);
    const ids = tf.tensor1d(Array.from({ length: B }, (_, i) => (i * 7) % C), 'int32');
    const soft = tf.softmax(tf.tensor2d(det(B * C, 5), [B, C]));
    const oneHot = tf.oneHot(ids, C); // int32 one-hot rows
    const before = tf.memory().numTensors;
    for (const labels of [ids, soft, oneHot]) {
      const run = (native: boolean) => {
        const was = setNativeKernels(native);
        try {
          const r = tf.valueAndGrad((x: tf.Tensor) => softmaxCrossEntropy(labels, x))(z);
          const out = { value: r.value.dataSync()[0], grad: r.grad.dataSync() as Float32Array };
          tf.dispose([r.value, r.grad]);
          return out;
        } finally {
          setNativeKernels(was);
        }
      };
      const c = run(true);
      const js = run(false);
      const ref = tf.tidy(() => tf.losses.softmaxCrossEntropy(labels === soft ? soft : oneHot, z).dataSync()[0]);
      expect(Math.abs(c.value - js.value)).toBeLessThan(1e-5 * Math.abs(js.value));
      expect(Math.abs(c.value - ref)).toBeLessThan(1e-4 * Math.abs(ref));
      let err = 0;
      for (let i = 0; i < js.grad.length; i++) err = Math.max(err, Math.abs(c.grad[i] - js.grad[i]));
      expect(err).toBeLessThan(1e-8);
    }
    expect(() => softmaxCrossEntropy(tf.tensor1d(Array.from({ length: B }, (_, i) => (i === 250 ? C : 0)), 'int32'), z)).toThrow(/label 17 at row 250/);
    expect(tf.memory().numTensors).toBe(before + 1); // the int32 labels of the throwing call
    tf.dispose([z, ids, soft, oneHot]);
  });

  it('keeps the labels array for its backward pass: disposed labels never go back to the output pool (blas)', async () => {
    let blas = true;
    try {
      require('@zoo/backend-blas');
    } catch (err) {
      if (process.env.ZOO_REQUIRE_BLAS === '1') throw err;
      blas = false; // no BLAS library here: the pool only recycles on the blas backend
    }
    const previous = tf.getBackend();
    if (blas) await tf.setBackend('blas');
    const B = 400;
    const C = 64;
    const z = tf.tensor2d(det(B * C, 6), [B, C]);
    const ids = tf.tensor1d(Array.from({ length: B }, (_, i) => (i * 5) % C), 'int32');
    // one-hot rows made by a float kernel: on blas their array comes from the output pool
    const makeLabels = () => tf.tidy(() => tf.div(tf.oneHot(ids, C).toFloat(), 1));
    const labels = makeLabels();
    const kept = tensorValues(labels);
    softmaxCrossEntropy(labels, z).dispose();
    labels.dispose();
    expect(allocOutput(B * C)).not.toBe(kept);
    // control: labels the op never saw are recycled on blas (and never on other backends)
    const other = makeLabels();
    const free = tensorValues(other);
    other.dispose();
    const next = allocOutput(B * C);
    if (blas) expect(next).toBe(free);
    tf.dispose([z, ids]);
    await tf.setBackend(previous);
  });
});
