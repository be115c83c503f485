import { DivergedError, Runner, tf } from '@zoo/core';
import { testZoo } from '@zoo/core/testing';
import plugin from './index';

/** lr=1e30 on each of the plugin's trainers (supervised, Cluster-GCN, layer-wise): a DivergedError, never a result. */
describe('gnn: a diverged run is never a result', () => {
  const cases: [string, string[], RegExp][] = [
    ['gnn/gcn@sbm', ['trainer.maxEpochs=5'], /^training diverged at epoch \d of 5/],
    ['gnn/cluster-gcn@sbm', ['trainer.maxEpochs=5'], /^training diverged at epoch \d of 5, step \d+ of \d+: training loss is/],
    ['gnn/l-gcn@sbm', ['trainer.epochsPerLayer=3'], /^training diverged at epoch \d of 6, (step 1 of 1 \(layer \d of 2\): training loss is|at its end: parameter)/],
  ];
  for (const [id, set, message] of cases) {
    it(`${id} with lr=1e30 fails with a DivergedError, leaking nothing`, async () => {
      const runner = (await testZoo([plugin])).resolve(Runner);
      const before = tf.memory().numTensors;
      const err = await runner.run(id, { set: ['trainer.lr=1e30', ...set] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DivergedError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toContain('no checkpoint (run without --out)');
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
