/**
 * The survey job as a function: rubric + answers → Report, the same shape as an analysis, with
 * every value an answer. The as-of date is the answers' date, so a replay is byte-identical.
 */
import { parseAsOf, toolVersion } from '../analyze.js';
import { METRICS } from '../metrics/index.js';
import { DAY_MS } from '../metrics/stats.js';
import { emptyTables, type Dataset } from '../model.js';
import { buildReportSync } from '../report/build.js';
import type { Report } from '../report/types.js';
import type { Rubric } from '../rubric/types.js';
import { DEFAULT_SETTINGS } from '../settings.js';
import type { Answers } from './answers.js';

export function surveyReport(rubric: Rubric, answers: Answers): Report {
  const dataset: Dataset = { tables: emptyTables(), present: new Set(), files: [], issues: [] };
  // Nothing is measured (answersOnly), so no bootstrap runs: the report is built synchronously.
  return buildReportSync({
    dataset,
    rubric,
    metrics: METRICS,
    settings: DEFAULT_SETTINGS,
    asOf: parseAsOf(answers.date) + DAY_MS,
    asOfDate: answers.date,
    toolVersion: toolVersion(),
    answers,
    answersOnly: true,
  });
}
