/**
 * Answers become check results: an answered value is scored with the check's thresholds
 * exactly like a measured one, and "don't know" is insufficient data, never a guess.
 */
import type { AnswersSummary, CheckResult } from '../report/types.js';
import type { Rubric, RubricCheck } from '../rubric/types.js';
import { scoreValue, statusOf } from '../scoring/score.js';
import type { Answers } from './answers.js';
import { checkAnswer, hasQuestion, surveyItems } from './questions.js';

export const NOT_ANSWERED = 'not answered';
export const NO_QUESTION = 'no survey question for this check in the rubric';

/**
 * Combine a check's data result with the team's answer.
 * - survey only (`answersOnly`): the answer is the value; no answer → insufficient data.
 * - data and answers: data where it has a value; the answer where it does not (with the data's
 *   reason kept as a note). The answer is attached either way, for the perception gap.
 */
export function applyAnswer(check: RubricCheck, result: CheckResult, answers: Answers | null | undefined, answersOnly: boolean): CheckResult {
  if (!answers) return { ...result, valueSource: answersOnly ? 'answer' : 'data', answer: null };
  const given = hasQuestion(check) && answers.values.has(check.id);
  const value = given ? (answers.values.get(check.id) ?? null) : null;
  const answer = given && hasQuestion(check) ? checkAnswer(check, value) : null;
  // A check the company's motions rule out stays so, whatever the answer.
  if (result.status === 'not-applicable') return { ...result, valueSource: answersOnly ? 'answer' : 'data', answer };

  if (answersOnly) {
    if (value === null) {
      return { ...result, valueSource: 'answer', answer, status: 'insufficient-data', reason: hasQuestion(check) ? NOT_ANSWERED : NO_QUESTION };
    }
    return answered(check, result, value, answer, []);
  }
  const measured = result.value !== null && (result.status === 'pass' || result.status === 'warn' || result.status === 'fail');
  if (measured || value === null) return { ...result, valueSource: 'data', answer };
  return answered(check, result, value, answer, [`no measured value (${result.reason ?? result.status}); the value is the team's answer`]);
}

function answered(check: RubricCheck, result: CheckResult, value: number, answer: CheckResult['answer'], notes: string[]): CheckResult {
  const status = statusOf(value, check.threshold);
  return {
    ...result,
    title: status === 'pass' ? check.title : check.failureTitle,
    status,
    value,
    n: 1,
    nLabel: 'answer',
    interval: null,
    score: scoreValue(value, check.threshold),
    reason: null,
    evidence: {},
    notes,
    flags: [],
    valueSource: 'answer',
    answer,
  };
}

export function answersSummary(answers: Answers, rubric: Rubric): AnswersSummary {
  const items = surveyItems(rubric);
  let answered = 0;
  let skipped = 0;
  for (const item of items) {
    if (!answers.values.has(item.check.id)) continue;
    if (answers.values.get(item.check.id) === null) skipped++;
    else answered++;
  }
  return { date: answers.date, questions: items.length, answered, skipped, unanswered: items.length - answered - skipped };
}
