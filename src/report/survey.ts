/**
 * The survey job as a function: rubric + answers → Report, the same shape as an analysis, with
 * every value an answer. Answers go straight to scoring (scoring/check.ts, aggregate.ts) and
 * report assembly; nothing is measured. The as-of date is the answers' date, so a replay is
 * byte-identical.
 */
import { toolVersion } from '../core/tool.js';
import { METRICS } from '../metrics/index.js';
import { TABLE_NAMES } from '../core/model.js';
import { notApplicableReason } from '../core/motions.js';
import { assembleReport, checkBase } from './assemble.js';
import type { CheckResult, Report } from './types.js';
import { noEvidence } from './contract/evidence.js';
import type { Rubric, RubricCheck } from '../rubric/types.js';
import { scoreCategories } from '../scoring/aggregate.js';
import { businessContext, DEFAULT_SETTINGS } from '../core/settings.js';
import type { Answers } from '../questionnaire/answers.js';
import { answersSummary, NOT_ANSWERED, surveyCheck } from '../questionnaire/apply.js';

export function surveyReport(rubric: Rubric, answers: Answers): Report {
  const checks = rubric.categories.map((category) => category.checks.map((check) => surveyCheck(check, unanswered(check), answers)));
  return assembleReport({
    rubric,
    categories: scoreCategories(rubric, checks),
    asOfDate: answers.date,
    toolVersion: toolVersion(),
    inputs: {
      files: [],
      tables: Object.fromEntries(TABLE_NAMES.map((name) => [name, 0])),
      answers: answersSummary(answers, rubric),
      accountMatch: null,
      links: [],
      context: businessContext(DEFAULT_SETTINGS, null),
    },
    warnings: [],
    perceptionGap: null,
  });
}

/** A check before its answer: no value (not applicable when the default motions rule it out). */
function unanswered(check: RubricCheck): CheckResult {
  const notApplicable = notApplicableReason(check.presumes, DEFAULT_SETTINGS.motions);
  return {
    ...checkBase(check, METRICS.find((m) => m.id === check.metric)?.unit),
    title: check.title,
    status: notApplicable ? 'not-applicable' : 'insufficient-data',
    value: null,
    n: 0,
    nLabel: '',
    interval: null,
    score: null,
    reason: notApplicable ?? NOT_ANSWERED,
    evidence: noEvidence(),
    notes: [],
    flags: [],
  };
}
