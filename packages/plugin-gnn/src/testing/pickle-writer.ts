/**
 * Test helper: writes Planetoid-style Python-2 pickles (protocol 2) with the same opcodes the real
 * files use, so tests can generate small `ind.<name>.*` files without Python.
 */
const enc = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

export class PickleWriter {
  private out: number[] = [0x80, 2];

  global(mod: string, name: string): this {
    this.out.push(0x63, ...enc(`${mod}\n${name}\n`));
    return this;
  }
  mark(): this {
    this.out.push(0x28);
    return this;
  }
  op(code: number): this {
    this.out.push(code);
    return this;
  }
  int(v: number): this {
    if (v >= 0 && v < 256) this.out.push(0x4b, v);
    else if (v >= 0 && v < 65536) this.out.push(0x4d, v & 255, v >> 8);
    else {
      const b = Buffer.alloc(4);
      b.writeInt32LE(v);
      this.out.push(0x4a, ...b);
    }
    return this;
  }
  bytes(b: Uint8Array | string): this {
    const arr = typeof b === 'string' ? enc(b) : Array.from(b);
    if (arr.length < 256) this.out.push(0x55, arr.length, ...arr);
    else {
      const len = Buffer.alloc(4);
      len.writeInt32LE(arr.length);
      this.out.push(0x54, ...len);
      for (const b of arr) this.out.push(b); // no spread: a long string overflows the call stack as arguments
    }
    return this;
  }
  /** numpy array via _reconstruct + BUILD, dtype `i4`/`f4`/`f8`, little-endian. */
  ndarray(shape: number[], dtype: 'i4' | 'f4' | 'f8', values: ArrayLike<number>): this {
    this.global('numpy.core.multiarray', '_reconstruct').global('numpy', 'ndarray').int(0).op(0x85).bytes('b').op(0x87).op(0x52);
    this.mark().int(1);
    shape.forEach((s) => this.int(s));
    this.op([0x29, 0x85, 0x86, 0x87][shape.length] ?? 0x87);
    this.global('numpy', 'dtype').bytes(dtype).int(0).int(1).op(0x87).op(0x52);
    this.mark().int(3).bytes('<').op(0x4e).op(0x4e).op(0x4e).int(-1).int(-1).int(0).op(0x74).op(0x62);
    const size = dtype === 'f8' ? 8 : 4;
    const raw = Buffer.alloc(values.length * size);
    for (let i = 0; i < values.length; i++) {
      if (dtype === 'i4') raw.writeInt32LE(values[i], i * 4);
      else if (dtype === 'f4') raw.writeFloatLE(values[i], i * 4);
      else raw.writeDoubleLE(values[i], i * 8);
    }
    this.op(0x89).bytes(raw).op(0x74).op(0x62);
    return this;
  }
  /** scipy.sparse.csr_matrix from a dense row-major matrix. */
  csr(rows: number, cols: number, dense: ArrayLike<number>): this {
    const indptr = [0];
    const indices: number[] = [];
    const data: number[] = [];
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        if (dense[i * cols + j] !== 0) {
          indices.push(j);
          data.push(dense[i * cols + j]);
        }
      }
      indptr.push(indices.length);
    }
    this.global('scipy.sparse.csr', 'csr_matrix').op(0x29).op(0x81).op(0x7d).mark();
    this.bytes('format').bytes('csr').bytes('_shape').int(rows).int(cols).op(0x86);
    this.bytes('indptr').ndarray([indptr.length], 'i4', indptr);
    this.bytes('indices').ndarray([indices.length], 'i4', indices);
    this.bytes('data').ndarray([data.length], 'f4', data);
    this.bytes('maxprint').int(50).op(0x75).op(0x62);
    return this;
  }
  /** defaultdict(list) of adjacency lists. */
  graph(adj: Map<number, number[]>): this {
    this.global('collections', 'defaultdict').global('__builtin__', 'list').op(0x85).op(0x52).mark();
    for (const [k, list] of adj) {
      this.int(k).op(0x5d).mark();
      list.forEach((v) => this.int(v));
      this.op(0x65);
    }
    this.op(0x75);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from([...this.out, 0x2e]);
  }
}
