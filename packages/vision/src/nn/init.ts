import type { Rng } from '@zoo/core';

/**
 * Weight initializers as PyTorch defines them, drawing from the run's seeded Rng in element order
 * (row-major over the weight's shape):
 *   kaiming normal   w ~ N(0, σ²),     σ = √(2 / fan)      (`kaiming_normal_`, nonlinearity = 'relu')
 *   kaiming uniform  w ~ U(−b, b),     b = √(6 / fan)      (`kaiming_uniform_`, nonlinearity = 'relu')
 *   torch default    w ~ U(−b, b),     b = 1 / √fan_in     (`nn.Conv2d` / `nn.Linear` reset_parameters)
 * `fan` is fan_in = k²·C_in or fan_out = k²·C_out of a k×k conv (C_in or C_out of a linear layer).
 */
export type FanMode = 'fan_in' | 'fan_out';

/** fan_in and fan_out of a weight: HWIO [k, k, C_in, C_out] or [C_in, C_out]. */
export function fans(shape: readonly number[]): { fan_in: number; fan_out: number } {
  if (shape.length === 2) return { fan_in: shape[0], fan_out: shape[1] };
  if (shape.length !== 4) throw new Error(`fans: expected a [k, k, in, out] or [in, out] weight, got [${shape.join(', ')}]`);
  const receptive = shape[0] * shape[1];
  return { fan_in: receptive * shape[2], fan_out: receptive * shape[3] };
}

/** N(0, 2/fan) draws: std = √(2/fan) (computed in that order, as the plugins always have). */
export function kaimingNormal(rng: Rng, n: number, fan: number): Float32Array {
  const std = Math.sqrt(2 / fan);
  return Float32Array.from({ length: n }, () => std * rng.normal());
}

/** U(−√(6/fan), √(6/fan)) draws. */
export function kaimingUniform(rng: Rng, n: number, fan: number): Float32Array {
  const b = Math.sqrt(6 / fan);
  return rng.uniformArray(n, -b, b);
}

/** PyTorch's default conv/linear init (kaiming uniform with a = √5): U(−1/√fan_in, 1/√fan_in). */
export function torchDefaultUniform(rng: Rng, n: number, fanIn: number): Float32Array {
  const b = 1 / Math.sqrt(fanIn);
  return rng.uniformArray(n, -b, b);
}

/** How a layer initializes a weight of `shape` (element count = product of the shape). */
export type WeightInit = (rng: Rng, shape: readonly number[]) => Float32Array;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** kaiming_normal_(mode, nonlinearity = 'relu'): torchvision's ResNet conv init is mode = 'fan_out'. */
export const kaimingNormalInit =
  (mode: FanMode = 'fan_out'): WeightInit =>
  (rng, shape) =>
    kaimingNormal(rng, size(shape), fans(shape)[mode]);

export const kaimingUniformInit =
  (mode: FanMode = 'fan_in'): WeightInit =>
  (rng, shape) =>
    kaimingUniform(rng, size(shape), fans(shape)[mode]);

export const torchDefaultInit: WeightInit = (rng, shape) => torchDefaultUniform(rng, size(shape), fans(shape).fan_in);
