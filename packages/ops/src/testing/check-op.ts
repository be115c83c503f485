import { dispose, findBackendFactory, getBackend, getKernel, grads, memory, mul, profile, ready, setBackend, sum, tensor, tidy, type Tensor } from '@tensorflow/tfjs-core';

/**
 * Checking a fused op against its plain tfjs composition, value and gradient, on every backend that
 * registers the op's kernel (`@zoo/ops/testing`; backends reuse it for their own kernels).
 *
 * For inputs X₁…X_n the case compares op(X) with composition(X) elementwise, then the gradients of
 * L = Σ W ⊙ f(X) for a fixed pseudo-random W (so every output position carries a distinct weight)
 * with respect to the inputs listed in `differentiate`; it also checks that the op ran `kernelName`
 * (tf.profile's kernel list) and that nothing leaked (tf.memory().numTensors before and after).
 */
export interface OpCase {
  /** What the case covers, e.g. 'class ids [7, 5]'. */
  name: string;
  /** Fresh inputs (disposed by the check). */
  inputs: () => Tensor[];
  op: (...xs: Tensor[]) => Tensor;
  composition: (...xs: Tensor[]) => Tensor;
  /** Input positions to differentiate (default: every float32 input; [] for no gradient check). */
  differentiate?: number[];
  /** Largest |op − composition| allowed, relative to max(1, |composition|) (default 1e-5). */
  valueTolerance?: number;
  /** The same for the gradients (default 1e-5). */
  gradTolerance?: number;
}

export interface OpCheck {
  kernelRan: boolean;
  valueError: number;
  gradErrors: number[];
  leaked: number;
}

/** ≈ uniform in [−1, 1), deterministic. */
const weights = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + 1.234) * 0.999);

function maxRelError(a: Tensor, b: Tensor): number {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return Infinity;
  const av = a.dataSync();
  const bv = b.dataSync();
  let e = 0;
  for (let i = 0; i < av.length; i++) {
    if (Number.isNaN(av[i]) && Number.isNaN(bv[i])) continue;
    e = Math.max(e, Math.abs(av[i] - bv[i]) / Math.max(1, Math.abs(bv[i])));
  }
  return e;
}

function gradsOf(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], at: number[]): Tensor[] {
  return grads((...ys: Tensor[]) => {
    const all = xs.map((x, i) => (at.includes(i) ? ys[at.indexOf(i)] : x));
    const out = f(...all);
    return sum(mul(out, tensor(weights(out.size), out.shape)));
  })(at.map((i) => xs[i]));
}

/** Runs one case on the active backend. */
export async function checkOp(kernelName: string, c: OpCase): Promise<OpCheck> {
  const before = memory().numTensors;
  const xs = c.inputs();
  const at = c.differentiate ?? xs.map((x, i) => (x.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);
  let kernelRan = false;
  const info = await profile(() => {
    const y = c.op(...xs);
    y.dispose();
  });
  kernelRan = info.kernelNames.includes(kernelName);
  const valueError = tidy(() => maxRelError(c.op(...xs), c.composition(...xs)));
  const gradErrors = at.length === 0 ? [] : tidy(() => {
    const ga = gradsOf(c.op, xs, at);
    const gb = gradsOf(c.composition, xs, at);
    return ga.map((g, i) => maxRelError(g, gb[i]));
  });
  dispose(xs);
  return { kernelRan, valueError, gradErrors, leaked: memory().numTensors - before };
}

/** The backends among `candidates` that are registered with tfjs and register `kernelName`. */
export function backendsWithKernel(kernelName: string, candidates: string[] = ['cpu', 'wasm', 'blas']): string[] {
  return candidates.filter((b) => findBackendFactory(b) != null && getKernel(kernelName, b) !== undefined);
}

/**
 * A jest `describe` per backend that registers `kernelName` (cpu and wasm from this package; blas from
 * @zoo/backend-blas once imported), one test per case: the kernel ran, value and gradient within
 * tolerance of the composition, no tensor leaked. Restores the previous backend afterwards.
 */
export function describeOpAgainstComposition(kernelName: string, cases: OpCase[], opts: { backends?: string[] } = {}): void {
  const backends = backendsWithKernel(kernelName, opts.backends);
  describe(`${kernelName} against its tfjs composition`, () => {
    it('is registered on at least one backend', () => expect(backends.length).toBeGreaterThan(0));
    for (const b of backends) {
      describe(`on ${b}`, () => {
        let previous = '';
        beforeAll(async () => {
          await ready(); // (the default backend starts on first use)
          previous = getBackend();
          await setBackend(b);
          await ready();
        });
        afterAll(async () => {
          await setBackend(previous);
        });
        for (const c of cases) {
          it(c.name, async () => {
            expect(getBackend()).toBe(b);
            const r = await checkOp(kernelName, c);
            expect(r.kernelRan).toBe(true);
            expect(r.valueError).toBeLessThanOrEqual(c.valueTolerance ?? 1e-5);
            for (const e of r.gradErrors) expect(e).toBeLessThanOrEqual(c.gradTolerance ?? 1e-5);
            expect(r.leaked).toBe(0);
          });
        }
      });
    }
  });
}

/** Runs fn and expects tf.memory().numTensors unchanged. */
export async function expectNoLeaks<T>(fn: () => Promise<T> | T): Promise<T> {
  const before = memory().numTensors;
  const out = await fn();
  expect(memory().numTensors).toBe(before);
  return out;
}
