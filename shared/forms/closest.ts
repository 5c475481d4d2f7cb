/**
 * "Did you mean" suggestions for hints: the candidates nearest to what was typed, by edit distance.
 * Lists here are short (a few dozen indicator ids or headers), so the quadratic distance is fine.
 */

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j] ?? 0;
      const left = prev[j - 1] ?? 0;
      prev[j] = Math.min(above + 1, left + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = above;
    }
  }
  return prev[b.length] ?? 0;
}

/**
 * Up to `limit` candidates closest to `typed`, nearest first (ties keep the candidates' order).
 * Candidates containing the typed text, or contained in it, rank first: people often type a part.
 * `maxDistance` drops candidates too far off to be a plausible typo.
 */
export function closest(typed: string, candidates: readonly string[], limit = 3, maxDistance = Infinity): string[] {
  const t = typed.toLowerCase();
  return candidates
    .map((c, index) => {
      const lc = c.toLowerCase();
      const contained = t !== '' && (lc.includes(t) || t.includes(lc));
      return { c, index, d: contained ? 0 : editDistance(t, lc) };
    })
    .filter((x) => x.d <= maxDistance)
    .sort((x, y) => x.d - y.d || x.index - y.index)
    .slice(0, limit)
    .map((x) => x.c);
}
