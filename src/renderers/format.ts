/** Number and evidence formatting shared by the text renderers. */
import type { LinkSummary } from '../model.js';
import type { CategoryResult, CheckResult, Report } from '../report/types.js';

export function formatValue(value: number | null, format: CheckResult['format']): string {
  if (value === null) return '—';
  switch (format) {
    case 'percent':
      return `${trim(value * 100)}%`;
    case 'days':
      return `${trim(value)} d`;
    case 'multiple':
      return `${trim(value)}×`;
    default:
      return trim(value);
  }
}

function trim(n: number): string {
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function formatThreshold(check: CheckResult): string {
  const { better, pass, fail } = check.threshold;
  const f = (v: number) => formatValue(v, check.format);
  return better === 'lower' ? `pass ≤ ${f(pass)}, fail ≥ ${f(fail)}` : `pass ≥ ${f(pass)}, fail ≤ ${f(fail)}`;
}

/** "leastUsedFeatures" → "least used features". */
export function humanKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

/** "1 row", "12,500 rows": a count with its noun, singular for one. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}

function formatScalar(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : String(Number(value.toFixed(4)));
  // a pair of numbers is a range (an interval): "0.5007–0.6714", never "0=0.5007 1=0.6714"
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) return `${formatScalar(value[0])}–${formatScalar(value[1])}`;
  if (Array.isArray(value)) return value.map((v) => formatScalar(v)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => (typeof v === 'object' && v !== null ? `${k} ${formatScalar(v)}` : `${k}=${formatScalar(v)}`))
      .join(' ');
  }
  return String(value);
}

/**
 * Evidence as short lines: scalars first on one line, then one line per list (first items only).
 * Works for any metric's evidence shape, so renderers need no per-metric code.
 */
export function evidenceLines(
  evidence: Record<string, unknown>,
  limits: { items?: number; scalars?: number; lists?: number } = {},
): string[] {
  const maxItems = limits.items ?? 3;
  const scalars: string[] = [];
  const lists: string[] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (Array.isArray(value) && /interval$/i.test(key) && value.length === 2 && value.every((v) => typeof v === 'number')) {
      scalars.push(`${humanKey(key)} ${formatScalar(value)}`); // a range, not a list of two items
    } else if (Array.isArray(value)) {
      if (value.length === 0) continue;
      const items = value.slice(0, maxItems).map((item) => (typeof item === 'object' && item !== null ? `(${formatScalar(item)})` : formatScalar(item)));
      lists.push(`${humanKey(key)}: ${items.join(', ')}${value.length > maxItems ? ', …' : ''}`);
    } else if (value !== null && typeof value === 'object') {
      lists.push(`${humanKey(key)}: ${formatScalar(value)}`);
    } else {
      scalars.push(`${humanKey(key)} ${formatScalar(value)}`);
    }
  }
  const shownScalars = scalars.slice(0, limits.scalars ?? scalars.length);
  return [...(shownScalars.length ? [shownScalars.join(' · ')] : []), ...lists.slice(0, limits.lists ?? lists.length)];
}

/** Greedy word wrap to `width` columns (a word longer than the width keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}

/**
 * Whether the report's headline is a range rather than a score: coverage below the rubric's
 * floor (docs/rubric.md, "Range"). Reports from before `coverageFloor` existed count as above it.
 */
export function headlineIsRange(report: Pick<Report, 'coverage' | 'coverageFloor' | 'score'>): boolean {
  return report.score === null || (report.coverageFloor !== undefined && report.coverage < report.coverageFloor);
}

/** "12–88"; "—" without a range. */
export function rangeText(range: [number, number] | null | undefined): string {
  if (!range) return '—';
  const [low, high] = range.map((v) => Math.round(v));
  return low === high ? String(low) : `${low}–${high}`;
}

/** The overall score as the headline shows it: "71" above the floor, "range 3–97" below it. */
export function headlineScore(report: Pick<Report, 'coverage' | 'coverageFloor' | 'score' | 'range'>): string {
  if (!headlineIsRange(report)) return String(Math.round(report.score!));
  return `range ${rangeText(report.range ?? [0, 100])}`;
}

/** "coverage 1% of rubric weight, below the 50% floor": the words that go beside the headline. */
export function coverageText(report: Pick<Report, 'coverage' | 'coverageFloor' | 'score'>): string {
  const pct = (v: number): string => `${Math.round(v * 100)}%`;
  const below = report.coverageFloor !== undefined && report.coverage < report.coverageFloor;
  return `coverage ${pct(report.coverage)} of rubric weight${below ? `, below the ${pct(report.coverageFloor)} floor` : ''}`;
}

/**
 * A category's score as shown: its range when its coverage is below the floor (or it has no
 * score), else its score; `null` range means no weighted check at all.
 */
export function categoryScoreText(category: CategoryResult, floor: number | undefined): string {
  if (category.score === null || (floor !== undefined && category.coverage < floor)) {
    return category.range ? `range ${rangeText(category.range)}` : 'no data';
  }
  return String(Math.round(category.score));
}

/**
 * What a category's score rests on when that is thin: "rests on 1 check", "rests on 1 borderline
 * check", "all 2 scored checks borderline"; null otherwise.
 */
export function categoryCaveat(category: CategoryResult): string | null {
  const scored = category.scoredChecks ?? null;
  const borderline = category.borderlineChecks ?? 0;
  if (scored === null || scored === 0 || category.score === null) return null;
  if (scored === 1) return borderline === 1 ? 'rests on 1 borderline check' : 'rests on 1 check';
  if (borderline === scored) return `all ${scored} scored checks borderline`;
  return null;
}

/**
 * The link table (report.inputs.links, inspect) as rows of cells: link, rows linked of all,
 * rate, the keys that linked them ("name 40, id 2"), and what did not link.
 */
export function linkTableRows(links: readonly LinkSummary[]): Array<[string, string, string, string, string]> {
  return links.map((l) => {
    const keys = Object.entries(l.by).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`).join(', ');
    const gaps = [
      ...(l.noKey ? [`${l.noKey.toLocaleString('en-US')} without a reference`] : []),
      ...(l.ambiguous ? [`${l.ambiguous.toLocaleString('en-US')} ambiguous`] : []),
    ].join(', ');
    return [
      l.id,
      `${l.linked.toLocaleString('en-US')} / ${l.rows.toLocaleString('en-US')}`,
      l.rate === null ? '—' : `${Math.round(l.rate * 100)}%`,
      keys || '—',
      gaps,
    ];
  });
}

/**
 * The business context in one line ("fiscal quarters of a year starting in February · amounts in
 * EUR, 12 deals in other currencies excluded · pipelines: all (3)"), or null when it is all
 * defaults and the data names no currency or pipeline.
 */
export function contextLine(context: Report['inputs']['context'] | undefined): string | null {
  if (!context) return null;
  const { currency, pipelines } = context;
  if (context.fiscalYearStart === 1 && !currency && !pipelines) return null;
  const parts = [context.quarters];
  if (currency) {
    const excluded = Object.values(currency.excluded).reduce((sum, n) => sum + n, 0);
    const converted = currency.byCurrency.filter((x) => x.use === 'converted').map((x) => x.currency);
    parts.push(
      `amounts in ${currency.analysisCurrency ?? 'one unnamed currency'}` +
        (converted.length ? `, converted from ${converted.join(', ')}` : '') +
        (excluded ? `, ${excluded} deal${excluded === 1 ? '' : 's'} in other currencies excluded` : ''),
    );
  }
  if (pipelines) {
    const counted = pipelines.byPipeline.filter((p) => p.counted).map((p) => p.pipeline);
    parts.push(
      pipelines.excludedDeals
        ? `pipelines: ${counted.join(', ') || 'none'} (${pipelines.excludedDeals} deals in others left out)`
        : `pipelines: all (${pipelines.byPipeline.length})`,
    );
  }
  return parts.join(' · ');
}
