import { countModel } from './count';
import { ResNet } from './resnet';

describe('parameter and multiply-add counter', () => {
  it('torchvision ResNet-50 at 224²: 25,557,032 parameters, 4.09 G multiply-adds (shapes only, no weights)', () => {
    const c = countModel(new ResNet({ depth: 50 }), [224, 224, 3]);
    expect(c.params).toBe(25_557_032);
    expect(c.macs / 1e9).toBeCloseTo(4.09, 2); // torchvision's model card: 4.09 GFLOPS (multiply-adds of convs + fc)
    expect(c.macs).toBe(4_089_184_256);
    expect(c.output).toEqual([1000]);
  });

  it('ResNet-18: 11,689,512 parameters, 1.81 G multiply-adds; ResNet-34: 21,797,672 / 3.66 G (torchvision model cards)', () => {
    const c = countModel(new ResNet({ depth: 18 }), [224, 224, 3]);
    expect(c.params).toBe(11_689_512);
    // torchvision lists 1.81; counters that add BN, ReLU and pooling element ops (ptflops, thop) report ≈ 1.82
    expect(c.macs / 1e9).toBeCloseTo(1.81, 2);
    expect(c.macs).toBe(1_814_073_344);
    const r34 = countModel(new ResNet({ depth: 34 }), [224, 224, 3]);
    expect(r34.params).toBe(21_797_672);
    expect(r34.macs / 1e9).toBeCloseTo(3.66, 2);
  });

  it('one row per leaf with its path and shapes; the stem by hand', () => {
    const c = countModel(new ResNet({ depth: 18, classes: 10 }), [32, 32, 3]);
    const stem = c.rows.find((r) => r.path === 'resnet.stem')!;
    expect(stem.output).toEqual([16, 16, 64]);
    expect(stem.params).toBe(7 * 7 * 3 * 64);
    expect(stem.macs).toBe(16 * 16 * 7 * 7 * 3 * 64);
    const down = c.rows.find((r) => r.path === 'resnet.layer2_0.layer2_0_down')!;
    expect(down.input).toEqual([8, 8, 64]);
    expect(down.output).toEqual([4, 4, 128]);
    expect(c.rows.find((r) => r.path === 'resnet.fc')).toMatchObject({ input: [512], output: [10], params: 5130, macs: 5120 });
    expect(c.rows.reduce((a, r) => a + r.params, 0)).toBe(c.params);
  });
});
