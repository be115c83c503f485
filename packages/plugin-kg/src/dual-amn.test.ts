import { Rng, tf } from '@zoo/core';
import { expectNoLeaks } from '@zoo/core/testing';
import { syntheticKgDataset, type KgDataset } from './data/kg-dataset';
import { alignmentLoss } from './dual-amn-trainer';
import { dualAmn, DualAmn } from './dual-amn';
import { pairBatches } from './data/kg-dataset';

describe('Dual-AMN model', () => {
  it('shapes: two encoders × (depth + 1) layers × d, proxies [P, (depth + 1)d], gates [(depth + 1)d]²; unit pair rows; no leaks', async () => {
    const ds = (await syntheticKgDataset.load(syntheticKgDataset.configSchema.parse({ entities: 60 }), { rng: new Rng(0) })) as KgDataset;
    const model = dualAmn.create(dualAmn.configSchema.parse({ hidden: 8, depth: 2, proxies: 5 }), { dataset: ds, rng: new Rng(1) }) as DualAmn;
    const w = model.getWeights();
    expect(w.e_proxy.shape).toEqual([5, 24]);
    expect(w.r_gate.shape).toEqual([24, 24]);
    expect(w.rel_emb.shape).toEqual([2 * ds.graph.numRelations, 8]);
    await expectNoLeaks(() => {
      const emb = model.embeddings(false);
      expect(emb.shape).toEqual([ds.graph.numEntities, 48]);
      const [batch] = [...pairBatches(ds.kg.test.subarray(0, 20))];
      const out = model.forward(batch, { training: false });
      expect(out.shape).toEqual([10, 96]);
      const norms = tf.tidy(() => tf.norm(tf.reshape(out, [20, 48]), 2, 1).dataSync());
      norms.forEach((n) => expect(n).toBeCloseTo(1, 5));
      // dropout only in training
      const again = model.embeddings(false);
      expect(Array.from(again.dataSync())).toEqual(Array.from(emb.dataSync()));
      tf.dispose([emb, out, again]);
      batch.dispose();
    });
    model.dispose();
  });

  it('every variable gets a gradient from the alignment loss', async () => {
    const ds = (await syntheticKgDataset.load(syntheticKgDataset.configSchema.parse({ entities: 40 }), { rng: new Rng(2) })) as KgDataset;
    const model = dualAmn.create(dualAmn.configSchema.parse({ hidden: 4, proxies: 3 }), { dataset: ds, rng: new Rng(3) }) as DualAmn;
    const [batch] = [...pairBatches(ds.kg.train)];
    const { value, grads } = tf.variableGrads(() => alignmentLoss(model.embeddings(true), batch, { gamma: 1, lambda: 30, tau: 10 }), model.trainableVariables());
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    for (const v of model.trainableVariables()) {
      const g = grads[v.name];
      expect(g).toBeDefined();
      expect(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0])).toBeGreaterThan(0);
    }
    tf.dispose([value, ...Object.values(grads)]);
    batch.dispose();
    model.dispose();
  });
});
