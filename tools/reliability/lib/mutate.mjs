/**
 * File corruptions a data or checkpoint probe applies to a copy. Each mutation is
 * { name, mayBeValid?, apply(file, r) } where `r` is the case's seeded rng; `apply` rewrites the copy.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export const truncate = (at) => ({
  name: `truncate@${at}`,
  apply(file) {
    const buf = fs.readFileSync(file);
    const n = at < 1 && at > 0 ? Math.floor(buf.length * at) : at < 0 ? buf.length + at : at;
    fs.writeFileSync(file, buf.subarray(0, Math.max(0, Math.min(n, buf.length))));
  },
});

/** XOR one byte at `pos` (a fraction of the size, or a seeded position when null) with a non-zero mask. */
export const flip = (pos, { mayBeValid = true, avoid = [] } = {}) => ({
  name: `flip@${pos ?? 'seeded'}`,
  mayBeValid,
  apply(file, r) {
    const buf = fs.readFileSync(file);
    let i = pos === null ? r.int(0, buf.length) : pos < 1 ? Math.floor(buf.length * pos) : pos;
    while (avoid.some(([lo, hi]) => i >= lo && i < hi)) i = r.int(0, buf.length);
    buf[i] ^= 1 << r.int(0, 8);
    fs.writeFileSync(file, buf);
  },
});

export const zeroed = () => ({ name: 'zeroed', apply: (f) => fs.writeFileSync(f, Buffer.alloc(fs.statSync(f).size)) });
export const empty = () => ({ name: 'empty', apply: (f) => fs.writeFileSync(f, '') });
export const randomBytes = () => ({
  name: 'random',
  apply(f, r) {
    const buf = Buffer.alloc(fs.statSync(f).size);
    for (let i = 0; i < buf.length; i++) buf[i] = r.int(0, 256);
    fs.writeFileSync(f, buf);
  },
});
export const wrongMagic = (bytes = Buffer.from('ZOO!')) => ({
  name: 'wrong-magic',
  apply(f) {
    const buf = fs.readFileSync(f);
    bytes.copy(buf, 0, 0, Math.min(bytes.length, buf.length));
    fs.writeFileSync(f, buf);
  },
});
export const folder = () => ({
  name: 'folder',
  apply(f) {
    fs.rmSync(f);
    fs.mkdirSync(f);
    fs.writeFileSync(`${f}/inside`, 'a folder where a file belongs');
  },
});
export const missing = () => ({ name: 'missing', apply: (f) => fs.rmSync(f) });
/** chmod 000: EACCES only for a non-root user (root reads anything): the case is n/a as root. */
export const unreadable = () => ({ name: 'chmod-000', naAsRoot: true, apply: (f) => fs.chmodSync(f, 0) });
/** A small gzip that inflates to `mb` MiB of zeros (more than the ZOO_MAX_INFLATED_BYTES the probes set). */
const bombs = new Map(); // mb → compressed bytes, made once per session (1 GiB takes seconds to deflate)
export const gzipBomb = (mb = 1024) => ({
  name: `gzip-bomb-${mb}MiB`,
  bomb: mb,
  async apply(f) {
    if (!bombs.has(mb)) {
      bombs.set(mb, new Promise((resolve, reject) => {
        const gz = zlib.createGzip({ level: 9 });
        const parts = [];
        gz.on('data', (d) => parts.push(d));
        gz.on('end', () => resolve(Buffer.concat(parts)));
        gz.on('error', reject);
        const chunk = Buffer.alloc(1 << 20);
        let i = 0;
        const pump = () => { while (i < mb) { i++; if (!gz.write(chunk)) return gz.once('drain', pump); } gz.end(); };
        pump();
      }));
    }
    fs.writeFileSync(f, await bombs.get(mb));
  },
});
/** Text edits: replace line `k` (0-based; negative from the end) by `text`. */
export const line = (k, text, { mayBeValid = false } = {}) => ({
  name: `line${k}=${JSON.stringify(text).slice(1, -1).slice(0, 24)}`,
  mayBeValid,
  apply(f) {
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    const i = k < 0 ? lines.length - 1 + k : Math.min(k, lines.length - 1);
    lines[i] = text;
    fs.writeFileSync(f, lines.join('\n'));
  },
});
export const appendLine = (text) => ({
  name: `append=${JSON.stringify(text).slice(1, -1).slice(0, 24)}`,
  apply: (f) => fs.appendFileSync(f, `${fs.readFileSync(f, 'utf8').endsWith('\n') ? '' : '\n'}${text}\n`),
});

/** Applies `m` to the gzip member of `f` (inflate, mutate the plain bytes, deflate back). */
export const insideGzip = (m) => ({
  ...m,
  name: `gz:${m.name}`,
  async apply(f, r) {
    const plain = `${f}.plain`;
    fs.writeFileSync(plain, zlib.gunzipSync(fs.readFileSync(f)));
    await m.apply(plain, r);
    fs.writeFileSync(f, zlib.gzipSync(fs.readFileSync(plain)));
    fs.rmSync(plain);
  },
});
