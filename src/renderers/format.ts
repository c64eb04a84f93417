/** Number and evidence formatting shared by the text renderers. */
import { ROW_NOUNS, type LinkSummary, type WholeNumberJoin } from '../report/contract/inputs.js';
import type { Evidence, EvidenceColumn, EvidenceUnit, EvidenceValue } from '../report/contract/evidence.js';
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

/** "1 row", "12,500 rows": a count with its noun, singular for one. */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}

/**
 * How the text formats print a number of an evidence unit (report contract, `EvidenceUnit`);
 * `currency` is the report's analysis currency. JSON keeps the raw numbers.
 */
export function formatUnit(value: number, unit: EvidenceUnit, currency?: string | null): string {
  switch (unit) {
    case 'share':
      return formatValue(value, 'percent');
    case 'days':
      return formatValue(value, 'days');
    case 'multiple':
      return formatValue(value, 'multiple');
    case 'points':
      return `${trim(value * 100)} pp`;
    case 'money': {
      const amount = value.toLocaleString('en-US', { maximumFractionDigits: Math.abs(value) >= 100 ? 0 : 2 });
      return currency ? `${amount} ${currency}` : amount;
    }
    default:
      return Number.isInteger(value) ? value.toLocaleString('en-US') : Number(value.toFixed(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
  }
}

/** What evidence formatting needs from the report: the analysis currency, when it names one. */
export interface EvidenceContext {
  currency?: string | null;
}

/** The context for evidence of `report` (amounts in its analysis currency). */
export function evidenceContext(report: Pick<Report, 'inputs'>): EvidenceContext {
  return { currency: report.inputs.context?.currency?.analysisCurrency ?? null };
}

/** One evidence value in its unit: a number, an interval ("50.1%–67.1%"), words, a list of words; "—" for none. */
export function formatEvidenceValue(value: EvidenceValue | undefined, unit: EvidenceColumn['unit'], ctx: EvidenceContext = {}): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  const numeric: EvidenceUnit = unit === 'text' || unit === 'list' || unit === 'date' ? 'number' : unit;
  if (typeof value === 'number') return formatUnit(value, numeric, ctx.currency);
  if (value.length === 2 && value.every((v) => typeof v === 'number')) return `${formatUnit(value[0] as number, numeric, ctx.currency)}–${formatUnit(value[1] as number, numeric, ctx.currency)}`;
  return value.length ? value.join(', ') : '—';
}

/** A check's evidence with every value formatted in its unit: what each renderer lays out its own way. */
export interface FormattedEvidence {
  /** Facts, then counts (with their interval), in the metric's order. */
  counts: { label: string; value: string }[];
  /** Rows left out, only the reasons that left some out (the JSON lists every reason, zeros too). */
  exclusions: { reason: string; count: string }[];
  tables: FormattedEvidenceTable[];
}

export interface FormattedEvidenceTable {
  label: string;
  /** The id column's heading ("deal", "feature"), then each column's label. */
  headings: string[];
  /** Whether each column after the id holds numbers (right-aligned in tables). */
  numeric: boolean[];
  /** Each row: the id (a deal's name with its id), then each column's value. */
  rows: string[][];
  /** Fraction of one for each row when the table is a single share column (a mix: drawn as bars); else null. */
  bars: number[] | null;
}

/**
 * The one evidence formatter (docs/report-format.md, "Evidence"): every unit prints the same way
 * in every format. Tables keep the metric's rows and order; renderers show the first few.
 */
export function formatEvidence(evidence: Evidence, ctx: EvidenceContext = {}): FormattedEvidence {
  const counts = [
    ...evidence.facts.map((f) => ({ label: f.label, value: f.value })),
    ...evidence.counts.map((c) => ({
      label: c.label,
      value: formatEvidenceValue(c.value, c.unit, ctx) + (c.interval ? ` (95% ${formatEvidenceValue(c.interval, c.unit, ctx)})` : ''),
    })),
  ];
  const exclusions = evidence.exclusions.filter((x) => x.count > 0).map((x) => ({ reason: x.reason, count: formatUnit(x.count, 'count') }));
  const tables = evidence.examples.map((t): FormattedEvidenceTable => {
    const single = t.columns.length === 1 && t.columns[0]!.unit === 'share' ? t.columns[0]!.key : null;
    return {
      label: t.label,
      headings: [t.rowKind, ...t.columns.map((c) => c.label)],
      numeric: t.columns.map((c) => c.unit !== 'text' && c.unit !== 'list' && c.unit !== 'date'),
      rows: t.rows.map((r) => [r.name ? `${r.name} (${r.id})` : r.id, ...t.columns.map((c) => formatEvidenceValue(r.values[c.key], c.unit, ctx))]),
      bars: single === null ? null : t.rows.map((r) => Math.max(0, Math.min(1, Number(r.values[single] ?? 0)))),
    };
  });
  return { counts, exclusions, tables };
}

/**
 * Evidence as short lines for the text formats: the counts on one line, the rows left out on one,
 * then one line per example table (first rows only; the JSON has them all).
 */
export function evidenceLines(
  evidence: Evidence,
  limits: { items?: number; scalars?: number; lists?: number } = {},
  ctx: EvidenceContext = {},
): string[] {
  const f = formatEvidence(evidence, ctx);
  const maxItems = limits.items ?? 3;
  const counts = f.counts.slice(0, limits.scalars ?? f.counts.length).map((c) => `${c.label}: ${c.value}`);
  const excluded = f.exclusions.map((x) => `${x.count} ${x.reason}`);
  const tables = f.tables
    .filter((t) => t.rows.length > 0)
    .slice(0, limits.lists ?? f.tables.length)
    .map((t) => {
      const rows = t.rows.slice(0, maxItems).map(([id, ...cells]) =>
        cells.length === 0 ? id : cells.length === 1 ? `${id} ${cells[0]}` : `${id} (${cells.map((c, i) => `${t.headings[i + 1]} ${c}`).join(', ')})`,
      );
      return `${t.label}: ${rows.join('; ')}${t.rows.length > maxItems ? '; …' : ''}`;
    });
  return [...(counts.length ? [counts.join(' · ')] : []), ...(excluded.length ? [`left out: ${excluded.join(', ')}`] : []), ...tables];
}

/**
 * A score's noise in points (a 95% half-width on the 0–100 scale): "±4.2". A noise of 100 points
 * or more spans the whole scale, so a number there ("±113.4") would be noise itself: the text says
 * so instead ("more than the 0–100 scale"; `short` for table cells: "> scale").
 */
export function noiseText(noise: number | null | undefined, short = false): string {
  if (noise === null || noise === undefined) return '—';
  if (noise >= 100) return short ? '> scale' : 'more than the 0–100 scale';
  return `±${Math.round(noise * 10) / 10}`;
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

/** A share as a whole percent, for coverage and floors ("98%"); a check's value uses `formatValue`. */
export function wholePercent(v: number): string {
  return `${Math.round(v * 100)}%`;
}

/** "coverage 1% of rubric weight, below the 50% floor": the words that go beside the headline. */
export function coverageText(report: Pick<Report, 'coverage' | 'coverageFloor' | 'score'>): string {
  const pct = wholePercent;
  const below = report.coverageFloor !== undefined && report.coverage < report.coverageFloor;
  return `coverage ${pct(report.coverage)} of rubric weight${below ? `, below the ${pct(report.coverageFloor)} floor` : ''}`;
}

/**
 * A category's score as shown: its range when its coverage is below the floor (or it has no
 * score), else its score; `null` range means no weighted check at all. A category whose every
 * weighted check is not applicable says so.
 */
export function categoryScoreText(category: CategoryResult, floor: number | undefined): string {
  if (category.status === 'not-applicable') return 'not applicable';
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
 * A reference joined by the whole-number form of its ids (report.inputs.wholeNumberIds) in one
 * line, as the link notes, the warning and inspect print it: "event→user: 37,873 events joined by
 * whole-number id (736 ids, e.g. 1.0 = 1)", then what was left unjoined when two records' ids
 * share a whole number ("2 events not joined: two or more users have that whole number as id (1
 * id, e.g. 1.00)").
 */
export function wholeNumberLine(j: WholeNumberJoin): string {
  const [one, many] = ROW_NOUNS[j.from];
  const parts: string[] = [];
  if (j.ids > 0) {
    const [written, joined] = j.examples[0]!;
    parts.push(`${countOf(j.rows, one, many)} joined by whole-number id (${countOf(j.ids, 'id')}, e.g. ${written} = ${joined})`);
  }
  if (j.leftAsWritten > 0) {
    parts.push(`${countOf(j.leftAsWrittenRows, one, many)} not joined: two or more ${ROW_NOUNS[j.to][1]} have that whole number as id (${countOf(j.leftAsWritten, 'id')}, e.g. ${j.leftAsWrittenExamples[0]})`);
  }
  return `${j.link}: ${parts.join('; ')}`;
}

/**
 * The one warning for every reference joined by whole-number form (the counts are in the link
 * notes): "ids joined by whole-number form (e.g. 1.0 = 1): event→user, deal→account; counts under Links".
 */
export function wholeNumberWarning(joins: readonly WholeNumberJoin[]): string {
  const joined = joins.filter((j) => j.ids > 0);
  const left = joins.filter((j) => j.leftAsWritten > 0);
  const parts: string[] = [];
  if (joined.length > 0) {
    const [written, as] = joined[0]!.examples[0]!;
    parts.push(`ids joined by whole-number form (e.g. ${written} = ${as}): ${joined.map((j) => j.link).join(', ')}`);
  }
  if (left.length > 0) parts.push(`ids left unjoined as two or more records have their whole number as id: ${left.map((j) => j.link).join(', ')}`);
  return `${parts.join('; ')}; counts under Links`;
}

/**
 * The business context in one line ("fiscal quarters of a year starting in February · amounts in
 * EUR, 12 deals in other currencies excluded · pipelines: all (3)"), or null when it is all
 * defaults and the data names no currency or pipeline.
 */
export function contextLine(context: Report['inputs']['context'] | undefined): string | null {
  if (!context) return null;
  const { currency, pipelines, motions } = context;
  const absent = Object.entries(motions ?? {}).filter(([, has]) => has === false).map(([m]) => m);
  if (context.fiscalYearStart === 1 && !currency && !pipelines && absent.length === 0) return null;
  const parts = [context.quarters];
  if (currency) {
    const excluded = Object.values(currency.excluded).reduce((sum, n) => sum + n, 0);
    const converted = currency.byCurrency.filter((x) => x.use === 'converted').map((x) => x.currency);
    parts.push(
      `amounts in ${currency.analysisCurrency ?? 'one unnamed currency'}` +
        (converted.length ? `, converted from ${converted.join(', ')}` : '') +
        (excluded ? `, ${countOf(excluded, 'deal')} in other currencies excluded` : ''),
    );
  }
  if (pipelines) {
    const counted = pipelines.byPipeline.filter((p) => p.counted).map((p) => p.pipeline);
    parts.push(
      pipelines.excludedDeals
        ? `pipelines: ${counted.join(', ') || 'none'} (${countOf(pipelines.excludedDeals, 'deal')} in others left out)`
        : `pipelines: all (${pipelines.byPipeline.length.toLocaleString('en-US')})`,
    );
  }
  if (absent.length) parts.push(`no ${absent.join(', no ')} (config motions: their checks are not applicable)`);
  return parts.join(' · ');
}

/** "not applicable: presumes a free plan; …": a not-applicable check's reason as every format shows it. */
export function notApplicableText(check: Pick<CheckResult, 'reason'>): string {
  return `not applicable: ${check.reason ?? 'presumes a motion the company does not have'}`;
}

/**
 * The fixed note every format shows beside a trend (docs/report-format.md, "Trend"): what a
 * past point cannot know from a snapshot export.
 */
export const TREND_NOTE =
  'Exports are snapshots: each past point uses dated facts only (deal created and close dates, activity, event, signup, activation and release dates); deal stages, sources and amounts and contact titles are as of the export, and deleted deals are gone.';

const SPARK_UNICODE = '▁▂▃▄▅▆▇█';
const SPARK_ASCII = '_.,-=+*#';

/**
 * One character per score on the fixed 0–100 scale (so a slide from 80 to 30 looks like one,
 * whatever the other points), a space for a point without a score. Unicode block characters,
 * or ASCII for a terminal that cannot show them.
 */
export function sparkline(scores: ReadonlyArray<number | null>, unicode = true): string {
  const levels = unicode ? SPARK_UNICODE : SPARK_ASCII;
  return scores
    .map((s) => (s === null ? ' ' : levels[Math.min(levels.length - 1, Math.max(0, Math.floor((s / 100) * levels.length)))]!))
    .join('');
}

/** "67 → 82" between the first and the last point with a score; "no score" when none has one. */
export function trendChangeText(scores: ReadonlyArray<number | null>, unicode = true): string {
  const scored = scores.filter((s): s is number => s !== null);
  if (scored.length === 0) return 'no score';
  if (scored.length === 1) return String(Math.round(scored[0]!));
  return `${Math.round(scored[0]!)} ${unicode ? '→' : '->'} ${Math.round(scored[scored.length - 1]!)}`;
}
