/**
 * The questionnaire as data: the rubric's checks that carry a question, in rubric order, with
 * their place in the survey (question k of n, part j of m). Pure; no prompting here.
 */
import type { CheckFormat, QuestionChoice, Rubric, RubricCategory, RubricCheck, RubricQuestion } from '../rubric/types.js';
import type { CheckAnswer } from '../report/contract/report.js';

/** Label of the "don't know" answer, in prompts, answers files and reports. */
export const SKIP_LABEL = "Don't know / skip";
/** The word that stands for "don't know" in an answers file and in a number prompt. */
export const SKIP_WORD = 'skip';

export type QuestionedCheck = RubricCheck & { question: RubricQuestion };

export interface SurveyItem {
  check: QuestionedCheck;
  category: RubricCategory;
  /** 1-based position among all questions, and their count. */
  index: number;
  total: number;
  /** 1-based position of the category among the categories that have questions, and their count. */
  part: number;
  parts: number;
  /** 1-based position within the category, and the category's question count. */
  inPart: number;
  partSize: number;
}

export function hasQuestion(check: RubricCheck): check is QuestionedCheck {
  return check.question !== undefined;
}

/** Every check with a question, in rubric order. */
export function surveyItems(rubric: Rubric): SurveyItem[] {
  const categories = rubric.categories
    .map((category) => ({ category, checks: category.checks.filter(hasQuestion) }))
    .filter((c) => c.checks.length > 0);
  const total = categories.reduce((sum, c) => sum + c.checks.length, 0);
  const items: SurveyItem[] = [];
  categories.forEach(({ category, checks }, p) => {
    checks.forEach((check, k) => {
      items.push({
        check,
        category,
        index: items.length + 1,
        total,
        part: p + 1,
        parts: categories.length,
        inPart: k + 1,
        partSize: checks.length,
      });
    });
  });
  return items;
}

export function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
}

export function choiceFor(question: RubricQuestion, value: number): QuestionChoice | undefined {
  return question.choices.find((c) => sameValue(c.value, value));
}

/** Number questions on percent checks are asked, and shown, in percent; values stay fractions. */
export function asksPercent(check: RubricCheck): boolean {
  return check.question?.kind === 'number' && check.format === 'percent';
}

/** A value as the number question shows it: 0.35 → "35" on a percent check, else the value. */
export function displayNumber(check: RubricCheck, value: number): string {
  const shown = asksPercent(check) ? value * 100 : value;
  return String(Number(shown.toFixed(6)));
}

/** The unit word shown next to a number question's input. */
export function unitLabel(check: RubricCheck): string {
  if (asksPercent(check)) return '%';
  return check.question?.unit ?? defaultUnit(check.format);
}

function defaultUnit(format: CheckFormat | undefined): string {
  switch (format) {
    case 'days':
      return 'days';
    case 'multiple':
      return '×';
    default:
      return '';
  }
}

/** The label of an answer: the choice's label, or the typed number with its unit. */
export function answerLabel(check: QuestionedCheck, value: number | null): string {
  if (value === null) return SKIP_LABEL;
  const choice = check.question.kind === 'choice' ? choiceFor(check.question, value) : undefined;
  if (choice) return choice.label;
  const unit = unitLabel(check);
  const shown = displayNumber(check, value);
  return unit === '' ? shown : unit === '%' || unit === '×' ? `${shown}${unit}` : `${shown} ${unit}`;
}

export function checkAnswer(check: QuestionedCheck, value: number | null): CheckAnswer {
  return { value, label: answerLabel(check, value) };
}

/**
 * Parse what was typed at a number question. Returns the value in the metric's unit, the
 * words `skip` / `back`, or an error message. Percent checks take "35" or "35%" for 0.35.
 */
export function parseNumberAnswer(check: RubricCheck, typed: string): { value: number } | { word: 'skip' | 'back' } | { error: string } {
  const text = typed.trim().toLowerCase();
  if (text === SKIP_WORD || text === '?' || text === "don't know") return { word: 'skip' };
  if (text === 'back' || text === '<') return { word: 'back' };
  const percent = asksPercent(check);
  const m = /^(-?\d+(?:\.\d+)?|-?\.\d+)\s*(%?)$/.exec(text.replace(/,/g, ''));
  if (!m || (m[2] === '%' && !percent)) {
    return { error: `type a number${percent ? ' (a percentage, e.g. 35 for 35%)' : ''}, "skip" if you don't know, or "back"` };
  }
  const number = Number(m[1]);
  if (number < 0) return { error: 'type a number of 0 or more' };
  const value = percent ? Number((number / 100).toFixed(10)) : number;
  if (percent && value > 2) return { error: 'type a percentage up to 200' };
  return { value };
}
