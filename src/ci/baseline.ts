/**
 * The baseline: a versioned JSON snapshot of a report's scores that later runs are compared
 * with (docs/ci.md, "Baseline file"). It holds numbers only, never evidence, so it can be
 * committed. It is read by the one input reader (src/inputs/read-input.ts) with the schema
 * below: a baseline that cannot be used is an InputError listing every problem with file:line
 * (exit 2), never a wrong comparison.
 */
import { PullcheckError } from '../core/errors.js';
import { writeFileSafely } from '../core/output-files.js';
import { describeValue } from '../inputs/hints.js';
import { InputError, invalidInput, parseInput, readInputFile, says, validateInput, type InputKind } from '../inputs/read-input.js';
import { zod } from '../inputs/zod.js';
import type { CheckStatus, Report } from '../report/types.js';
import type { CheckFormat, Threshold } from '../rubric/types.js';
import { metricMethods } from '../metrics/index.js';
import { checkScoreInterval, weightedInterval, type Interval } from './noise.js';

export const BASELINE_VERSION = 1;

export interface BaselineCheck {
  id: string;
  category: string;
  metric: string;
  weight: number;
  status: CheckStatus;
  value: number | null;
  format: CheckFormat;
  n: number;
  nLabel: string;
  /** 95% interval of the value, as in the report. */
  interval: Interval | null;
  score: number | null;
  /** The value interval mapped through the threshold (docs/ci.md, "Noise"). */
  scoreInterval: Interval | null;
  threshold: Threshold;
}

export interface BaselineCategory {
  id: string;
  title: string;
  weight: number;
  score: number | null;
  scoreInterval: Interval | null;
  coverage: number;
}

export interface Baseline {
  baselineVersion: typeof BASELINE_VERSION;
  tool: { name: 'pullcheck'; version: string };
  asOf: string;
  rubric: { id: string; name: string; version: number; hash: string };
  /**
   * Method version of each metric when the baseline was saved (MetricDefinition.method). Absent
   * in baselines saved before pullcheck recorded them: their checks are compared as before.
   */
  methods?: Record<string, number>;
  score: number | null;
  scoreInterval: Interval | null;
  verdict: string;
  coverage: number;
  categories: BaselineCategory[];
  checks: BaselineCheck[];
}

/** Score intervals of a report's checks, categories and overall score (see noise.ts). */
export interface ReportIntervals {
  overall: Interval | null;
  categories: Map<string, Interval | null>;
  checks: Map<string, Interval | null>;
}

export function reportIntervals(report: Report): ReportIntervals {
  const checks = new Map<string, Interval | null>();
  const categories = new Map<string, Interval | null>();
  const categoryItems = report.categories.map((category) => {
    const items = category.checks.map((check) => {
      const interval = checkScoreInterval(check);
      checks.set(check.id, interval);
      return { score: check.score, weight: check.weight, interval };
    });
    const interval = weightedInterval(items);
    categories.set(category.id, interval);
    return { score: category.score, weight: category.weight, interval };
  });
  return { overall: weightedInterval(categoryItems), categories, checks };
}

export function baselineFromReport(report: Report, methods: Record<string, number> = metricMethods()): Baseline {
  const intervals = reportIntervals(report);
  const used = new Set(report.categories.flatMap((c) => c.checks.map((k) => k.metric)));
  return {
    baselineVersion: BASELINE_VERSION,
    tool: { name: 'pullcheck', version: report.tool.version },
    asOf: report.asOf,
    rubric: { ...report.rubric },
    methods: Object.fromEntries(Object.entries(methods).filter(([id]) => used.has(id)).sort(([a], [b]) => a.localeCompare(b))),
    score: report.score,
    scoreInterval: intervals.overall,
    verdict: report.verdict,
    coverage: report.coverage,
    categories: report.categories.map((c) => ({
      id: c.id,
      title: c.title,
      weight: c.weight,
      score: c.score,
      scoreInterval: intervals.categories.get(c.id) ?? null,
      coverage: c.coverage,
    })),
    checks: report.categories.flatMap((c) =>
      c.checks.map((k) => ({
        id: k.id,
        category: c.id,
        metric: k.metric,
        weight: k.weight,
        status: k.status,
        value: k.value,
        format: k.format,
        n: k.n,
        nLabel: k.nLabel,
        interval: k.interval,
        score: k.score,
        scoreInterval: intervals.checks.get(k.id) ?? null,
        threshold: { ...k.threshold },
      })),
    ),
  };
}

export function renderBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Atomically (src/core/output-files.ts): a baseline is never left cut short; its JSON's closing brace marks it complete. */
export function writeBaseline(file: string, baseline: Baseline): void {
  writeFileSafely(file, renderBaseline(baseline), 'BASELINE_UNWRITABLE', `the baseline ${file}`);
}

const SAVE_HINT = 'create one with: pullcheck analyze DIR --save-baseline FILE';

export const BASELINE_INPUT: InputKind = {
  noun: 'baseline',
  code: 'BASELINE',
  format: 'json',
  hints: { unreadable: SAVE_HINT, invalid: `it may have been edited by hand; ${SAVE_HINT}` },
};

/** What a baseline must hold to be compared with: the fields the gate reads (others pass through). */
function baselineSchema() {
  const z = zod();
  const number = z.number();
  const score = number.nullable();
  const interval = z
    .tuple([number, number], says('WRONG_TYPE', (i) => `must be [low, high] or null, got ${describeValue(i.input)}`, 'invalid_type'))
    .refine(([low, high]) => low <= high, 'must be [low, high] with low ≤ high')
    .nullable();
  return z.looseObject({
    baselineVersion: z.literal(BASELINE_VERSION),
    tool: z.looseObject({ version: z.string() }).optional().catch(undefined),
    asOf: z.string(),
    rubric: z.looseObject({ id: z.string(), version: number, hash: z.string() }),
    methods: z.record(z.string(), number.multipleOf(1, says('BAD_VALUE', 'must be a whole number (the method version of the metric)'))).optional(),
    score,
    scoreInterval: interval,
    categories: z.array(z.looseObject({ id: z.string(), weight: number, score, scoreInterval: interval })),
    checks: z.array(
      z.looseObject({
        id: z.string(),
        category: z.string(),
        status: z.string(),
        value: score,
        interval,
        n: number,
        score,
        scoreInterval: interval,
        threshold: z.looseObject({}),
      }),
    ),
  });
}

export function readBaseline(file: string): Baseline {
  return parseBaseline(readInputFile(file, BASELINE_INPUT), file);
}

/** Parse and check a baseline. Throws InputError (exit 2) listing every problem with file:line. */
export function parseBaseline(text: string, file: string): Baseline {
  const parsed = parseInput(text, BASELINE_INPUT);
  const data = parsed.data as Record<string, unknown> | null;
  if (!parsed.fatal && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    if (data.baselineVersion === undefined && data.schemaVersion !== undefined) {
      parsed.addAt('NOT_A_BASELINE', [], 'this is a pullcheck report, not a baseline');
      throw new InputError('BASELINE_INVALID', file, parsed.issues, SAVE_HINT);
    } else if (data.baselineVersion !== undefined && data.baselineVersion !== BASELINE_VERSION) {
      const newer = typeof data.baselineVersion === 'number' && data.baselineVersion > BASELINE_VERSION;
      parsed.addAt('BASELINE_VERSION', ['baselineVersion'], `a baseline of version ${JSON.stringify(data.baselineVersion)}; this pullcheck reads version ${BASELINE_VERSION}`);
      const hint = newer ? 'upgrade pullcheck, or save a new baseline with this version' : `save a new baseline: pullcheck analyze DIR --save-baseline ${file}`;
      throw new InputError('BASELINE_VERSION', file, parsed.issues, hint);
    }
  } else if (!parsed.fatal) {
    parsed.addAt('WRONG_TYPE', [], `expected a JSON object, got ${describeValue(data)}`);
  }
  const baseline = parsed.issues.length > 0 ? null : validateInput(parsed, baselineSchema());
  if (baseline === null) throw invalidInput(file, BASELINE_INPUT, parsed.issues);
  const b = baseline as unknown as Baseline;
  return { ...b, tool: { name: 'pullcheck', version: baseline.tool?.version ?? 'unknown' } };
}

/**
 * A baseline is comparable with a report of the same rubric id and version. The same rubric
 * edited since (a different hash) is compared check by check, and said so.
 * Throws BASELINE_RUBRIC_MISMATCH (exit 2) otherwise.
 */
export function checkComparable(baseline: Baseline, report: Report, file: string): { rubricChanged: boolean } {
  const b = baseline.rubric;
  const r = report.rubric;
  if (b.id !== r.id || b.version !== r.version) {
    throw new PullcheckError(
      'BASELINE_RUBRIC_MISMATCH',
      `${file} was saved with rubric ${b.id} v${b.version}; this run uses rubric ${r.id} v${r.version}, so the scores do not mean the same thing`,
      { hint: `run with the baseline's rubric (--rubric), or save a new baseline: --save-baseline ${file}` },
    );
  }
  return { rubricChanged: b.hash !== r.hash };
}

/** Metrics whose method version differs between the baseline and this pullcheck (none for baselines without versions). */
export function methodChanges(baseline: Baseline, methods: Record<string, number>): Array<{ metric: string; before: number; after: number }> {
  if (!baseline.methods) return [];
  return Object.entries(baseline.methods)
    .filter(([metric, before]) => methods[metric] !== undefined && methods[metric] !== before)
    .map(([metric, before]) => ({ metric, before, after: methods[metric]! }));
}
