import type { Rng } from '../rng';

/**
 * Seeded stratified split of one labelled set into parts of the given sizes (in order), each class
 * spread over the parts in proportion. Returns index arrays.
 */
export function stratifiedSplit(labels: Int32Array, sizes: number[], rng: Rng): Int32Array[] {
  const n = labels.length;
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > n) throw new Error(`split of ${sizes.join('+')} = ${total} from ${n} examples`);
  const byClass = new Map<number, number[]>();
  labels.forEach((l, i) => byClass.set(l, [...(byClass.get(l) ?? []), i]));
  const parts: number[][] = sizes.map(() => []);
  // each class: shuffled, then dealt to the parts by cumulative quota (largest-remainder rounding)
  for (const idx of [...byClass.keys()].sort((a, b) => a - b).map((k) => byClass.get(k)!)) {
    rng.shuffle(idx);
    const m = Math.round((idx.length * total) / n);
    let start = 0;
    let acc = 0;
    sizes.forEach((size, p) => {
      acc += size;
      const end = Math.round((m * acc) / total);
      parts[p].push(...idx.slice(start, end));
      start = end;
    });
  }
  // fix rounding drift so each part has exactly its size (move surplus to parts that lack)
  const pool: number[] = [];
  parts.forEach((p, i) => {
    rng.shuffle(p);
    while (p.length > sizes[i]) pool.push(p.pop()!);
  });
  const used = new Set(parts.flat().concat(pool));
  for (let i = 0; i < n; i++) if (!used.has(i)) pool.push(i);
  rng.shuffle(pool);
  parts.forEach((p, i) => {
    while (p.length < sizes[i]) p.push(pool.pop()!);
  });
  return parts.map((p) => Int32Array.from(p).sort());
}
