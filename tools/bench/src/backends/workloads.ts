import * as tf from '@tensorflow/tfjs-core';
import { batchNormTraining, csrMatMul, csrTranspose, relu as zooRelu, softmaxCrossEntropy as zooSoftmaxCrossEntropy, type Csr } from '@zoo/core';

type BatchNormTraining = (x: tf.Tensor, g: tf.Tensor1D, b: tf.Tensor1D, eps: number, opts?: { relu?: boolean }) => { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor };

/** The zoo's fused training batch norm; `ZOO_BENCH_PLAIN_BN=1`: none (tf.moments + tf.batchNorm, as plain tfjs). */
function optionalBatchNormTraining(): BatchNormTraining | undefined {
  return process.env.ZOO_BENCH_PLAIN_BN === '1' ? undefined : (batchNormTraining as BatchNormTraining);
}

type SoftmaxCrossEntropy = (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar;

/**
 * The zoo's fused softmax cross-entropy (as PyTorch's F.cross_entropy, class ids or one-hot rows);
 * `ZOO_BENCH_PLAIN_CE=1`: tfjs's composition (one-hot rows made from class ids).
 */
function softmaxCrossEntropy(): SoftmaxCrossEntropy {
  if (process.env.ZOO_BENCH_PLAIN_CE !== '1') return zooSoftmaxCrossEntropy as SoftmaxCrossEntropy;
  return (labels, logits) =>
    tf.tidy(() => tf.losses.softmaxCrossEntropy(labels.rank === logits.rank ? labels : tf.oneHot(labels as tf.Tensor1D, logits.shape[logits.rank - 1]), logits) as tf.Scalar);
}

/** The zoo's ReLU (one-pass select gradient, as PyTorch's); `ZOO_BENCH_PLAIN_RELU=1`: tfjs's (∂y·step(x), two kernels). */
function relu(): (x: tf.Tensor) => tf.Tensor {
  if (process.env.ZOO_BENCH_PLAIN_RELU !== '1') return zooRelu as (x: tf.Tensor) => tf.Tensor;
  return (x) => tf.relu(x);
}

/** Deterministic uniform values in [-s, s) (no dependence on tfjs's RNG, so torch can mirror shapes). */
export function det(n: number, s = 1, seed = 1): Float32Array {
  const a = new Float32Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    a[i] = ((x / 4294967296) * 2 - 1) * s;
  }
  return a;
}

function he(shape: number[], fanIn: number, seed: number): tf.Variable {
  // tidy frees the initial tensor (the variable keeps its own reference to the data)
  return tf.tidy(() => tf.variable(tf.tensor(det(shape.reduce((a, b) => a * b, 1), Math.sqrt(6 / fanIn), seed), shape)));
}

/**
 * ResNet-18 for CIFAR (He et al. 2016 with the 3×3 stem and no max-pool, as in the usual CIFAR
 * variant): 4 stages of 2 BasicBlocks (64, 128, 256, 512), batch norm in training mode, global
 * average pool, linear head. NHWC. Returns the train step: forward, cross-entropy, backward, SGD.
 */
export function resnet18TrainStep(classes = 100, lr = 0.1): { step: (x: tf.Tensor4D, y: tf.Tensor) => number; dispose: () => void } {
  const vars: tf.Variable[] = [];
  let seed = 10;
  const conv = (k: number, cin: number, cout: number) => {
    const v = he([k, k, cin, cout], k * k * cin, seed++);
    vars.push(v);
    return v;
  };
  const bnParams = (c: number) => {
    const g = tf.tidy(() => tf.variable(tf.ones([c])));
    const b = tf.tidy(() => tf.variable(tf.zeros([c])));
    vars.push(g, b);
    return { g, b };
  };
  // The zoo's models use @zoo/core's fused training batch norm; without @zoo/core, tf.moments + tf.batchNorm.
  const fused = optionalBatchNormTraining();
  const act = relu();
  const bn = (x: tf.Tensor4D, p: { g: tf.Variable; b: tf.Variable }, relu = false) => {
    if (fused) {
      const o = fused(x, p.g as tf.Tensor1D, p.b as tf.Tensor1D, 1e-5, { relu });
      tf.dispose([o.mean, o.variance]);
      return o.y as tf.Tensor4D;
    }
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const y = tf.batchNorm(x, mean, variance, p.b, p.g, 1e-5) as tf.Tensor4D;
    return relu ? tf.relu(y) : y;
  };
  type Block = { c1: tf.Variable; b1: ReturnType<typeof bnParams>; c2: tf.Variable; b2: ReturnType<typeof bnParams>; sc?: { c: tf.Variable; b: ReturnType<typeof bnParams> }; stride: number };
  const stem = { c: conv(3, 3, 64), b: bnParams(64) };
  const blocks: Block[] = [];
  let cin = 64;
  for (const [cout, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]] as const) {
    for (let i = 0; i < 2; i++) {
      const s = i === 0 ? stride : 1;
      blocks.push({
        c1: conv(3, cin, cout), b1: bnParams(cout), c2: conv(3, cout, cout), b2: bnParams(cout),
        sc: s !== 1 || cin !== cout ? { c: conv(1, cin, cout), b: bnParams(cout) } : undefined,
        stride: s,
      });
      cin = cout;
    }
  }
  const fcW = he([512, classes], 512, seed++);
  const fcB = tf.tidy(() => tf.variable(tf.zeros([classes])));
  vars.push(fcW, fcB);
  const forward = (x: tf.Tensor4D) => {
    let h: tf.Tensor4D = bn(tf.conv2d(x, stem.c as tf.Tensor4D, 1, 'same'), stem.b, true);
    for (const b of blocks) {
      let o = bn(tf.conv2d(h, b.c1 as tf.Tensor4D, b.stride, 'same'), b.b1, true);
      o = bn(tf.conv2d(o, b.c2 as tf.Tensor4D, 1, 'same'), b.b2);
      const sc = b.sc ? bn(tf.conv2d(h, b.sc.c as tf.Tensor4D, b.stride, 'same'), b.sc.b) : h;
      h = act(tf.add(o, sc)) as tf.Tensor4D;
    }
    const pooled = tf.mean(h, [1, 2]) as tf.Tensor2D;
    return tf.add(tf.matMul(pooled, fcW as tf.Tensor2D), fcB) as tf.Tensor2D;
  };
  const opt = tf.train.sgd(lr);
  const ce = softmaxCrossEntropy();
  return {
    step: (x, y) => {
      const loss = opt.minimize(() => ce(y, forward(x)), true, vars)!;
      const v = loss.dataSync()[0];
      loss.dispose();
      return v;
    },
    dispose: () => {
      tf.dispose(vars);
      opt.dispose();
    },
  };
}

/** A random graph with self loops, symmetric-normalized: N nodes, about E directed edges. */
export function randomGraph(n: number, e: number, seed = 7): Csr {
  const deg = new Int32Array(n);
  const src = new Int32Array(e + n);
  const dst = new Int32Array(e + n);
  const r = det(2 * e, 1, seed);
  for (let i = 0; i < e; i++) {
    src[i] = Math.min(n - 1, Math.floor(((r[2 * i] + 1) / 2) * n));
    dst[i] = Math.min(n - 1, Math.floor(((r[2 * i + 1] + 1) / 2) * n));
  }
  for (let i = 0; i < n; i++) src[e + i] = dst[e + i] = i;
  for (const s of src) deg[s]++;
  const indptr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) indptr[i + 1] = indptr[i] + deg[i];
  const fill = indptr.slice(0, n);
  const indices = new Int32Array(src.length);
  const values = new Float32Array(src.length);
  const inDeg = new Int32Array(n);
  for (const d of dst) inDeg[d]++;
  for (let i = 0; i < src.length; i++) {
    const p = fill[src[i]]++;
    indices[p] = dst[i];
    values[p] = 1 / Math.sqrt(deg[src[i]] * inDeg[dst[i]]);
  }
  return { rows: n, cols: n, indptr, indices, values };
}

/** Two-layer GCN train step (Kipf & Welling): Z = Â·ReLU(Â·X·W₀)·W₁, cross-entropy, SGD. */
export function gcnTrainStep(a: Csr, features: number, hidden: number, classes: number, lr = 0.1) {
  const at = csrTranspose(a);
  const w0 = he([features, hidden], features, 3);
  const w1 = he([hidden, classes], hidden, 4);
  const opt = tf.train.sgd(lr);
  const ce = softmaxCrossEntropy();
  const act = relu();
  return {
    step: (x: tf.Tensor2D, y: tf.Tensor) => {
      const loss = opt.minimize(() => {
        const h = act(csrMatMul(a, tf.matMul(x, w0 as tf.Tensor2D), at));
        const z = csrMatMul(a, tf.matMul(h, w1 as tf.Tensor2D), at);
        return ce(y, z);
      }, true, [w0, w1])!;
      const v = loss.dataSync()[0];
      loss.dispose();
      return v;
    },
    dispose: () => {
      tf.dispose([w0, w1]);
      opt.dispose();
    },
  };
}
