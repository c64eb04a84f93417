/**
 * Report assembly: the scored categories, the inputs behind them and the warnings become the
 * versioned Report (docs/report-format.md). One assembly for an analysis (report/build.ts) and a
 * survey (report/survey.ts).
 */
import type { Rubric } from '../rubric/types.js';
import { scoreOverall } from '../scoring/aggregate.js';
import { exportNext } from './export-next.js';
import type { CategoryResult, Report } from './types.js';
import { REPORT_SCHEMA_VERSION } from './types.js';

export interface ReportParts {
  rubric: Rubric;
  categories: CategoryResult[];
  asOfDate: string;
  toolVersion: string;
  inputs: Report['inputs'];
  warnings: Report['warnings'];
  perceptionGap: Report['perceptionGap'];
}

export function assembleReport(parts: ReportParts): Report {
  const { rubric, categories } = parts;
  const { topRecommendations, ...overall } = scoreOverall(rubric, categories);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'pullcheck', version: parts.toolVersion },
    asOf: parts.asOfDate,
    ...overall,
    rubric: { id: rubric.id, name: rubric.name, version: rubric.version, hash: rubric.hash },
    categories,
    topRecommendations,
    exportNext: exportNext(categories),
    inputs: parts.inputs,
    warnings: parts.warnings,
    perceptionGap: parts.perceptionGap,
  };
}

/** The check-result fields a rubric check and its metric's unit give, whatever the outcome. */
export function checkBase(check: Rubric['categories'][number]['checks'][number], unit: string | undefined) {
  return {
    id: check.id,
    metric: check.metric,
    unit: (unit ?? 'ratio') as CategoryResult['checks'][number]['unit'],
    format: check.format ?? defaultFormat(unit),
    weight: check.weight,
    threshold: check.threshold,
    basis: check.basis,
    source: check.source ?? null,
    recommendation: check.recommendation,
    valueSource: 'data' as 'data' | 'answer',
    answer: null as CategoryResult['checks'][number]['answer'],
    ...(check.gate ? { gate: check.gate } : {}),
  };
}

function defaultFormat(unit: string | undefined): CategoryResult['checks'][number]['format'] {
  switch (unit) {
    case 'ratio':
      return 'percent';
    case 'days':
      return 'days';
    case 'multiple':
      return 'multiple';
    default:
      return 'number';
  }
}
