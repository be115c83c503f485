const { tf, Rng, resolveBackend } = require('@zoo/core');
const snn = require('@zoo/plugin-snn');
(async () => {
  await resolveBackend('blas');
  const r = new Rng(1);
  const B = 64;
  const split = () => ({ images: Float32Array.from({ length: B * 784 }, () => r.next()), labels: Int32Array.from({ length: B }, (_, i) => i % 10) });
  const data = new snn.ImageDataset('x', [28, 28, 1], { train: split(), val: split(), test: split() }, 10, 'synthetic');
  const def = snn.plugin.models.find((m) => m.id === 'joint-a-snn-resnet8');
  const net = def.create(def.configSchema.parse(JSON.parse(process.env.CFG || '{}')), { dataset: data, rng: new Rng(2) });
  const xt = tf.tensor4d(data.splits.train.images, [B, 28, 28, 1]);
  const yt = tf.tensor1d(data.splits.train.labels, 'int32');
  const opt = tf.train.momentum(0.1, 0.9);
  for (let s = 0; s < (+process.env.STEPS || 4); s++) {
    const t0 = performance.now();
    const c = opt.minimize(() => snn.jointLoss(net.jointForward(xt, true), yt, { alpha: 0.1, beta: 1e-6, temperature: 3 }), true, net.trainableVariables());
    c.dataSync(); c.dispose();
    const t1 = performance.now();
    tf.tidy(() => net.jointForward(xt, true).snn.logits[0].dataSync());
    const t2 = performance.now();
    tf.tidy(() => net.run(xt, 'ann', true).logits[0].dataSync());
    console.log('step ms', (t1 - t0).toFixed(0), 'fwd both', (t2 - t1).toFixed(0), 'fwd ann', (performance.now() - t2).toFixed(0));
  }
})();
