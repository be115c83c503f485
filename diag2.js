const { tf, Rng, resolveBackend, softmaxCrossEntropy } = require('@zoo/core');
const snn = require('@zoo/plugin-snn');
const plugin = snn.plugin;
(async () => {
  await resolveBackend(process.env.BK || 'blas');
  const ds = await plugin.datasets.find((d) => d.id === 'mnist').load(plugin.datasets.find((d) => d.id === 'mnist').configSchema.parse({}), { rng: new Rng(0).fork('data'), dataDir: '../shared/data' });
  const def = plugin.models.find((m) => m.id === 'joint-a-snn-resnet8');
  const net = def.create(def.configSchema.parse({ widths: [8, 16, 32], timeSteps: 2, branches: false, ...JSON.parse(process.env.CFG || "{}") }), { dataset: ds, rng: new Rng(2) });
  const opt = tf.train.adam(1e-3);
  const shuffle = new Rng(3);
  let step = 0;
  for (const batch of ds.batches('train', { batchSize: 64, shuffle })) {
    let trainAcc = 0;
    const c = opt.minimize(() => { const o = net.run(batch.x, 'ann', true).logits[0]; trainAcc = tf.tidy(() => o.argMax(1).equal(batch.labels).mean().dataSync()[0]); return softmaxCrossEntropy(batch.labels, o); }, true, net.trainableVariables());
    const l = c.dataSync()[0]; c.dispose();
    step++;
    if (step % 10 === 0) console.log(`step ${step} loss ${l.toFixed(3)} trainAcc ${trainAcc.toFixed(3)}`);
    if (step >= 40) break;
  }
})();
