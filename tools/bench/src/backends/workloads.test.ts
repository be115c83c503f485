import * as tf from '@tensorflow/tfjs';
import { det, gcnTrainStep, randomGraph } from './workloads';

/** The benchmark's GCN step trains (class-id labels, as the PyTorch script's), fused and plain-tfjs losses agree. */
describe('bench workloads', () => {
  it('the GCN train step lowers the loss; the zoo fused cross-entropy and tfjs composition give the same losses', () => {
    const a = randomGraph(200, 1000);
    const x = tf.tensor2d(det(200 * 8, 1, 9), [200, 8]);
    const y = tf.tensor1d(Array.from({ length: 200 }, (_, i) => i % 4), 'int32');
    const run = (plain: boolean) => {
      const was = process.env.ZOO_BENCH_PLAIN_CE;
      if (plain) process.env.ZOO_BENCH_PLAIN_CE = '1';
      else delete process.env.ZOO_BENCH_PLAIN_CE;
      const net = gcnTrainStep(a, 8, 16, 4, 0.5);
      if (was === undefined) delete process.env.ZOO_BENCH_PLAIN_CE;
      else process.env.ZOO_BENCH_PLAIN_CE = was;
      const losses = Array.from({ length: 5 }, () => net.step(x, y));
      net.dispose();
      return losses;
    };
    const before = tf.memory().numTensors;
    const fused = run(false);
    const plain = run(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(fused[4]).toBeLessThan(fused[0]);
    fused.forEach((l, i) => expect(Math.abs(l - plain[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(l))));
    tf.dispose([x, y]);
  });
});
