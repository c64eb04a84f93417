/** Words for messages about inputs: the likely intended word, what a value is, percentages. */

/** The closest candidate by edit distance (case-insensitive), if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = levenshtein(w, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(w.length, best.length) / 3));
  return bestDistance <= limit ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** "; did you mean 'x'?" when a candidate is close, else ''. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const guess = nearest(word, candidates);
  return guess === undefined ? '' : `; did you mean '${guess}'?`;
}

/** A value read from a file, in words: "text 'two'", "the number 5", "a list". */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `text '${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** A percentage written as text where a fraction is expected ("60%") gets the fraction to write instead. */
export function percentHint(value: unknown): string {
  const m = typeof value === 'string' ? /^\s*(-?[\d.]+)\s*%\s*$/.exec(value) : null;
  if (!m) return '';
  const percent = Number(m[1]);
  return Number.isFinite(percent) ? `; write percentages as fractions, e.g. ${percent / 100} for ${percent}%` : '; write percentages as fractions';
}
