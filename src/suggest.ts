// "Did you mean": the closest of the words a file or an option may hold to one it holds by mistake.

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest of `options` to `word`, when it is close enough to be a likely typo. */
export function suggest(word: string, options: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  // A truncated word ("warn", "diskFree") is a likely typo of the option it starts.
  const prefixed = options.filter((o) => lower.length >= 3 && o.toLowerCase().startsWith(lower));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const o of options) {
    const d = editDistance(word, o);
    if (d < bestDistance) {
      best = o;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
