/**
 * Answers files (`--answers-out` writes one, `--answers` replays it; format in docs/survey.md).
 * Loading validates against the rubric and collects every problem as `file:line: path: message`,
 * like rubric loading; user mistakes never throw anything but AnswersError.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, newLineCounter, parseDocument, type Node, type YAMLMap } from '../core/yaml.js';
import type { Rubric, RubricCheck } from '../rubric/types.js';
import { answerValueProblem, nearest } from '../rubric/validate.js';
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

export type AnswersIssueCode =
  | 'YAML_SYNTAX'
  | 'CUT_SHORT'
  | 'DUPLICATE_KEY'
  | 'MISSING_FIELD'
  | 'WRONG_TYPE'
  | 'BAD_VALUE'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_QUESTION'
  | 'NO_QUESTION'
  | 'BAD_ANSWER'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE';

export interface AnswersIssue {
  code: AnswersIssueCode;
  /** e.g. `answers.unused-feature-share`; '' = the whole file. */
  path: string;
  line: number | null;
  message: string;
}

const HINT = 'Answers files are described in docs/survey.md; write one with `pullcheck survey --answers-out answers.yaml`.';

/** An answers file that cannot be used. Carries every issue found; exit code 2. */
export class AnswersError extends Error {
  readonly code: 'ANSWERS_INVALID' | 'ANSWERS_UNREADABLE';
  readonly file: string;
  readonly issues: AnswersIssue[];
  readonly exitCode = 2;
  readonly hint: string;

  constructor(code: 'ANSWERS_INVALID' | 'ANSWERS_UNREADABLE', file: string, issues: AnswersIssue[], hint = HINT) {
    super(issues.map((i) => formatAnswersIssue(file, i)).join('\n'));
    this.name = 'AnswersError';
    this.code = code;
    this.file = file;
    this.issues = issues;
    this.hint = hint;
  }
}

export function formatAnswersIssue(file: string, issue: AnswersIssue): string {
  const where = issue.line === null ? file : `${file}:${issue.line}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

const TOP_FIELDS = ['version', 'rubric', 'date', 'answers'];

/**
 * Completeness marker. A YAML file cut short often still parses (`1.3` cut to `1`), so files
 * pullcheck writes say on their first line that they end with END_LINE, and a file that says so
 * without ending so is refused. Files written by hand or by older versions (no such first line)
 * load as before.
 */
const MARKED_FIRST_LINE = '# pullcheck survey answers (format: docs/survey.md); complete when the last line is "# end of answers".';
const END_LINE = '# end of answers';
const REQUIRED = ['version', 'date', 'answers'];

/** Validate answers text against a rubric. Never throws: returns the answers or the issues. */
export function validateAnswers(text: string, file: string, rubric: Rubric): { answers: Answers | null; issues: AnswersIssue[] } {
  const issues: AnswersIssue[] = [];
  const lc = newLineCounter();
  const add = (code: AnswersIssueCode, path: string, line: number | null, message: string) => issues.push({ code, path, line, message });
  const lineOf = (node: Node | null | undefined): number | null => {
    const start = node?.range?.[0];
    return start === undefined ? null : lc.linePos(start).line || 1;
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.startsWith(MARKED_FIRST_LINE) && body.trimEnd().split('\n').pop()?.trim() !== END_LINE) {
    const lines = body.trimEnd().split('\n').length;
    add('CUT_SHORT', '', lines, `the file is cut short: pullcheck wrote it to end with "${END_LINE}", and its last line (${lines}) is not that (an interrupted save or a full disk?)`);
    return { answers: null, issues };
  }
  const doc = parseDocument(body, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  for (const error of doc.errors) {
    const line = error.linePos?.[0]?.line ?? null;
    if (error.code === 'DUPLICATE_KEY') add('DUPLICATE_KEY', '', line, 'a key appears twice in the same mapping; keep one');
    else add('YAML_SYNTAX', '', line, `YAML syntax error: ${(error.message.split('\n')[0] ?? '').trim()}`);
  }
  if (issues.length > 0) return { answers: null, issues };

  const root = doc.contents as Node | null;
  if (!isMap(root)) {
    add('WRONG_TYPE', '', lineOf(root) ?? 1, 'an answers file is a mapping with version, date and answers; see docs/survey.md');
    return { answers: null, issues };
  }
  const top = new Map<string, { node: Node | null; line: number | null }>();
  const misspelt = new Set<string>();
  for (const pair of (root as YAMLMap<unknown, unknown>).items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const line = lineOf(keyNode);
    if (!TOP_FIELDS.includes(key)) {
      const guess = nearest(key, TOP_FIELDS);
      if (guess) misspelt.add(guess);
      add('UNKNOWN_FIELD', key, line, `unknown field '${key}'; ${guess ? `did you mean '${guess}'?` : `allowed: ${TOP_FIELDS.join(', ')}`}`);
      continue;
    }
    const value = pair.value as Node | null;
    top.set(key, { node: isScalar(value) && value.value === null ? null : value, line });
  }
  for (const key of REQUIRED) {
    const field = top.get(key);
    if (!field) {
      // `anwsers:` was already reported as "did you mean 'answers'?"; one issue per mistake.
      if (!misspelt.has(key)) add('MISSING_FIELD', key, lineOf(root), `missing required field '${key}'`);
    } else if (field.node === null) add('MISSING_FIELD', key, field.line, `'${key}' is empty`);
  }

  const version = top.get('version');
  if (version?.node) {
    const v = isScalar(version.node) ? version.node.value : undefined;
    if (v !== ANSWERS_FORMAT_VERSION) {
      add('BAD_VALUE', 'version', version.line, `must be ${ANSWERS_FORMAT_VERSION} (the answers file format this pullcheck reads), got ${describe(version.node)}`);
    }
  }
  let date: string | undefined;
  const dateField = top.get('date');
  if (dateField?.node) {
    const v = isScalar(dateField.node) ? dateField.node.value : undefined;
    if (typeof v === 'string' && isCalendarDate(v)) date = v;
    else add('BAD_VALUE', 'date', dateField.line, `must be a date written YYYY-MM-DD, got ${describe(dateField.node)}`);
  }
  let rubricId: string | null = null;
  const rubricField = top.get('rubric');
  if (rubricField?.node) {
    const v = isScalar(rubricField.node) ? rubricField.node.value : undefined;
    if (typeof v === 'string') rubricId = v;
    else add('WRONG_TYPE', 'rubric', rubricField.line, `must be the rubric id (text), got ${describe(rubricField.node)}`);
  }

  const values = new Map<string, number | null>();
  const answersField = top.get('answers');
  if (answersField?.node) {
    if (!isMap(answersField.node)) {
      add('WRONG_TYPE', 'answers', answersField.line, `must be a mapping of check id: value, got ${describe(answersField.node)}`);
    } else {
      const checks = rubric.categories.flatMap((c) => c.checks);
      const questioned = surveyItems(rubric).map((i) => i.check.id);
      for (const pair of (answersField.node as YAMLMap<unknown, unknown>).items) {
        const keyNode = pair.key as Node | null;
        const id = isScalar(keyNode) ? String(keyNode.value) : '';
        const path = `answers.${id}`;
        const line = lineOf(keyNode);
        const check = checks.find((c) => c.id === id);
        if (!check) {
          const guess = nearest(id, questioned);
          add('UNKNOWN_QUESTION', path, line, `rubric '${rubric.id}' has no check '${id}'` + (guess ? `; did you mean '${guess}'?` : '; remove the line, or use the rubric these answers were given for'));
          continue;
        }
        if (!hasQuestion(check)) {
          add('NO_QUESTION', path, line, `check '${id}' has no question in rubric '${rubric.id}', so it cannot take an answer; remove the line`);
          continue;
        }
        const valueNode = pair.value as Node | null;
        const result = readAnswer(check, valueNode);
        if ('error' in result) add('BAD_ANSWER', path, lineOf(valueNode) ?? line, result.error);
        else values.set(id, result.value);
      }
    }
  }
  if (issues.length > 0 || date === undefined) return { answers: null, issues: issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)) };
  return { answers: { date, rubric: rubricId, values }, issues };
}

function readAnswer(check: QuestionedCheck, node: Node | null): { value: number | null } | { error: string } {
  const raw = node === null || node === undefined ? null : isScalar(node) ? node.value : undefined;
  if (raw === null || (typeof raw === 'string' && raw.trim().toLowerCase() === SKIP_WORD)) return { value: null };
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    if (check.question.kind === 'choice') {
      if (choiceFor(check.question, raw)) return { value: raw };
      return { error: `${raw} is not one of this question's answers; allowed: ${allowed(check)}` };
    }
    const problem = answerValueProblem(raw, check.format);
    return problem ? { error: problem } : { value: raw };
  }
  const percent = typeof raw === 'string' && /^\s*-?[\d.]+\s*%\s*$/.test(raw) ? '; write percentages as fractions, e.g. 0.4 for 40%' : '';
  return { error: `must be a number or ${SKIP_WORD}, got ${describe(node)}${percent}; allowed: ${allowed(check)}` };
}

/** "0.3 (Only a few), 0.5 (Some), … or skip"; for number questions, the unit. */
export function allowed(check: QuestionedCheck): string {
  if (check.question.kind === 'choice') {
    return `${check.question.choices.map((c) => `${c.value} (${c.label})`).join(', ')}, or ${SKIP_WORD}`;
  }
  const unit = check.format === 'percent' ? 'a fraction (0.4 = 40%)' : `a number of 0 or more${check.question.unit ? ` (${check.question.unit})` : ''}`;
  return `${unit}, or ${SKIP_WORD}`;
}

/** Read and validate an answers file. Throws AnswersError. */
export function loadAnswers(file: string, rubric: Rubric): Answers {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    const notFound = errno === 'ENOENT' || errno === 'ENOTDIR';
    throw new AnswersError(
      'ANSWERS_UNREADABLE',
      file,
      [
        notFound
          ? { code: 'FILE_NOT_FOUND', path: '', line: null, message: 'answers file not found' }
          : { code: 'FILE_UNREADABLE', path: '', line: null, message: `cannot read answers file: ${errno === 'EISDIR' ? 'it is a directory' : (error as Error).message}` },
      ],
      notFound ? 'Check the --answers path; write an answers file with `pullcheck survey --answers-out answers.yaml`.' : 'Check the file and its permissions.',
    );
  }
  const { answers, issues } = validateAnswers(text, file, rubric);
  if (!answers) throw new AnswersError('ANSWERS_INVALID', file, issues);
  return answers;
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

function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (!isScalar(node)) return 'a list';
  const v = node.value;
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

/** Checks of the rubric that the answers do not mention. */
export function unansweredChecks(answers: Answers, rubric: Rubric): RubricCheck[] {
  return surveyItems(rubric)
    .map((i) => i.check)
    .filter((c) => !answers.values.has(c.id));
}
