/**
 * Answers files (`--answers-out` writes one, `--answers` replays it; format in docs/survey.md).
 * Loading goes through the one input reader (src/inputs/read-input.ts) with the schema below,
 * validated against the rubric: every problem as `file:line: path: message`, one InputError.
 */
import { describeValue, nearest, percentHint } from '../inputs/hints.js';
import { invalidInput, issue, parseInput, readInputFile, says, sortedIssues, validateInput, type InputIssue, type InputKind } from '../inputs/read-input.js';
import { zod } from '../inputs/zod.js';
import { answerValueProblem } from '../rubric/schema.js';
import type { Rubric, RubricCheck } from '../rubric/types.js';
import { choiceFor, hasQuestion, SKIP_WORD, surveyItems, type QuestionedCheck } from './questions.js';

export const ANSWERS_FORMAT_VERSION = 1;

export interface Answers {
  /** YYYY-MM-DD: the day the answers were given; the as-of date of a survey report. */
  date: string;
  /** Id of the rubric the answers were given for (informational). */
  rubric: string | null;
  /** By check id: a value in the check's unit, or null for "don't know / skip". */
  values: Map<string, number | null>;
}

export const ANSWERS_INPUT: InputKind = {
  noun: 'answers',
  code: 'ANSWERS',
  hints: {
    unreadable: 'Check the --answers path; write an answers file with `pullcheck survey --answers-out answers.yaml`.',
    invalid: 'Answers files are described in docs/survey.md; write one with `pullcheck survey --answers-out answers.yaml`.',
  },
};

/**
 * Completeness marker. A YAML file cut short often still parses (`1.3` cut to `1`), so files
 * pullcheck writes say on their first line that they end with END_LINE, and a file that says so
 * without ending so is refused. Files written by hand or by older versions (no such first line)
 * load as before.
 */
const MARKED_FIRST_LINE = '# pullcheck survey answers (format: docs/survey.md); complete when the last line is "# end of answers".';
const END_LINE = '# end of answers';

/**
 * The answers file's schema. With the rubric (loading), each answer is checked against the
 * rubric's question for it, so a wrong one names the values allowed; without it (the JSON
 * Schema for editors, schemas/answers.schema.json), an answer is a number, skip or empty.
 */
export function answersSchema(rubric?: Rubric) {
  const z = zod();
  const date = says('BAD_VALUE', (i) => `must be a date written YYYY-MM-DD, got ${describeValue(i.input)}`);
  const checks = rubric?.categories.flatMap((c) => c.checks) ?? [];
  const questioned = rubric ? surveyItems(rubric).map((i) => i.check.id) : [];
  const value = rubric ? z.unknown() : z.union([z.number(), z.literal(SKIP_WORD), z.null()]).describe(`a value in the check's unit (0.4 = 40%), or ${SKIP_WORD}`);
  return z.strictObject(
    {
      version: z.literal(ANSWERS_FORMAT_VERSION, says('BAD_VALUE', (i) => `must be ${ANSWERS_FORMAT_VERSION} (the answers file format this pullcheck reads), got ${describeValue(i.input)}`)),
      rubric: z.string(says('WRONG_TYPE', (i) => `must be the rubric id (text), got ${describeValue(i.input)}`, 'invalid_type')).nullish().describe('id of the rubric the answers were given for'),
      date: z.string(date).regex(/^\d{4}-\d{2}-\d{2}$/, date).refine(isCalendarDate, date).describe('the day the answers were given (YYYY-MM-DD)'),
      answers: z
        .record(z.string(), value, says('WRONG_TYPE', (i) => `must be a mapping of check id: value, got ${describeValue(i.input)}`, 'invalid_type'))
        .describe('check id: value')
        .transform((answers, ctx) => {
          const values = new Map<string, number | null>();
          for (const [id, raw] of Object.entries(answers)) {
            if (!rubric) {
              values.set(id, typeof raw === 'number' ? raw : null);
              continue;
            }
            const check = checks.find((c) => c.id === id);
            if (!check) {
              const guess = nearest(id, questioned);
              ctx.addIssue(issue('UNKNOWN_QUESTION', [id], `rubric '${rubric.id}' has no check '${id}'` + (guess ? `; did you mean '${guess}'?` : '; remove the line, or use the rubric these answers were given for')));
            } else if (!hasQuestion(check)) {
              ctx.addIssue(issue('NO_QUESTION', [id], `check '${id}' has no question in rubric '${rubric.id}', so it cannot take an answer; remove the line`));
            } else {
              const result = readAnswer(check, raw);
              if ('error' in result) ctx.addIssue(issue('BAD_ANSWER', [id], result.error));
              else values.set(id, result.value);
            }
          }
      return values;
        }),
    },
    { error: (i) => (i.code === 'invalid_type' ? `[WRONG_TYPE] an answers file is a mapping with version, date and answers; see docs/survey.md` : undefined) },
  ).describe('pullcheck survey answers (docs/survey.md)');
}

/** Validate answers text against a rubric. Never throws: returns the answers or the issues. */
export function validateAnswers(text: string, file: string, rubric: Rubric): { answers: Answers | null; issues: InputIssue[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.startsWith(MARKED_FIRST_LINE) && body.trimEnd().split('\n').pop()?.trim() !== END_LINE) {
    const line = body.trimEnd().split('\n').length;
    const message = `the file is cut short: pullcheck wrote it to end with "${END_LINE}", and its last line (${line}) is not that (an interrupted save or a full disk?)`;
    return { answers: null, issues: [{ code: 'CUT_SHORT', path: '', line, column: 1, message }] };
  }
  const parsed = parseInput(text, ANSWERS_INPUT);
  const data = validateInput(parsed, answersSchema(rubric));
  const answers = data === null ? null : { date: data.date, rubric: data.rubric ?? null, values: data.answers };
  return { answers, issues: sortedIssues(parsed.issues) };
}

/** Read and validate an answers file. Throws InputError (ANSWERS_UNREADABLE or ANSWERS_INVALID). */
export function loadAnswers(file: string, rubric: Rubric): Answers {
  const { answers, issues } = validateAnswers(readInputFile(file, ANSWERS_INPUT), file, rubric);
  if (!answers) throw invalidInput(file, ANSWERS_INPUT, issues);
  return answers;
}

function readAnswer(check: QuestionedCheck, raw: unknown): { value: number | null } | { error: string } {
  if (raw === null || (typeof raw === 'string' && raw.trim().toLowerCase() === SKIP_WORD)) return { value: null };
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    if (check.question.kind === 'choice') {
      if (choiceFor(check.question, raw)) return { value: raw };
      return { error: `${raw} is not one of this question's answers; allowed: ${allowed(check)}` };
    }
    const problem = answerValueProblem(raw, check.format);
    return problem ? { error: problem } : { value: raw };
  }
  const got = typeof raw === 'string' ? `'${raw}'` : describeValue(raw);
  return { error: `must be a number or ${SKIP_WORD}, got ${got}${percentHint(raw)}; allowed: ${allowed(check)}` };
}

/** "0.3 (Only a few), 0.5 (Some), … or skip"; for number questions, the unit. */
export function allowed(check: QuestionedCheck): string {
  if (check.question.kind === 'choice') {
    return `${check.question.choices.map((c) => `${c.value} (${c.label})`).join(', ')}, or ${SKIP_WORD}`;
  }
  const unit = check.format === 'percent' ? 'a fraction (0.4 = 40%)' : `a number of 0 or more${check.question.unit ? ` (${check.question.unit})` : ''}`;
  return `${unit}, or ${SKIP_WORD}`;
}

/**
 * The answers as YAML: one line per question reached, in rubric order, each with its question
 * and allowed values as comments so the file can be read and edited by hand.
 */
export function serializeAnswers(answers: Answers, rubric: Rubric): string {
  const out: string[] = [
    MARKED_FIRST_LINE,
    "# Values are in each check's unit (0.4 = 40%); skip = don't know.",
    '# Replay: pullcheck survey --answers <this file>   Compare with data: pullcheck analyze DIR --answers <this file>',
    `version: ${ANSWERS_FORMAT_VERSION}`,
    `rubric: ${answers.rubric ?? rubric.id}`,
    `date: ${answers.date}`,
  ];
  const lines: string[] = [];
  let category = '';
  for (const item of surveyItems(rubric)) {
    const id = item.check.id;
    if (!answers.values.has(id)) continue;
    const value = answers.values.get(id) ?? null;
    if (item.category.id !== category) {
      category = item.category.id;
      lines.push(`  # --- ${item.category.title}`);
    }
    lines.push(`  # ${oneLine(item.check.question.text)}`);
    lines.push(`  #   ${allowedShort(item.check)}`);
    const label = value === null ? '' : `  # ${oneLine(choiceFor(item.check.question, value)?.label ?? '')}`.trimEnd();
    lines.push(`  ${id}: ${value === null ? SKIP_WORD : String(value)}${label === '  #' ? '' : label}`);
  }
  out.push(lines.length > 0 ? 'answers:' : 'answers: {}', ...lines, END_LINE);
  return `${out.join('\n')}\n`;
}

function allowedShort(check: QuestionedCheck): string {
  if (check.question.kind === 'choice') return `${check.question.choices.map((c) => `${c.value} = ${oneLine(c.label)}`).join(' | ')} | ${SKIP_WORD}`;
  return `a number${check.format === 'percent' ? ' as a fraction (0.4 = 40%)' : check.question.unit ? ` in ${check.question.unit}` : ''} | ${SKIP_WORD}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** Checks of the rubric that the answers do not mention. */
export function unansweredChecks(answers: Answers, rubric: Rubric): RubricCheck[] {
  return surveyItems(rubric)
    .map((i) => i.check)
    .filter((c) => !answers.values.has(c.id));
}
