/** The candidate closest to `word` by edit distance, if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  // One edit for short keys, a third of the length for longer ones ("tokne" -> "token").
  const allowed = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  const prefixMatch = best.startsWith(word) || word.startsWith(best);
  if (bestDistance <= allowed || prefixMatch) return best;
  // A word that is one part of exactly one snake_case name ("id" -> "deployment_id").
  const lower = word.toLowerCase();
  const containing = [...candidates].filter((c) => c.toLowerCase().split(/[_-]/).includes(lower));
  return containing.length === 1 ? containing[0] : undefined;
}

/** Edit distance counting a swap of two neighbouring letters as one edit ("prot" -> "port"). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
