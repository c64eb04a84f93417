/**
 * `pullcheck explain CHECK`: everything the tool knows about one check, from the same sources
 * as the report: the metric's written definition (its doc comment, extracted at build time into
 * dist/metrics/definitions.json), its registry entry (unit, tables, columns, parameters) and the
 * rubric's check (thresholds with their basis and source, weight, recommendation), plus what
 * resolves insufficient data (the minimum sample, the exports that hold the tables and columns).
 */
import { readFileSync } from 'node:fs';
import { METRICS } from '../metrics/index.js';
import type { MetricDefinition } from '../metrics/types.js';
import { PullcheckError } from '../core/errors.js';
import { hintsFor, type ExportHint } from './export-hints.js';
import { fieldLabel } from './export-next.js';
import type { Rubric, RubricCheck } from '../rubric/types.js';
import { nearest } from '../rubric/validate.js';
import { WHERE_TO_FIND } from '../core/vocabularies.js';

export interface Explanation {
  check: string;
  metric: string;
  category: { id: string; title: string; item: string | null; weight: number };
  title: string;
  failureTitle: string;
  /** One line: what is measured. */
  description: string;
  /** The metric's written definition (formula, windows, exclusions), as plain text. */
  definition: string;
  unit: string;
  format: string | null;
  threshold: { better: 'higher' | 'lower'; pass: number; fail: number };
  basis: string;
  source: string | null;
  weight: number;
  params: Record<string, unknown>;
  /** Parameters the rubric sets for this check (the rest are the metric's defaults). */
  paramOverrides: Record<string, unknown>;
  recommendation: string;
  needs: {
    tables: Array<{ table: string; hints: ExportHint[] }>;
    columns: Array<{ field: string; label: string; where: string | null; hints: ExportHint[] }>;
    /** Minimum-sample parameters (`minN`…): below them the check is insufficient data. */
    minimums: Record<string, unknown>;
  };
  /** Motions the check presumes (not applicable without them: docs/rubric.md). */
  presumes: string[];
  rubric: { file: string; id: string; version: number };
}

/**
 * Parameters that are minimum sample sizes (`minN`, `minSignups`, `minEarlyUsers`…), as opposed to
 * other lower bounds (`minAgeDays`, `minAmount`, `minAccountShare`).
 */
const SAMPLE_MINIMUM = /^min(N|\w*(Users|Signups|Events))$/;

let definitions: Record<string, string> | null = null;

/** The definitions written at build time; an empty text when the build did not write them (tests from src). */
function definitionOf(metric: string): string {
  if (definitions === null) {
    try {
      definitions = JSON.parse(readFileSync(new URL('../metrics/definitions.json', import.meta.url), 'utf8')) as Record<string, string>;
    } catch {
      definitions = {};
    }
  }
  return definitions[metric] ?? '';
}

/** The check named `name` (a check id, or a metric id used by exactly one check); a user error with a hint otherwise. */
export function findCheck(rubric: Rubric, name: string): RubricCheck {
  const checks = rubric.categories.flatMap((c) => c.checks);
  const byId = checks.find((c) => c.id === name);
  if (byId) return byId;
  const byMetric = checks.filter((c) => c.metric === name);
  if (byMetric.length === 1) return byMetric[0]!;
  if (byMetric.length > 1) {
    throw new PullcheckError('UNKNOWN_CHECK', `"${name}" is a metric used by ${byMetric.length} checks: ${byMetric.map((c) => c.id).join(', ')}`, {
      hint: `name one of them, e.g. pullcheck explain ${byMetric[0]!.id}`,
    });
  }
  const guess = nearest(name, [...checks.map((c) => c.id), ...METRICS.map((m) => m.id)]);
  throw new PullcheckError('UNKNOWN_CHECK', `no check "${name}" in ${rubric.file}${guess ? ` (did you mean "${guess}"?)` : ''}`, {
    hint: `the checks: ${checks.map((c) => c.id).join(', ')}`,
  });
}

export function explainCheck(rubric: Rubric, name: string): Explanation {
  const check = findCheck(rubric, name);
  const metric = METRICS.find((m) => m.id === check.metric) as MetricDefinition | undefined;
  if (!metric) throw new PullcheckError('UNKNOWN_METRIC', `check "${check.id}" names metric "${check.metric}", which pullcheck does not have`);
  const category = rubric.categories.find((c) => c.id === check.category)!;
  const columns = (metric.requiresFields ?? []).map((spec) => {
    const [table, alternatives] = spec.split('.') as [string, string];
    const first = alternatives.split('|')[0]!;
    return {
      field: spec,
      label: `${table} ${alternatives.split('|').map(fieldLabel).join(' or ')}`,
      where: WHERE_TO_FIND[`${table}.${first}`] ?? null,
      hints: hintsFor(spec),
    };
  });
  return {
    check: check.id,
    metric: metric.id,
    category: { id: category.id, title: category.title, item: category.item ?? null, weight: category.weight },
    title: check.title,
    failureTitle: check.failureTitle,
    description: metric.description,
    definition: definitionOf(metric.id),
    unit: metric.unit,
    format: check.format ?? null,
    threshold: { ...check.threshold },
    basis: check.basis,
    source: check.source ?? null,
    weight: check.weight,
    params: { ...check.params },
    paramOverrides: { ...check.paramOverrides },
    recommendation: check.recommendation,
    needs: {
      tables: [
        ...metric.requires.map((table) => ({ table, hints: hintsFor(table) })),
        // Alternatives (requiresOneOf): the first with rows is read.
        ...(metric.requiresOneOf ?? []).map((group) => ({ table: group.join(' or '), hints: group.flatMap((t) => hintsFor(t)) })),
      ],
      columns,
      minimums: Object.fromEntries(Object.entries(check.params).filter(([k]) => SAMPLE_MINIMUM.test(k))),
    },
    presumes: (check.presumes ?? []).map((alternatives) => alternatives.join(' or ')),
    rubric: { file: rubric.file, id: rubric.id, version: rubric.version },
  };
}
