import { Rng, temporalShift, tf, VariableStore } from '@zoo/core';
import { Conv2d, countModel, ResidualBlock } from '@zoo/vision';
import { MultiViewFusion } from './mvf';
import { TemporalConv } from './temporal-conv';
import { TemporalMaxPool } from './temporal-pool';
import { TemporalShift } from './temporal-shift';
import { VideoResNet, type TemporalSpec } from './video-resnet';

const small = (temporal: TemporalSpec, extra: Partial<ConstructorParameters<typeof VideoResNet>[0]> = {}) =>
  new VideoResNet({ frames: 4, inChannels: 1, stem: 'small', widths: [4, 8, 8, 8], blocks: [2, 1, 1, 1], temporal, ...extra });

const conv1Of = (net: VideoResNet) => net.layers.filter((l): l is ResidualBlock => l instanceof ResidualBlock).map((b) => b.main[0].layer);

describe('VideoResNet', () => {
  it('wraps conv1 of every block of the flagged stages only (mvf_freq); other layers unchanged', () => {
    const mvf = conv1Of(small({ kind: 'mvf', stages: [0, 0, 1, 1], alpha: 0.25, mode: 'THW' }));
    expect(mvf.map((l) => l.constructor.name)).toEqual(['Conv2d', 'Conv2d', 'Conv2d', 'MultiViewFusion', 'MultiViewFusion']);
    expect((mvf[3] as MultiViewFusion).fused).toBe(8); // ⌊¼ · 32⌋: conv1's input channels
    const tsm = conv1Of(small({ kind: 'tsm', stages: [1, 1, 1, 1] }));
    expect(tsm.every((l) => l instanceof TemporalShift && l.net instanceof Conv2d)).toBe(true);
    const slow = conv1Of(small({ kind: 'slowonly', stages: [0, 0, 1, 1] }));
    expect(slow.map((l) => l instanceof TemporalConv)).toEqual([false, false, false, true, true]);
    expect(slow[3].name).toBe('layer3_0_conv1');
    const none = conv1Of(small({ kind: 'none', stages: [1, 1, 1, 1] }));
    expect(none.every((l) => l instanceof Conv2d)).toBe(true);
  });

  it('the shortcut sees the untouched input: a TSM block = relu(F(shift x) + S(x))', () => {
    const net = small({ kind: 'tsm', stages: [1, 1, 1, 1] });
    const block = net.layers.find((l) => l.name === 'layer2_0') as ResidualBlock;
    const store = new VariableStore();
    block.create(store, new Rng(1));
    const x = tf.tensor4d(Float32Array.from({ length: 8 * 4 * 4 * 16 }, (_, i) => Math.cos(i * 0.37)), [8, 4, 4, 16]);
    const y = block.apply(x, false);
    const want = tf.tidy(() => {
      const shift = block.main[0].layer as TemporalShift;
      let h: tf.Tensor = shift.net.apply(temporalShift(x, 4, 8), false);
      expect(block.main[0].relu).toBe(false);
      for (const m of block.main.slice(1)) h = m.relu ? tf.relu(m.layer.apply(h, false)) : m.layer.apply(h, false);
      const id = block.shortcut.reduce((s, m) => m.apply(s, false), x as tf.Tensor);
      return tf.relu(tf.add(h, id));
    });
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(y, want))).dataSync()[0])).toBeLessThan(1e-6);
    tf.dispose([x, y, want]);
    store.dispose();
  });

  it('temporal pool after res2: later temporal layers are built for T\' = T/2 frames; output [N·T\', h, w, 4·C]', () => {
    const net = small({ kind: 'tsm', stages: [1, 1, 1, 1] }, { temporalPool: 'tsm' });
    const names = net.layers.map((l) => l.name);
    expect(names.indexOf('temporal_pool')).toBe(names.indexOf('layer1_1') + 1);
    expect(net.segmentsOut).toBe(2);
    const shifts = conv1Of(net) as TemporalShift[];
    expect(shifts.map((s) => s.segments)).toEqual([4, 4, 2, 2, 2]);
    expect(net.segmentsAt[names.indexOf('layer2_0')]).toBe(2);
    expect((net.layers[names.indexOf('temporal_pool')] as TemporalMaxPool).kernel).toBe(3);
    const store = new VariableStore();
    net.create(store, new Rng(2));
    const x = tf.randomNormal([3 * 4, 16, 16, 1], 0, 1, 'float32', 3);
    const before = tf.memory().numTensors;
    const y = net.apply(x, true);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(y.shape).toEqual([3 * 2, 2, 2, 32]);
    tf.dispose([x, y]);
    store.dispose();
  });

  it('an ImageNet stem (7×7/2 + max pool) takes 224² frames to 7² × 2048 with ResNet-50 widths (count only)', () => {
    const net = new VideoResNet({ frames: 8, inChannels: 3, stem: 'imagenet', widths: [64, 128, 256, 512], blocks: [3, 4, 6, 3], temporal: { kind: 'none', stages: [0, 0, 0, 0] } });
    const c = countModel(net, [224, 224, 3]);
    expect(c.output).toEqual([7, 7, 2048]);
    expect(c.params).toBe(23_508_032); // torchvision resnet50 without its fc
  });

  it('refuses stage flags that do not match the stages', () => {
    expect(() => small({ kind: 'mvf', stages: [0, 1] })).toThrow(/one each per stage/);
  });
});
