/**
 * Strict reader of NumPy's `.npy` format (format versions 1.0, 2.0, 3.0): magic `\x93NUMPY`, version,
 * header length (2 bytes in v1, 4 in v2/v3), a Python dict literal {'descr', 'fortran_order', 'shape'},
 * then the raw array. Accepted: little-endian float32 ('<f4') and float64 ('<f8', converted to float32),
 * C order. Everything else (big-endian, ints, objects/pickles, Fortran order, truncated data) is refused
 * with the file, the byte offset and what was found.
 */
export class NpyError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface NpyArray {
  shape: number[];
  /** The dtype in the file ('<f4' or '<f8'); data is always float32. */
  descr: string;
  data: Float32Array;
}

export const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function readNpy(buf: Uint8Array): NpyArray {
  for (let i = 0; i < NPY_MAGIC.length; i++) {
    if (buf[i] !== NPY_MAGIC[i]) throw new NpyError(`not a .npy file: bad magic (expected \\x93NUMPY)`, i);
  }
  const major = buf[6];
  const minor = buf[7];
  if (![1, 2, 3].includes(major) || minor !== 0) throw new NpyError(`unsupported .npy format version ${major}.${minor} (1.0, 2.0 and 3.0 are read)`, 6);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (buf.length < 8 + lenBytes) throw new NpyError('truncated .npy header', 8);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = 8 + lenBytes;
  if (buf.length < start + headerLen) throw new NpyError(`truncated .npy header: ${headerLen} bytes announced, ${buf.length - start} present`, start);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(buf.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyError(`malformed .npy header (needs 'descr', 'fortran_order', 'shape'): ${header.trim()}`, start);
  }
  if (descr.includes('O')) throw new NpyError(`object arrays (descr '${descr}') hold pickles and are refused; save a float32/float64 array`, start);
  if (descr !== '<f4' && descr !== '<f8') {
    const why = descr.startsWith('>') ? 'big-endian' : 'a dtype other than float32/float64';
    throw new NpyError(`dtype '${descr}' is ${why}; expected little-endian float32 ('<f4') or float64 ('<f8')`, start);
  }
  if (fortran === 'True') throw new NpyError(`Fortran-order arrays are refused; save with np.ascontiguousarray (C order)`, start);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isSafeInteger(n) || n < 0) throw new NpyError(`bad dimension '${s}' in shape (${shapeText})`, start);
      return n;
    });
  const count = shape.reduce((a, b) => a * b, 1);
  const itemsize = descr === '<f4' ? 4 : 8;
  const dataStart = start + headerLen;
  const need = count * itemsize;
  // checked before allocating: the shape must fit the bytes present (a zero dimension holds no data at any width)
  if (!Number.isSafeInteger(need) || buf.length - dataStart < need) throw new NpyError(`truncated data: shape (${shape}) of ${descr} needs ${need} bytes, ${buf.length - dataStart} present`, dataStart);
  const data = new Float32Array(count);
  if (itemsize === 4) {
    if ((buf.byteOffset + dataStart) % 4 === 0) data.set(new Float32Array(buf.buffer, buf.byteOffset + dataStart, count));
    else for (let i = 0; i < count; i++) data[i] = view.getFloat32(dataStart + 4 * i, true);
  } else {
    for (let i = 0; i < count; i++) data[i] = view.getFloat64(dataStart + 8 * i, true);
  }
  return { shape, descr, data };
}
