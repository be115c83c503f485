const { tf, resolveBackend } = require('@zoo/core');
(async () => {
  await resolveBackend('blas');
  const PAD = [[0, 0], [1, 1], [1, 1], [0, 0]];
  for (const [n, h, c, o] of [[256, 28, 8, 8], [256, 28, 16, 16], [256, 14, 16, 32], [256, 7, 64, 64], [64, 28, 1, 8]]) {
    const x = tf.randomNormal([n, h, h, c]);
    const w = tf.randomNormal([3, 3, c, o]);
    const dy = tf.randomNormal([n, h, h, o]);
    const times = { fwd: 1e9, bi: 1e9, bf: 1e9 };
    for (let r = 0; r < 5; r++) {
      let t0 = performance.now();
      tf.conv2d(x, w, 1, PAD).dispose();
      times.fwd = Math.min(times.fwd, performance.now() - t0);
      t0 = performance.now();
      tf.conv2dTranspose ? 0 : 0;
      const [gx, gw] = tf.grads((a, b) => tf.sum(tf.mul(tf.conv2d(a, b, 1, PAD), dy)))([x, w]);
      gx.dispose(); gw.dispose();
      times.bi = Math.min(times.bi, performance.now() - t0);
    }
    const gflop = (2 * n * h * h * 9 * c * o) / 1e9;
    console.log(`${n}x${h}x${h}x${c}->${o}: fwd ${times.fwd.toFixed(1)} ms (${(gflop / times.fwd * 1e3).toFixed(1)} GFLOP/s), fwd+bwd ${times.bi.toFixed(1)} ms`);
  }
})();
