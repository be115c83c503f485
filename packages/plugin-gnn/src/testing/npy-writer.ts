import { NPY_MAGIC } from '../data/npy';

/** A .npy file's bytes for a float32/float64 C-order array (tests write fixtures with it). */
export function writeNpy(data: ArrayLike<number>, shape: number[], opts: { descr?: string; version?: 1 | 2 | 3; fortran?: boolean } = {}): Uint8Array {
  const descr = opts.descr ?? '<f4';
  const version = opts.version ?? 1;
  const dict = `{'descr': '${descr}', 'fortran_order': ${opts.fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const lenBytes = version === 1 ? 2 : 4;
  const pre = 8 + lenBytes;
  const total = Math.ceil((pre + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - pre - 1, ' ') + '\n';
  const itemsize = descr.endsWith('8') ? 8 : descr.endsWith('4') ? 4 : 1;
  const out = new Uint8Array(total + data.length * itemsize);
  out.set(NPY_MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  const little = !descr.startsWith('>');
  for (let i = 0; i < data.length; i++) {
    if (itemsize === 8) view.setFloat64(total + 8 * i, data[i], little);
    else if (itemsize === 4) view.setFloat32(total + 4 * i, data[i], little);
    else out[total + i] = data[i];
  }
  return out;
}
