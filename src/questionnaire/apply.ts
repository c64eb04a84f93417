/**
 * Answers become check results: an answered value is scored with the check's thresholds
 * exactly like a measured one, and "don't know" is insufficient data, never a guess.
 */
import type { AnswersSummary, CheckResult } from '../report/contract/report.js';
import { noEvidence } from '../report/contract/evidence.js';
import type { Rubric, RubricCheck } from '../rubric/types.js';
import { scoredFields } from '../scoring/check.js';
import type { Answers } from './answers.js';
import { checkAnswer, hasQuestion, surveyItems } from './questions.js';

export const NOT_ANSWERED = 'not answered';
export const NO_QUESTION = 'no survey question for this check in the rubric';

/**
 * Combine a check's data result with the team's answer: data where it has a value; the answer
 * where it does not (with the data's reason kept as a note). The answer is attached either way,
 * for the perception gap.
 */
export function applyAnswer(check: RubricCheck, result: CheckResult, answers: Answers | null | undefined): CheckResult {
  if (!answers) return { ...result, answer: null };
  const { value, answer } = answerOf(check, answers);
  // A check the company's motions rule out stays so, whatever the answer.
  if (result.status === 'not-applicable') return { ...result, answer };
  const measured = result.value !== null && (result.status === 'pass' || result.status === 'warn' || result.status === 'fail');
  if (measured || value === null) return { ...result, valueSource: 'data', answer };
  return answered(check, result, value, answer, [`no measured value (${result.reason ?? result.status}); the value is the team's answer`]);
}

/**
 * A check of a survey (no data): the answer is its value; no answer is insufficient data.
 * `unanswered` is the check with no value (a not-applicable one stays so).
 */
export function surveyCheck(check: RubricCheck, unanswered: CheckResult, answers: Answers): CheckResult {
  const { value, answer } = answerOf(check, answers);
  if (unanswered.status === 'not-applicable') return { ...unanswered, valueSource: 'answer', answer };
  if (value === null) {
    return { ...unanswered, valueSource: 'answer', answer, status: 'insufficient-data', reason: hasQuestion(check) ? NOT_ANSWERED : NO_QUESTION };
  }
  return answered(check, unanswered, value, answer, []);
}

function answerOf(check: RubricCheck, answers: Answers): { value: number | null; answer: CheckResult['answer'] } {
  const given = hasQuestion(check) && answers.values.has(check.id);
  const value = given ? (answers.values.get(check.id) ?? null) : null;
  return { value, answer: given && hasQuestion(check) ? checkAnswer(check, value) : null };
}

/** An answered value, scored like a measured one (scoring/check.ts). */
function answered(check: RubricCheck, result: CheckResult, value: number, answer: CheckResult['answer'], notes: string[]): CheckResult {
  return {
    ...result,
    ...scoredFields(check, { source: 'answer', value, n: 1, nLabel: 'answer', interval: null, evidence: noEvidence(), notes }),
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
