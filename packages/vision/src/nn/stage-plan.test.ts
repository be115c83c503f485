import { resnetStagePlan } from './stage-plan';

describe('ResNet stage plan', () => {
  it('basic blocks: stride 2 opens every stage after the first, projection where the shape changes', () => {
    const plan = resnetStagePlan(64, [64, 128], [2, 2]);
    expect(plan.map((b) => [b.stage, b.block, b.cin, b.cout, b.stride, b.shortcut])).toEqual([
      [0, 0, 64, 64, 1, false],
      [0, 1, 64, 64, 1, false],
      [1, 0, 64, 128, 2, true],
      [1, 1, 128, 128, 1, false],
    ]);
  });

  it('bottlenecks (expansion 4): the first block projects 64 → 256 at stride 1', () => {
    const plan = resnetStagePlan(64, [64, 128, 256, 512], [3, 4, 6, 3], 4);
    expect(plan).toHaveLength(16);
    expect(plan[0]).toEqual({ stage: 0, block: 0, cin: 64, width: 64, cout: 256, stride: 1, shortcut: true });
    expect(plan[3]).toEqual({ stage: 1, block: 0, cin: 256, width: 128, cout: 512, stride: 2, shortcut: true });
    expect(plan.filter((b) => b.shortcut)).toHaveLength(4);
  });

  it('a stem narrower than the first stage gets a stride-1 projection; mismatched lists are refused', () => {
    expect(resnetStagePlan(16, [32], [1])[0]).toMatchObject({ cin: 16, cout: 32, stride: 1, shortcut: true });
    expect(() => resnetStagePlan(16, [16, 32], [1])).toThrow(/2 widths for 1 stages/);
  });
});
