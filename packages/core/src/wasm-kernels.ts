import { tf } from './tf';

/**
 * Kernels tfjs's wasm backend lacks (4.22), registered for 'wasm' so every plugin also trains there:
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropInput and UnsortedSegmentSum, as plain loops over
 * data read from the wasm heap (correct, not fast: wasm is the fallback when BLAS is absent).
 * Einsum is still missing.
 */
interface WasmBackend {
  readSync(dataId: object): Float32Array | Int32Array;
  makeOutput(shape: number[], dtype: string, memoryOffset?: number, values?: ArrayLike<number>): tf.TensorInfo;
}
type Args = { inputs: Record<string, tf.TensorInfo>; backend: WasmBackend; attrs: Record<string, unknown> };

function conv2dBackpropFilter({ inputs, backend, attrs }: Args): tf.TensorInfo {
  const { x, dy } = inputs;
  const c = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'round' | undefined,
    false,
    tf.backend_util.convertConv2DDataFormat((attrs.dataFormat as 'NHWC') ?? 'NHWC'),
  );
  if (c.dataFormat !== 'channelsLast') throw new Error('Conv2DBackpropFilter on wasm: only NHWC is supported');
  const xv = backend.readSync(x.dataId);
  const dv = backend.readSync(dy.dataId);
  const { inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO, filterHeight: FH, filterWidth: FW } = c;
  const dw = new Float32Array(FH * FW * CI * CO);
  for (let b = 0; b < c.batchSize; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const dyo = ((b * OH + oy) * OW + ox) * CO;
        for (let fy = 0; fy < FH; fy++) {
          const iy = oy * c.strideHeight - c.padInfo.top + fy;
          if (iy < 0 || iy >= H) continue;
          for (let fx = 0; fx < FW; fx++) {
            const ix = ox * c.strideWidth - c.padInfo.left + fx;
            if (ix < 0 || ix >= W) continue;
            const xo = ((b * H + iy) * W + ix) * CI;
            const wo = (fy * FW + fx) * CI * CO;
            for (let ci = 0; ci < CI; ci++) {
              const xval = xv[xo + ci];
              if (xval === 0) continue;
              const row = wo + ci * CO;
              for (let co = 0; co < CO; co++) dw[row + co] += xval * dv[dyo + co];
            }
          }
        }
      }
    }
  }
  return backend.makeOutput(attrs.filterShape as number[], 'float32', undefined, dw);
}

function depthwiseBackpropInput({ inputs, backend, attrs }: Args): tf.TensorInfo {
  const { dy, filter } = inputs;
  const c = tf.backend_util.computeConv2DInfo(
    attrs.inputShape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides as [number, number],
    (attrs.dilations as number) ?? 1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'round' | undefined,
    true,
  );
  const dv = backend.readSync(dy.dataId);
  const fv = backend.readSync(filter.dataId);
  const { inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO, filterHeight: FH, filterWidth: FW } = c;
  const mult = CO / CI;
  const dx = new Float32Array(c.batchSize * H * W * CI);
  for (let b = 0; b < c.batchSize; b++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++)
        for (let fy = 0; fy < FH; fy++) {
          const iy = oy * c.strideHeight - c.padInfo.top + fy * c.dilationHeight;
          if (iy < 0 || iy >= H) continue;
          for (let fx = 0; fx < FW; fx++) {
            const ix = ox * c.strideWidth - c.padInfo.left + fx * c.dilationWidth;
            if (ix < 0 || ix >= W) continue;
            for (let ci = 0; ci < CI; ci++)
              for (let q = 0; q < mult; q++) {
                const co = ci * mult + q;
                dx[((b * H + iy) * W + ix) * CI + ci] += dv[((b * OH + oy) * OW + ox) * CO + co] * fv[((fy * FW + fx) * CI + ci) * mult + q];
              }
          }
        }
  return backend.makeOutput(attrs.inputShape as number[], 'float32', undefined, dx);
}

function unsortedSegmentSum({ inputs, backend, attrs }: Args): tf.TensorInfo {
  const { x, segmentIds } = inputs;
  const n = attrs.numSegments as number;
  const xv = backend.readSync(x.dataId);
  const ids = backend.readSync(segmentIds.dataId);
  const inner = xv.length / Math.max(ids.length, 1);
  const outShape = [n, ...x.shape.slice(segmentIds.shape.length)];
  const res = x.dtype === 'int32' ? new Int32Array(n * inner) : new Float32Array(n * inner);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i];
    if (s < 0 || s >= n) continue;
    for (let j = 0; j < inner; j++) res[s * inner + j] += xv[i * inner + j];
  }
  return backend.makeOutput(outShape, x.dtype, undefined, res);
}

const MISSING: [string, (a: Args) => tf.TensorInfo][] = [
  ['Conv2DBackpropFilter', conv2dBackpropFilter],
  ['DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput],
  ['UnsortedSegmentSum', unsortedSegmentSum],
];

/** Registers the missing kernels for 'wasm' (idempotent; kernels tfjs adds later are left alone). */
export function registerMissingWasmKernels(): string[] {
  const added: string[] = [];
  for (const [name, fn] of MISSING) {
    if (tf.getKernel(name, 'wasm')) continue;
    tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: fn as unknown as tf.KernelFunc });
    added.push(name);
  }
  return added;
}
