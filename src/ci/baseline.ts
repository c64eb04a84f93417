/**
 * The baseline: a versioned JSON snapshot of a report's scores that later runs are compared
 * with (docs/ci.md, "Baseline file"). It holds numbers only, never evidence, so it can be
 * committed. A baseline that cannot be used is a PullcheckError (exit 2), never a wrong comparison.
 */
import { readFileSync } from 'node:fs';
import { PullcheckError } from '../core/errors.js';
import { writeFileSafely } from '../core/output-files.js';
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

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PullcheckError(
      code === 'ENOENT' ? 'BASELINE_NOT_FOUND' : 'BASELINE_UNREADABLE',
      code === 'ENOENT' ? `baseline not found: ${file}` : `cannot read the baseline ${file}: ${code === 'EISDIR' ? 'it is a directory' : code ?? String(error)}`,
      { hint: SAVE_HINT },
    );
  }
  return parseBaseline(text, file);
}

/** Parse and check a baseline's shape. Throws PullcheckError (exit 2) naming the first problem. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new PullcheckError('BASELINE_INVALID', `${file} is not valid JSON: ${(error as Error).message}`, { hint: SAVE_HINT });
  }
  const invalid = (what: string): never => {
    throw new PullcheckError('BASELINE_INVALID', `${file} is not a usable pullcheck baseline: ${what}`, {
      hint: `it may have been edited by hand; ${SAVE_HINT}`,
    });
  };
  if (!isObject(data)) return invalid('expected a JSON object');
  if (data.baselineVersion === undefined) {
    if (data.schemaVersion !== undefined) {
      throw new PullcheckError('BASELINE_INVALID', `${file} is a pullcheck report, not a baseline`, { hint: SAVE_HINT });
    }
    return invalid('it has no baselineVersion');
  }
  if (data.baselineVersion !== BASELINE_VERSION) {
    throw new PullcheckError(
      'BASELINE_VERSION',
      `${file} is a baseline of version ${JSON.stringify(data.baselineVersion)}; this pullcheck reads version ${BASELINE_VERSION}`,
      {
        hint:
          typeof data.baselineVersion === 'number' && data.baselineVersion > BASELINE_VERSION
            ? 'upgrade pullcheck, or save a new baseline with this version'
            : `save a new baseline: pullcheck analyze DIR --save-baseline ${file}`,
      },
    );
  }
  const rubric = data.rubric;
  if (!isObject(rubric) || typeof rubric.id !== 'string' || typeof rubric.version !== 'number' || typeof rubric.hash !== 'string') {
    return invalid('rubric must have an id, a version and a hash');
  }
  if (typeof data.asOf !== 'string') invalid('asOf must be a date');
  if (data.methods !== undefined && (!isObject(data.methods) || !Object.values(data.methods).every((v) => Number.isInteger(v)))) {
    invalid('methods must map metric ids to whole numbers');
  }
  if (!isScore(data.score)) invalid('score must be a number or null');
  if (!isInterval(data.scoreInterval)) invalid('scoreInterval must be [low, high] or null');
  if (!Array.isArray(data.categories)) return invalid('categories must be a list');
  if (!Array.isArray(data.checks)) return invalid('checks must be a list');
  data.categories.forEach((c: unknown, i: number) => {
    if (!isObject(c) || typeof c.id !== 'string' || !isScore(c.score) || !isInterval(c.scoreInterval) || typeof c.weight !== 'number') {
      invalid(`categories[${i}] must have an id, a weight, a score and a scoreInterval`);
    }
  });
  data.checks.forEach((k: unknown, i: number) => {
    if (
      !isObject(k) || typeof k.id !== 'string' || typeof k.category !== 'string' || !isScore(k.score) || !isInterval(k.scoreInterval) ||
      !(k.value === null || typeof k.value === 'number') || !isInterval(k.interval) || typeof k.status !== 'string' || typeof k.n !== 'number' ||
      !isObject(k.threshold)
    ) {
      invalid(`checks[${i}] must have an id, a category, a status, a value, an interval, n, a score, a scoreInterval and a threshold`);
    }
  });
  const tool = isObject(data.tool) && typeof data.tool.version === 'string' ? data.tool.version : 'unknown';
  const b = data as unknown as Baseline;
  return { ...b, tool: { name: 'pullcheck', version: tool } };
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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScore(v: unknown): boolean {
  return v === null || (typeof v === 'number' && Number.isFinite(v));
}

function isInterval(v: unknown): boolean {
  return v === null || (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x)) && (v[0] as number) <= (v[1] as number));
}

/** Metrics whose method version differs between the baseline and this pullcheck (none for baselines without versions). */
export function methodChanges(baseline: Baseline, methods: Record<string, number>): Array<{ metric: string; before: number; after: number }> {
  if (!baseline.methods) return [];
  return Object.entries(baseline.methods)
    .filter(([metric, before]) => methods[metric] !== undefined && methods[metric] !== before)
    .map(([metric, before]) => ({ metric, before, after: methods[metric]! }));
}
