/**
 * Terminal text for survey answers (docs/survey.md): answered values, the answers input line,
 * and the perception-gap section. Reads only the Report.
 */
import type { ChalkInstance } from 'chalk';
import type { CheckResult, GapStatus, PerceptionGapEntry, Report } from '../report/types.js';
import { formatThreshold, formatValue, wrap } from './format.js';

/** The value line of a check whose value is the team's answer. */
export function answerValueLine(c: ChalkInstance, check: CheckResult): string {
  return `${c.bold(formatValue(check.value, check.format))} · answered "${check.answer?.label ?? ''}" · ${formatThreshold(check)} · score ${Math.round(check.score ?? 0)}`;
}

/** "answers of 2026-06-30: 20 of 25 questions answered, 3 skipped, 2 not answered" */
export function answersInputLine(report: Report): string | null {
  const a = report.inputs.answers;
  if (!a) return null;
  const rest = [a.skipped ? `${a.skipped} skipped` : '', a.unanswered ? `${a.unanswered} not answered` : ''].filter(Boolean).join(', ');
  return `  answers of ${a.date}: ${a.answered} of ${a.questions} questions answered${rest ? `, ${rest}` : ''}`;
}

/**
 * Why a survey-only report has no verdict: questions left, not exports (the report has no data to
 * add to). Null unless the report is scored from answers alone and too little was answered.
 */
export function surveyShortfallLine(report: Report): string | null {
  const a = report.inputs.answers;
  if (!a || report.inputs.files.length > 0 || report.verdict !== 'insufficient-data') return null;
  const left = a.skipped + a.unanswered;
  return `  Only ${Math.round(report.coverage * 100)}% of the rubric's weight is answered: too little for a verdict. ${left} of ${a.questions} question${a.questions === 1 ? ' is' : 's are'} left (skipped or not reached); answer them with: pullcheck survey --resume ANSWERS.yaml`;
}

const STATUS_TEXT: Record<GapStatus, string> = { pass: 'pass', warn: 'warn', fail: 'fail' };

export function perceptionGapLines(report: Report, c: ChalkInstance, width: number): string[] {
  const gap = report.perceptionGap;
  if (!gap) return [];
  const lines = [c.bold('  Perception gap: what the team said, and what the data shows')];
  if (gap.compared === 0) {
    lines.push(c.dim('  No check has both an answer and a measured value.'), '');
    return lines;
  }
  const leaning =
    gap.disagree === 0
      ? ''
      : ` (${[gap.optimistic ? `${gap.optimistic} more optimistic than the data` : '', gap.pessimistic ? `${gap.pessimistic} more pessimistic` : ''].filter(Boolean).join(', ')})`;
  lines.push(
    ...wrap(
      `${gap.compared} check${gap.compared === 1 ? ' has' : 's have'} both an answer and data: ${gap.disagree} disagree${leaning}, ${gap.compared - gap.disagree} agree.`,
      width - 2,
    ).map((l) => `  ${l}`),
  );
  const titles = new Map(report.categories.flatMap((cat) => cat.checks).map((k) => [k.id, k] as const));
  const disagreements = gap.checks
    .filter((e) => e.agreement === 'disagree')
    .sort((a, b) => Math.abs(b.scoreGap) - Math.abs(a.scoreGap));
  for (const e of disagreements) {
    const check = titles.get(e.check);
    lines.push('');
    const direction = e.direction === 'optimistic' ? c.red('team more optimistic') : c.yellow('team more pessimistic');
    lines.push(`  ${c.magenta('≠ DISAGREE')} ${check?.title ?? e.check} ${c.dim(`[${e.check}]`)} · ${direction}`);
    lines.push(...wrap(e.statement, width - 13).map((l) => `             ${l}`));
    if (check) lines.push(`             ${c.dim(gapNumbers(e, check))}`);
  }
  const agreements = gap.checks.filter((e) => e.agreement === 'agree');
  if (agreements.length > 0) {
    lines.push('');
    for (const e of agreements) {
      const check = titles.get(e.check);
      lines.push(`  ${c.green('= agree')}    ${check?.title ?? e.check} ${c.dim(`[${e.check}]`)}`);
      if (check) lines.push(`             ${c.dim(gapNumbers(e, check))}`);
    }
  }
  lines.push('');
  return lines;
}

function gapNumbers(e: PerceptionGapEntry, check: CheckResult): string {
  const said = `said ${formatValue(e.answered.value, check.format)} (${STATUS_TEXT[e.answered.status]})`;
  const data = `data ${formatValue(e.measured.value, check.format)}, n = ${e.measured.n.toLocaleString('en-US')} ${e.measured.nLabel} (${STATUS_TEXT[e.measured.status]}${e.measured.borderline ? ', borderline' : ''})`;
  return `${said} · ${data}`;
}

