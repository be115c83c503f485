import * as path from 'node:path';
import { DataCorruptError, DataMissingError, type Rng } from '@zoo/core';
import { findDataFile, readIdxFile } from '@zoo/vision';

/**
 * Moving Fashion-MNIST: clips of T frames of S×S where the class is a MOTION of a garment (a real
 * Fashion-MNIST image, scaled to g px), not the garment. Classes come in time-reversed twin pairs
 * 2p ↔ 2p + 1: the forward trajectory of motion p is rendered, and the twin's clip is exactly the same
 * frames in reverse order, so the frames as a set say nothing about which twin a clip is: a frame-order-blind
 * model (C2D with average consensus) is at chance within every pair, and only temporal modelling (TSM,
 * MVFNet) separates them. Motions (pair p: forward / reversed):
 *   0 right / left   1 down / up   2 clockwise / anticlockwise   3 zoom in / out
 *   4 down-right / up-left   5 down-left / up-right
 * Frame t (0..T−1) is the garment under the similarity transform with centre c_t, angle θ_t, scale z_t:
 *   frame(x) = img(R(−θ_t)(x − c_t) / (z_t·g/28) + 14), bilinear, 0 outside,
 * with c, θ, z linear in t; start, speed, position across the motion, start angle and garment drawn per
 * clip from the run's data Rng, every frame keeping the garment (its rotated box) inside the frame.
 */
export const MOTIONS = ['right', 'down', 'clockwise', 'zoom-in', 'down-right', 'down-left'] as const;
export const TWIN_NAMES = ['left', 'up', 'anticlockwise', 'zoom-out', 'up-left', 'up-right'] as const;

/** The class names of `pairs` twin pairs: [right, left, down, up, …]. */
export function motionClassNames(pairs: number): string[] {
  return Array.from({ length: pairs * 2 }, (_, k) => (k % 2 ? TWIN_NAMES[k >> 1] : MOTIONS[k >> 1]));
}

/** twins[k] = k's reversed twin (k xor 1). */
export function motionTwins(pairs: number): number[] {
  return Array.from({ length: pairs * 2 }, (_, k) => k ^ 1);
}

/** One motion's forward trajectory: per frame the centre (x, y in pixels), angle (radians) and scale. */
export interface Trajectory {
  cx: Float64Array;
  cy: Float64Array;
  angle: Float64Array;
  scale: Float64Array;
}

/** A random forward trajectory of motion `pair` in an S×S frame for a garment of g px, T frames. */
export function drawTrajectory(pair: number, T: number, S: number, g: number, rng: Rng): Trajectory {
  const tr: Trajectory = { cx: new Float64Array(T), cy: new Float64Array(T), angle: new Float64Array(T), scale: new Float64Array(T).fill(1) };
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng.next();
  const steps = Math.max(1, T - 1);
  const half = g / 2;
  // a linear move from a to a + d·v·(T−1) along one axis, inside [half, S − half]
  const along = (): [number, number] => {
    const room = Math.max(0, S - g);
    const travel = u(0.5, 1) * room;
    const start = half + u(0, room - travel);
    return [start, travel / steps];
  };
  const fill = (a: Float64Array, start: number, v: number) => a.forEach((_, t) => (a[t] = start + v * t));
  if (pair === 0 || pair === 1) {
    const [s, v] = along();
    const across = u(half, S - half);
    fill(pair === 0 ? tr.cx : tr.cy, s, v);
    (pair === 0 ? tr.cy : tr.cx).fill(across);
  } else if (pair === 2) {
    const r = half * Math.SQRT2; // the rotated box stays inside
    const lo = Math.min(r, S / 2);
    tr.cx.fill(u(lo, S - lo));
    tr.cy.fill(u(lo, S - lo));
    const w = u(Math.PI / 24, Math.PI / 10);
    fill(tr.angle, u(0, 2 * Math.PI), w);
  } else if (pair === 3) {
    const z1 = u(0.85, 1);
    const z0 = z1 * u(0.4, 0.6);
    const h = (half * z1);
    tr.cx.fill(u(h, S - h));
    tr.cy.fill(u(h, S - h));
    fill(tr.scale, z0, (z1 - z0) / steps);
  } else if (pair === 4 || pair === 5) {
    const [sx, vx] = along();
    const [sy, vy] = along();
    fill(tr.cy, sy, vy);
    if (pair === 4) fill(tr.cx, sx, vx);
    else fill(tr.cx, S - sx, -vx);
  } else throw new RangeError(`motion pair ${pair}: expected 0 to ${MOTIONS.length - 1}`);
  return tr;
}

/**
 * Renders frames t = 0..T−1 of a 28×28 byte image under the trajectory into `out` (T·S·S bytes, zeroed by
 * the caller), `reverse`d in time. Only the garment's rotated bounding box is sampled (the rest stays 0).
 */
export function renderMotion(img: Uint8Array, tr: Trajectory, S: number, g: number, out: Uint8Array, reverse = false): void {
  const T = tr.cx.length;
  for (let t = 0; t < T; t++) {
    const o = (reverse ? T - 1 - t : t) * S * S;
    const k = (tr.scale[t] * g) / 28; // output px per source px
    const cos = Math.cos(tr.angle[t]);
    const sin = Math.sin(tr.angle[t]);
    const ext = 14 * k * (Math.abs(cos) + Math.abs(sin)) + 1.5;
    const [cx, cy] = [tr.cx[t], tr.cy[t]];
    const y0 = Math.max(0, Math.floor(cy - ext));
    const y1 = Math.min(S - 1, Math.ceil(cy + ext));
    const x0 = Math.max(0, Math.floor(cx - ext));
    const x1 = Math.min(S - 1, Math.ceil(cx + ext));
    const [c, s] = [cos / k, sin / k];
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - cy;
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - cx;
        // inverse rotation, to source pixel coordinates (centres at i + ½)
        const u = c * dx + s * dy + 13.5;
        const v = -s * dx + c * dy + 13.5;
        if (u <= -1 || v <= -1 || u >= 28 || v >= 28) continue;
        // floor without a global lookup per pixel (slow inside vm contexts such as jest's): u, v ∈ (−1, 28)
        const u0 = u < 0 ? -1 : u | 0;
        const v0 = v < 0 ? -1 : v | 0;
        const fu = u - u0;
        const fv = v - v0;
        const inU0 = u0 >= 0;
        const inU1 = u0 + 1 <= 27;
        let acc = 0;
        if (v0 >= 0) {
          const r = v0 * 28 + u0;
          acc += (1 - fv) * ((inU0 ? img[r] * (1 - fu) : 0) + (inU1 ? img[r + 1] * fu : 0));
        }
        if (v0 + 1 <= 27) {
          const r = (v0 + 1) * 28 + u0;
          acc += fv * ((inU0 ? img[r] * (1 - fu) : 0) + (inU1 ? img[r + 1] * fu : 0));
        }
        out[o + y * S + x] = acc + 0.5; // Uint8Array assignment truncates: round half up
      }
    }
  }
}

export interface MotionClips {
  /** [N, T, S, S] bytes */
  frames: Uint8Array;
  labels: Int32Array;
  /** the garment image index of each clip */
  garments: Int32Array;
}

/** `n` clips from the garment images `images` [M, 28, 28] (indices [from, to)), classes uniform over 2·pairs. */
export function motionClips(images: Uint8Array, from: number, to: number, n: number, pairs: number, T: number, S: number, g: number, rng: Rng): MotionClips {
  const per = T * S * S;
  const frames = new Uint8Array(n * per);
  const labels = new Int32Array(n);
  const garments = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = rng.int(2 * pairs);
    const m = from + rng.int(to - from);
    const tr = drawTrajectory(k >> 1, T, S, g, rng);
    renderMotion(images.subarray(m * 784, (m + 1) * 784), tr, S, g, frames.subarray(i * per, (i + 1) * per), (k & 1) === 1);
    labels[i] = k;
    garments[i] = m;
  }
  return { frames, labels, garments };
}

export const FMNIST_LAYOUT = '<data-dir>/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz] (IDX, as distributed by Zalando; fallback /usr/share/datasets/fashion-mnist, Debian dataset-fashion-mnist)';
export const FMNIST_LICENSE = 'MIT (Zalando Research, Fashion-MNIST)';
export const FMNIST_SYSTEM_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * The Fashion-MNIST folder: `<dataDir>/fashion-mnist`, else the system copy (`ZOO_FASHION_MNIST_SYSTEM_DIR`, default
 * /usr/share/datasets/fashion-mnist); undefined when neither has the files.
 */
export function locateFashionMnist(dataDir?: string, systemDir = process.env.ZOO_FASHION_MNIST_SYSTEM_DIR ?? FMNIST_SYSTEM_DIR): string | undefined {
  const dirs = [dataDir ? path.join(dataDir, 'fashion-mnist') : undefined, systemDir].filter((d): d is string => !!d);
  return dirs.find((d) => findDataFile(d, 'train-images-idx3-ubyte') && findDataFile(d, 't10k-images-idx3-ubyte'));
}

const garmentCache = new Map<string, { train: Uint8Array; test: Uint8Array; trainLabels: Uint8Array; testLabels: Uint8Array }>();

/** The train and t10k garment images (bytes, [M, 28, 28]) of a Fashion-MNIST folder, read once per process. */
export function readFashionMnist(dir: string): { train: Uint8Array; test: Uint8Array; trainLabels: Uint8Array; testLabels: Uint8Array } {
  const hit = garmentCache.get(dir);
  if (hit) return hit;
  const part = (base: 'train' | 't10k') => {
    const imgFile = findDataFile(dir, `${base}-images-idx3-ubyte`);
    const lbFile = findDataFile(dir, `${base}-labels-idx1-ubyte`);
    if (!imgFile || !lbFile) throw new DataMissingError(path.join(dir, `${base}-{images-idx3,labels-idx1}-ubyte[.gz]`), FMNIST_LAYOUT);
    const img = readIdxFile(imgFile, 3);
    const lb = readIdxFile(lbFile, 1);
    if (img.dims[1] !== 28 || img.dims[2] !== 28) throw new DataCorruptError(imgFile, `images are ${img.dims[1]}×${img.dims[2]}, Fashion-MNIST's are 28×28`);
    if (lb.dims[0] !== img.dims[0]) throw new DataCorruptError(lbFile, `${lb.dims[0]} labels for ${img.dims[0]} images`);
    if (img.dims[0] < 2) throw new DataCorruptError(imgFile, `${img.dims[0]} images (at least 2 needed)`);
    return { images: img.data, labels: lb.data };
  };
  const tr = part('train');
  const te = part('t10k');
  const out = { train: tr.images, test: te.images, trainLabels: tr.labels, testLabels: te.labels };
  garmentCache.set(dir, out);
  return out;
}
