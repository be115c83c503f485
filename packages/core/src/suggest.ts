import leven from 'leven';

/**
 * Closest-match help for typos (`gnn/gnc@cora` → `gnn/gcn@cora`, `trainer.lrr` → `trainer.lr`), by
 * Levenshtein distance (the `leven` package). A candidate counts as close within 1 edit for words of up
 * to 3 letters, else within 2 edits or a third of the longer word: `gnm` → `gnn`, `stpes` → `steps`
 * and `tyo` → `toy` (a swap of neighbours counts as one edit), but `face` is not close to `gnn`.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === word) return c;
    const a = word.toLowerCase();
    const b = c.toLowerCase();
    // a swap of two neighbours is one typo (Levenshtein counts it as two edits)
    const d = isAdjacentSwap(a, b) ? 1 : leven(a, b);
    const len = Math.max(word.length, c.length);
    const limit = len <= 3 ? 1 : Math.max(2, Math.floor(len / 3));
    // ties keep the first candidate: callers pass sorted lists, so the hint is stable
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean X?` when a candidate is close, else `''` (to append to an error line). */
export function didYouMean(word: string, candidates: Iterable<string>, show: (s: string) => string = (s) => s): string {
  const m = closestMatch(word, candidates);
  return m === undefined || m === word ? '' : `; did you mean ${show(m)}?`;
}

/** Whether `b` is `a` with two neighbouring characters swapped. */
function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
