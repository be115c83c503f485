const { tf, Rng, resolveBackend, disposeOptimizer } = require('@zoo/core');
const snn = require('@zoo/plugin-snn');
const plugin = snn.plugin;
(async () => {
  await resolveBackend('blas');
  const ds = await plugin.datasets.find((d) => d.id === 'mnist').load(plugin.datasets.find((d) => d.id === 'mnist').configSchema.parse({}), { rng: new Rng(0).fork('data'), dataDir: '../shared/data' });
  const cfg = JSON.parse(process.env.CFG || '{}');
  const def = plugin.models.find((m) => m.id === (process.env.MODEL || 'joint-a-snn-resnet8'));
  const net = def.create(def.configSchema.parse(cfg.model || {}), { dataset: ds, rng: new Rng(2) });
  const opt = cfg.adam ? tf.train.adam(cfg.lr) : tf.train.momentum(cfg.lr ?? 0.1, 0.9);
  const shuffle = new Rng(3);
  let step = 0;
  const t0 = Date.now();
  for (const batch of ds.batches('train', { batchSize: 64, shuffle })) {
    const c = opt.minimize(() => snn.jointLoss(net.jointForward(batch.x, true), batch.labels, { alpha: cfg.alpha ?? 0.1, beta: 1e-6, temperature: 3 }), true, net.trainableVariables());
    const l = c.dataSync()[0]; c.dispose(); batch.dispose?.();
    step++;
    if (step % 20 === 0) {
      const val = [...ds.batches('val')][0];
      const acc = (mode) => tf.tidy(() => { const p = net.logits(val.x, mode, false).argMax(1).dataSync(); const y = val.labels.dataSync(); let k = 0; p.forEach((v, i) => (k += v === y[i] ? 1 : 0)); return k / y.length; });
      console.log(`step ${step} loss ${l.toFixed(3)} snn ${acc('snn').toFixed(3)}${net.modes.includes('ann') ? ' ann ' + acc('ann').toFixed(3) : ''} ${((Date.now() - t0) / 1000).toFixed(0)}s`);
    }
    if (step >= (cfg.steps ?? 60)) break;
  }
})();
