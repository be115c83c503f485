/**
 * The ResNet stage plan (He et al. 2016): stage s has `blocks[s]` blocks of output width
 * `widths[s]·expansion`; the first block of every stage but the first has stride 2 (halving the
 * resolution), and a block gets a projection shortcut (1×1 conv, stride as the block, + BN) when its
 * stride is not 1 or its input width differs from its output width. `expansion` is 1 for basic blocks,
 * 4 for bottlenecks (whose 3×3 conv works at `widths[s]`, the 1×1 convs expand back).
 */
export interface PlannedBlock {
  /** 0-based stage and block within the stage. */
  stage: number;
  block: number;
  cin: number;
  /** The block's inner width (`widths[stage]`) and output width (`width·expansion`). */
  width: number;
  cout: number;
  stride: number;
  shortcut: boolean;
}

export function resnetStagePlan(stem: number, widths: readonly number[], blocks: readonly number[], expansion = 1): PlannedBlock[] {
  if (widths.length !== blocks.length) throw new Error(`resnet plan: ${widths.length} widths for ${blocks.length} stages`);
  const plan: PlannedBlock[] = [];
  let cin = stem;
  widths.forEach((width, stage) => {
    for (let block = 0; block < blocks[stage]; block++) {
      const stride = stage > 0 && block === 0 ? 2 : 1;
      const cout = width * expansion;
      plan.push({ stage, block, cin, width, cout, stride, shortcut: stride !== 1 || cin !== cout });
      cin = cout;
    }
  });
  return plan;
}
