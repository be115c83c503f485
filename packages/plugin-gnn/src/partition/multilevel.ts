import type { WeightedGraph } from './graph';
import { edgeCut } from './graph';

/**
 * Built-in multilevel k-way partitioner, the scheme of METIS (Karypis & Kumar 1998) in three phases:
 *  1. coarsening by heavy-edge matching: each unmatched vertex (random order) merges with the unmatched
 *     neighbour joined by the heaviest edge; vertex and edge weights add up; repeated until the graph
 *     has ~20·k vertices or stops shrinking;
 *  2. initial partition of the coarsest graph by recursive bisection, each bisection grown breadth-first
 *     from several random seeds up to its share of the weight, the smallest cut kept;
 *  3. uncoarsening: the partition is projected level by level and refined with greedy k-way boundary
 *     moves (a vertex moves to the neighbouring part with the largest cut reduction while every part
 *     stays under (1 + ε)·average weight; zero-gain moves only when they improve balance).
 * Deterministic given `random`. Used when libmetis is not installed; its cut is compared with METIS's
 * in the tests and the plugin README.
 */
export interface MultilevelOptions {
  /** Allowed part weight over the average (METIS's default ufactor 30 is 1.03). */
  imbalance?: number;
  /** BFS seeds tried per bisection. */
  trials?: number;
  /** Refinement passes per level. */
  passes?: number;
}

export function multilevelPartition(g: WeightedGraph, k: number, random: () => number, opts: MultilevelOptions = {}): Int32Array {
  if (!Number.isInteger(k) || k < 1) throw new Error(`partition: number of parts must be a positive integer, got ${k}`);
  if (k === 1 || g.n === 0) return new Int32Array(g.n);
  if (k >= g.n) return Int32Array.from({ length: g.n }, (_, i) => i % k);
  const eps = opts.imbalance ?? 1.03;
  const total = g.vwgt.reduce((s, w) => s + w, 0);
  const coarsenTo = Math.max(20 * k, 100);
  const maxVertexWeight = Math.max(1, Math.ceil((1.5 * total) / coarsenTo));
  const levels: { graph: WeightedGraph; map: Int32Array }[] = [];
  let cur = g;
  while (cur.n > coarsenTo) {
    const { coarse, map } = coarsen(cur, random, maxVertexWeight);
    if (coarse.n > 0.95 * cur.n) break; // matching stalled (e.g. a star): stop coarsening
    levels.push({ graph: cur, map });
    cur = coarse;
  }
  let part = initialPartition(cur, k, random, opts.trials ?? 4);
  const maxPart = Math.ceil((eps * total) / k);
  refine(cur, part, k, maxPart, opts.passes ?? 8, random);
  for (let l = levels.length - 1; l >= 0; l--) {
    const { graph, map } = levels[l];
    const fine = new Int32Array(graph.n);
    for (let v = 0; v < graph.n; v++) fine[v] = part[map[v]];
    part = fine;
    refine(graph, part, k, maxPart, opts.passes ?? 8, random);
  }
  return part;
}

function permutation(n: number, random: () => number): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** One level of heavy-edge matching and contraction. `map[v]` is v's coarse vertex. */
function coarsen(g: WeightedGraph, random: () => number, maxVw: number): { coarse: WeightedGraph; map: Int32Array } {
  const { n, xadj, adjncy, adjwgt, vwgt } = g;
  const match = new Int32Array(n).fill(-1);
  for (const v of permutation(n, random)) {
    if (match[v] !== -1) continue;
    let best = -1;
    let bestW = 0;
    for (let p = xadj[v]; p < xadj[v + 1]; p++) {
      const u = adjncy[p];
      if (match[u] === -1 && u !== v && adjwgt[p] > bestW && vwgt[u] + vwgt[v] <= maxVw) {
        best = u;
        bestW = adjwgt[p];
      }
    }
    match[v] = best === -1 ? v : best;
    if (best !== -1) match[best] = v;
  }
  const map = new Int32Array(n).fill(-1);
  let cn = 0;
  for (let v = 0; v < n; v++) {
    if (map[v] !== -1) continue;
    map[v] = cn;
    map[match[v]] = cn;
    cn++;
  }
  const cvw = new Int32Array(cn);
  for (let v = 0; v < n; v++) cvw[map[v]] += vwgt[v];
  // contract: neighbours of both fine vertices, merged with a position marker per coarse vertex
  const cx = new Int32Array(cn + 1);
  const cadj = new Int32Array(adjncy.length);
  const cw = new Int32Array(adjncy.length);
  const where = new Int32Array(cn).fill(-1);
  let e = 0;
  for (let v = 0; v < n; v++) {
    const c = map[v];
    if (match[v] < v) continue; // emitted with its smaller partner (coarse ids ascend with v)
    const start = e;
    for (const f of match[v] === v ? [v] : [v, match[v]]) {
      for (let p = xadj[f]; p < xadj[f + 1]; p++) {
        const d = map[adjncy[p]];
        if (d === c) continue;
        if (where[d] >= start) cw[where[d]] += adjwgt[p];
        else {
          where[d] = e;
          cadj[e] = d;
          cw[e] = adjwgt[p];
          e++;
        }
      }
    }
    cx[c + 1] = e;
  }
  return { coarse: { n: cn, xadj: cx, adjncy: cadj.slice(0, e), adjwgt: cw.slice(0, e), vwgt: cvw }, map };
}

/** Recursive bisection of the coarsest graph into k parts. */
function initialPartition(g: WeightedGraph, k: number, random: () => number, trials: number): Int32Array {
  const part = new Int32Array(g.n);
  const inSet = new Int32Array(g.n).fill(-1); // which recursion call a vertex belongs to
  let call = 0;
  const recurse = (verts: Int32Array, parts: number, offset: number) => {
    if (parts === 1 || verts.length === 0) {
      for (const v of verts) part[v] = offset;
      return;
    }
    const left = Math.floor(parts / 2);
    const id = call++;
    for (const v of verts) inSet[v] = id;
    const side = bisect(g, verts, left / parts, inSet, id, random, trials);
    const a = verts.filter((_, i) => side[i] === 0);
    const b = verts.filter((_, i) => side[i] === 1);
    recurse(a, left, offset);
    recurse(b, parts - left, offset + left);
  };
  recurse(Int32Array.from({ length: g.n }, (_, i) => i), k, 0);
  return part;
}

/** Grows side 0 breadth-first from a random seed to `frac` of the weight; best cut of `trials` seeds. */
function bisect(g: WeightedGraph, verts: Int32Array, frac: number, inSet: Int32Array, id: number, random: () => number, trials: number): Uint8Array {
  const { xadj, adjncy, adjwgt, vwgt } = g;
  const pos = new Map<number, number>();
  verts.forEach((v, i) => pos.set(v, i));
  let total = 0;
  for (const v of verts) total += vwgt[v];
  const target = frac * total;
  let best: Uint8Array | undefined;
  let bestCut = Infinity;
  for (let t = 0; t < Math.max(1, trials); t++) {
    const side = new Uint8Array(verts.length).fill(1);
    const queue: number[] = [];
    let w = 0;
    let head = 0;
    const order = permutation(verts.length, random);
    let next = 0;
    while (w < target) {
      if (head === queue.length) {
        // new component (or first seed): the next random vertex still on side 1
        while (next < order.length && side[order[next]] === 0) next++;
        if (next === order.length) break;
        const s = order[next];
        side[s] = 0;
        w += vwgt[verts[s]];
        queue.push(verts[s]);
        continue;
      }
      const v = queue[head++];
      for (let p = xadj[v]; p < xadj[v + 1] && w < target; p++) {
        const u = adjncy[p];
        if (inSet[u] !== id) continue;
        const i = pos.get(u)!;
        if (side[i] === 0) continue;
        side[i] = 0;
        w += vwgt[u];
        queue.push(u);
      }
    }
    let cut = 0;
    for (let i = 0; i < verts.length; i++) {
      const v = verts[i];
      for (let p = xadj[v]; p < xadj[v + 1]; p++) {
        const u = adjncy[p];
        if (inSet[u] === id && side[pos.get(u)!] !== side[i]) cut += adjwgt[p];
      }
    }
    if (cut < bestCut) {
      bestCut = cut;
      best = side;
    }
  }
  return best!;
}

/** Greedy k-way boundary refinement under the part-weight bound `maxPart`. */
function refine(g: WeightedGraph, part: Int32Array, k: number, maxPart: number, passes: number, random: () => number): void {
  const { n, xadj, adjncy, adjwgt, vwgt } = g;
  const pw = new Float64Array(k);
  for (let v = 0; v < n; v++) pw[part[v]] += vwgt[v];
  const conn = new Float64Array(k);
  const touched: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    let moved = 0;
    for (const v of permutation(n, random)) {
      const from = part[v];
      touched.length = 0;
      for (let p = xadj[v]; p < xadj[v + 1]; p++) {
        const t = part[adjncy[p]];
        if (conn[t] === 0) touched.push(t);
        conn[t] += adjwgt[p];
      }
      const internal = conn[from];
      let to = from;
      let bestGain = 0;
      const over = pw[from] > maxPart;
      for (const t of touched) {
        if (t === from || pw[t] + vwgt[v] > maxPart) continue;
        const gain = conn[t] - internal;
        const better =
          gain > bestGain ||
          (to === from && over) || // an overweight part sheds vertices even at a loss
          (gain === bestGain && gain >= 0 && pw[t] + vwgt[v] < pw[from] && (to === from || pw[t] < pw[to]));
        if (better) {
          to = t;
          bestGain = gain;
        }
      }
      for (const t of touched) conn[t] = 0;
      if (to !== from && pw[from] - vwgt[v] > 0) {
        part[v] = to;
        pw[from] -= vwgt[v];
        pw[to] += vwgt[v];
        moved++;
      }
    }
    if (moved === 0) break;
  }
}

export { edgeCut };
