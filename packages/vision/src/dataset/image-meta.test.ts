import { imageShapeOf, requireImageShape } from './image-meta';

const meta = (imageShape?: unknown) => ({ task: 'classification' as const, numClasses: 2, source: 'synthetic' as const, sizes: { train: 0, val: 0, test: 0 }, imageShape });

describe('image shape from a dataset meta', () => {
  it('reads [H, W, C] and refuses anything else', () => {
    expect(imageShapeOf(meta([28, 28, 1]))).toEqual([28, 28, 1]);
    for (const bad of [undefined, [28, 28], [28, 28, 0], [28, 2.5, 1], 'x']) expect(imageShapeOf(meta(bad))).toBeUndefined();
  });

  it('requireImageShape names the model and the dataset', () => {
    expect(requireImageShape({ id: 'd', meta: meta([8, 8, 3]) }, 'm')).toEqual([8, 8, 3]);
    expect(() => requireImageShape({ id: 'cora', meta: meta() }, 'joint-a-snn')).toThrow(/joint-a-snn needs an image dataset \(H×W×C\); 'cora' has no imageShape/);
  });
});
