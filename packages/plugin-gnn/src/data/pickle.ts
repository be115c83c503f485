/**
 * A restricted reader for the Python-2 pickles that Planetoid ships (`ind.<name>.{x,y,...,graph}`):
 * scipy CSR matrices, numpy arrays, and a defaultdict of lists. It interprets exactly the opcodes and
 * classes those files use and refuses everything else: it never executes code, it only builds plain
 * values for an allow-list of five globals.
 */

export class PickleError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** A numpy array as decoded: dtype code (`f4`, `f8`, `i4`, `i8`, `u1`, `b1`), shape and raw little-endian bytes. */
export interface NdArray {
  kind: 'ndarray';
  dtype: string;
  shape: number[];
  data: Uint8Array;
}

export interface CsrPickle {
  kind: 'csr_matrix';
  shape: [number, number];
  indptr: NdArray;
  indices: NdArray;
  data: NdArray;
}

interface DType {
  kind: 'dtype';
  code: string;
  order: string;
}
interface GlobalRef {
  kind: 'global';
  name: string;
}
interface Mark {
  kind: 'mark';
}

const ALLOWED_GLOBALS = new Set([
  'scipy.sparse.csr csr_matrix',
  'numpy.core.multiarray _reconstruct',
  'numpy ndarray',
  'numpy dtype',
  'collections defaultdict',
  '__builtin__ list',
]);

const MARK: Mark = { kind: 'mark' };

/** Decodes one pickle. Throws PickleError with the byte offset of the offending opcode. */
export function readPickle(buf: Uint8Array): unknown {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let pos = 0;
  const need = (n: number, at: number) => {
    if (pos + n > buf.length) throw new PickleError(`truncated: needs ${n} more bytes`, at);
  };
  const pop = (at: number) => {
    if (stack.length === 0) throw new PickleError('stack underflow', at);
    return stack.pop();
  };
  const popMark = (at: number): unknown[] => {
    let i = stack.length - 1;
    while (i >= 0 && stack[i] !== MARK) i--;
    if (i < 0) throw new PickleError('no MARK on the stack', at);
    const items = stack.slice(i + 1);
    stack.length = i;
    return items;
  };
  const bytes = (n: number, at: number) => {
    need(n, at);
    const b = buf.subarray(pos, pos + n);
    pos += n;
    return b;
  };
  const readLine = (at: number) => {
    const end = buf.indexOf(0x0a, pos);
    if (end < 0) throw new PickleError('truncated: unterminated line', at);
    const s = latin1(buf.subarray(pos, end));
    pos = end + 1;
    return s;
  };

  while (true) {
    const at = pos;
    need(1, at);
    const op = buf[pos++];
    switch (op) {
      case 0x80: // PROTO
        need(1, at);
        if (buf[pos] > 2) throw new PickleError(`pickle protocol ${buf[pos]} is not supported (2 at most)`, at);
        pos++;
        break;
      case 0x2e: // STOP
        if (stack.length !== 1) throw new PickleError(`STOP with ${stack.length} values on the stack`, at);
        return stack[0];
      case 0x63: {
        // GLOBAL
        const name = `${readLine(at)} ${readLine(at)}`;
        if (!ALLOWED_GLOBALS.has(name)) throw new PickleError(`refusing global '${name}' (not one Planetoid files use)`, at);
        stack.push({ kind: 'global', name } satisfies GlobalRef);
        break;
      }
      case 0x71: // BINPUT
        need(1, at);
        memo.set(buf[pos++], stack[stack.length - 1]);
        break;
      case 0x72: // LONG_BINPUT
        need(4, at);
        memo.set(view.getUint32(pos, true), stack[stack.length - 1]);
        pos += 4;
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const n = op === 0x68 ? 1 : 4;
        need(n, at);
        const key = n === 1 ? buf[pos] : view.getUint32(pos, true);
        pos += n;
        if (!memo.has(key)) throw new PickleError(`memo key ${key} not defined`, at);
        stack.push(memo.get(key));
        break;
      }
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map<unknown, unknown>());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x74: // TUPLE
        stack.push(popMark(at));
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const n = op - 0x84;
        if (stack.length < n) throw new PickleError('stack underflow', at);
        stack.push(stack.splice(stack.length - n, n));
        break;
      }
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        need(1, at);
        stack.push(buf[pos++]);
        break;
      case 0x4d: // BININT2
        need(2, at);
        stack.push(view.getUint16(pos, true));
        pos += 2;
        break;
      case 0x4a: // BININT
        need(4, at);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x8a: {
        // LONG1
        need(1, at);
        const n = buf[pos++];
        const b = bytes(n, at);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (n > 0 && b[n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        stack.push(Number(v));
        break;
      }
      case 0x47: // BINFLOAT
        need(8, at);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x55: {
        // SHORT_BINSTRING
        need(1, at);
        const n = buf[pos++];
        stack.push(bytes(n, at));
        break;
      }
      case 0x54: {
        // BINSTRING
        need(4, at);
        const n = view.getInt32(pos, true);
        pos += 4;
        if (n < 0) throw new PickleError('negative BINSTRING length', at);
        stack.push(bytes(n, at));
        break;
      }
      case 0x58: {
        // BINUNICODE
        need(4, at);
        const n = view.getUint32(pos, true);
        pos += 4;
        stack.push(new TextDecoder().decode(bytes(n, at)));
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop(at);
        const list = stack[stack.length - 1];
        if (!Array.isArray(list)) throw new PickleError('APPEND to a non-list', at);
        list.push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark(at);
        const list = stack[stack.length - 1];
        if (!Array.isArray(list)) throw new PickleError('APPENDS to a non-list', at);
        for (const item of items) list.push(item); // no spread: a list may hold more items than the call stack
        break;
      }
      case 0x73: // SETITEM
      case 0x75: {
        // SETITEMS
        const items = op === 0x73 ? [pop(at), pop(at)].reverse() : popMark(at);
        const dict = stack[stack.length - 1];
        if (!(dict instanceof Map)) throw new PickleError('SETITEM(S) on a non-dict', at);
        if (items.length % 2) throw new PickleError('SETITEMS with an odd number of items', at);
        for (let i = 0; i < items.length; i += 2) dict.set(key(items[i]), items[i + 1]);
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = pop(at);
        const cls = pop(at) as GlobalRef;
        if (cls?.kind !== 'global' || cls.name !== 'scipy.sparse.csr csr_matrix' || !Array.isArray(args) || args.length) {
          throw new PickleError('NEWOBJ is only allowed for csr_matrix()', at);
        }
        stack.push({ kind: 'csr_matrix', state: null });
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop(at) as unknown[];
        const fn = pop(at) as GlobalRef;
        stack.push(reduce(fn, args, at));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop(at);
        const obj = stack[stack.length - 1];
        build(obj, state, at);
        break;
      }
      default:
        throw new PickleError(`unsupported pickle opcode 0x${op.toString(16)}`, at);
    }
  }
}

/** Bytes as a latin-1 string (no argument spread: a byte string may be longer than the call stack). */
function latin1(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}

function key(k: unknown): unknown {
  return k instanceof Uint8Array ? latin1(k) : k;
}

function str(v: unknown): string {
  return v instanceof Uint8Array ? latin1(v) : String(v);
}

function reduce(fn: GlobalRef, args: unknown[], at: number): unknown {
  if (fn?.kind !== 'global' || !Array.isArray(args)) throw new PickleError('REDUCE needs a global and a tuple', at);
  switch (fn.name) {
    case 'numpy.core.multiarray _reconstruct':
      return { kind: 'ndarray', dtype: '', shape: [], data: new Uint8Array() } satisfies NdArray;
    case 'numpy dtype': {
      const code = str(args[0]);
      return { kind: 'dtype', code, order: '<' } satisfies DType;
    }
    case 'collections defaultdict':
      return new Map<unknown, unknown>();
    default:
      throw new PickleError(`REDUCE of '${fn.name}' is not allowed`, at);
  }
}

function build(obj: any, state: any, at: number): void {
  if (obj?.kind === 'dtype') {
    // state: (version, byteorder, subarray, names, fields, elsize, alignment, flags)
    if (!Array.isArray(state) || state.length < 2) throw new PickleError('dtype state is not a tuple (version, byteorder, ...)', at);
    const order = str(state[1]);
    if (order === '>') throw new PickleError(`big-endian dtype ${obj.code} is not supported`, at);
    obj.order = order;
    return;
  }
  if (obj?.kind === 'ndarray') {
    // state: (version, shape, dtype, is_fortran, rawdata)
    if (!Array.isArray(state) || state.length < 5) throw new PickleError('ndarray state is not a tuple (version, shape, dtype, fortran, data)', at);
    const [, shape, dtype, fortran, raw] = state as [number, unknown, DType, boolean, Uint8Array];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new PickleError(`ndarray shape ${JSON.stringify(shape)?.slice(0, 60)} is not a tuple of non-negative integers`, at);
    }
    if (dtype?.kind !== 'dtype') throw new PickleError('ndarray state without a dtype', at);
    if (fortran) throw new PickleError('Fortran-ordered arrays are not supported', at);
    if (!(raw instanceof Uint8Array)) throw new PickleError('ndarray data is not a byte string', at);
    const code = dtype.code.replace(/^[<>|=]/, '');
    const size = ITEMSIZE[code];
    if (!size) throw new PickleError(`unsupported dtype '${dtype.code}'`, at);
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (raw.length !== count * size) {
      throw new PickleError(`ndarray of shape [${shape}] ${code} needs ${count * size} bytes, has ${raw.length}`, at);
    }
    obj.dtype = code;
    obj.shape = shape;
    obj.data = raw;

    return;
  }
  if (obj?.kind === 'csr_matrix') {
    if (!(state instanceof Map)) throw new PickleError('csr_matrix state is not a dict', at);
    const shape = state.get('_shape');
    const m: CsrPickle = { kind: 'csr_matrix', shape, indptr: state.get('indptr'), indices: state.get('indices'), data: state.get('data') };
    if (!Array.isArray(shape) || m.indptr?.kind !== 'ndarray' || m.indices?.kind !== 'ndarray' || m.data?.kind !== 'ndarray') {
      throw new PickleError('csr_matrix lacks _shape, indptr, indices or data', at);
    }
    Object.assign(obj, m);
    delete obj.state;
    return;
  }
  throw new PickleError('BUILD on an object that is not an ndarray, dtype or csr_matrix', at);
}

const ITEMSIZE: Record<string, number> = { f4: 4, f8: 8, i4: 4, i8: 8, u1: 1, b1: 1, i1: 1, i2: 2, u2: 2, u4: 4 };

/** Reads an ndarray's values as float64 (for features and labels). */
export function ndarrayToFloat64(a: NdArray): Float64Array {
  const n = a.shape.reduce((x, y) => x * y, 1);
  // an array _reconstruct-ed but never filled by BUILD has no dtype, and its shape says nothing of its bytes
  if (!ITEMSIZE[a.dtype] || a.data.length !== n * ITEMSIZE[a.dtype]) throw new Error(`a numpy array without its data (dtype '${a.dtype}', shape [${a.shape}], ${a.data.length} bytes)`);
  const out = new Float64Array(n);
  const v = new DataView(a.data.buffer, a.data.byteOffset, a.data.byteLength);
  for (let i = 0; i < n; i++) {
    switch (a.dtype) {
      case 'f4': out[i] = v.getFloat32(i * 4, true); break;
      case 'f8': out[i] = v.getFloat64(i * 8, true); break;
      case 'i4': out[i] = v.getInt32(i * 4, true); break;
      case 'i8': out[i] = Number(v.getBigInt64(i * 8, true)); break;
      case 'u4': out[i] = v.getUint32(i * 4, true); break;
      case 'i2': out[i] = v.getInt16(i * 2, true); break;
      case 'u2': out[i] = v.getUint16(i * 2, true); break;
      case 'i1': out[i] = v.getInt8(i); break;
      default: out[i] = v.getUint8(i);
    }
  }
  return out;
}
