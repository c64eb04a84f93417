/**
 * The perception gap: for every check with both a measured value and an answer, what the team
 * said next to what the data shows, and whether they land in the same status (pass/warn/fail).
 */
import type { CategoryResult, GapStatus, PerceptionGap, PerceptionGapEntry } from '../report/contract/report.js';
import type { Rubric } from '../rubric/types.js';
import { formatValue } from '../renderers/format.js';
import { judge } from '../scoring/check.js';

const STATUS_WORDS: Record<GapStatus, string> = { pass: 'a pass', warn: 'a warning', fail: 'a fail' };

export function perceptionGap(rubric: Rubric, categories: readonly CategoryResult[]): PerceptionGap {
  const entries: PerceptionGapEntry[] = [];
  for (const category of categories) {
    const rubricCategory = rubric.categories.find((c) => c.id === category.id);
    for (const result of category.checks) {
      const check = rubricCategory?.checks.find((c) => c.id === result.id);
      if (!check?.question || result.valueSource !== 'data' || result.value === null) continue;
      if (!result.answer || result.answer.value === null) continue;
      // Two observations of one check, judged by the same thresholds (scoring/check.ts).
      const answeredValue = result.answer.value;
      const said = judge(check, { value: answeredValue, interval: null });
      const shown = judge(check, { value: result.value, interval: result.interval });
      const [answeredStatus, measuredStatus, answeredScore, measuredScore, borderline] = [said.status, shown.status, said.score, shown.score, shown.borderline];
      const agreement = answeredStatus === measuredStatus ? 'agree' : 'disagree';
      const scoreGap = Math.round((answeredScore - measuredScore) * 10) / 10;
      const finding = fillFinding(check.question.finding, result.value, result.format, result.n, result.nLabel);
      const youSaid = `You said "${result.answer.label}"`;
      const statement =
        agreement === 'agree'
          ? `${youSaid}, and the data agrees: ${finding}.`
          : `${youSaid}, but the data shows ${finding}: ${STATUS_WORDS[measuredStatus]} on this check, where your answer would be ${STATUS_WORDS[answeredStatus]}` +
            `${borderline ? ' (the data is borderline: more of it could change the status)' : ''}.`;
      entries.push({
        check: result.id,
        category: category.id,
        question: check.question.text,
        answered: { value: answeredValue, label: result.answer.label, status: answeredStatus, score: answeredScore },
        measured: { value: result.value, n: result.n, nLabel: result.nLabel, status: measuredStatus, score: measuredScore, borderline },
        agreement,
        direction: agreement === 'agree' ? null : scoreGap >= 0 ? 'optimistic' : 'pessimistic',
        scoreGap,
        statement,
      });
    }
  }
  return {
    compared: entries.length,
    disagree: entries.filter((e) => e.agreement === 'disagree').length,
    optimistic: entries.filter((e) => e.direction === 'optimistic').length,
    pessimistic: entries.filter((e) => e.direction === 'pessimistic').length,
    checks: entries,
  };
}

/** The rubric's finding template with `{value}`, `{n}` and `{nLabel}` filled in. */
export function fillFinding(template: string | undefined, value: number, format: Parameters<typeof formatValue>[1], n: number, nLabel: string): string {
  const text = template ?? 'a measured value of {value} ({n} {nLabel})';
  return text
    .replaceAll('{value}', formatValue(value, format))
    .replaceAll('{n}', n.toLocaleString('en-US'))
    .replaceAll('{nLabel}', nLabel);
}
