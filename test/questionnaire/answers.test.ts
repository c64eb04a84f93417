/** Answers files: validation with file:line, question id and allowed values; save → load round trip. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/metrics/index.js';
import { InputError } from '../../src/inputs/read-input.js';
import { loadAnswers, serializeAnswers, validateAnswers, type Answers } from '../../src/questionnaire/answers.js';
import { surveyItems } from '../../src/questionnaire/questions.js';
import { defaultRubricPath, loadRubric } from '../../src/rubric/load.js';

const rubric = loadRubric(defaultRubricPath(), METRICS);
const check = (text: string) => validateAnswers(text, 'a.yaml', rubric);
const codes = (text: string) => check(text).issues.map((i) => [i.code, i.line, i.path]);

describe('validateAnswers', () => {
  it('reads values, skip and empty values as "don\'t know"', () => {
    const { answers, issues } = check('version: 1\nrubric: default\ndate: 2026-06-30\nanswers:\n  unused-feature-share: 0.7\n  new-feature-retention-90d: skip\n  promised-feature-adoption:\n');
    expect(issues).toEqual([]);
    expect(answers).toEqual({
      date: '2026-06-30',
      rubric: 'default',
      values: new Map<string, number | null>([
        ['unused-feature-share', 0.7],
        ['new-feature-retention-90d', null],
        ['promised-feature-adoption', null],
      ]),
    });
  });

  it('names the line, the question id and the allowed values of a wrong answer', () => {
    const { issues } = check('version: 1\ndate: 2026-06-30\nanswers:\n  unused-feature-share: 0.65\n  time-to-value-days: "40%"\n');
    expect(issues).toEqual([
      {
        code: 'BAD_ANSWER',
        path: 'answers.unused-feature-share',
        line: 4,
        column: 3,
        message:
          "0.65 is not one of this question's answers; allowed: 0.3 (Only a few of them (under 40%)), 0.5 (Some of them (40–60%)), 0.7 (Most of them (60–80%)), 0.9 (Nearly all of them (over 80%)), or skip",
      },
      {
        code: 'BAD_ANSWER',
        path: 'answers.time-to-value-days',
        line: 5,
        column: 3,
        message:
          "must be a number or skip, got '40%'; write percentages as fractions, e.g. 0.4 for 40%; allowed: 1 (Within three days), 8 (Four days to two weeks), 30 (More than two weeks), or skip",
      },
    ]);
  });

  it('reports unknown question ids with a suggestion, and every other problem, in line order', () => {
    expect(codes('version: 2\ndate: 30/06/2026\nanwsers: {}\n')).toEqual([
      ['BAD_VALUE', 1, 'version'],
      ['BAD_VALUE', 2, 'date'],
      ['UNKNOWN_FIELD', 3, 'anwsers'],
    ]);
    expect(codes('date: 2026-06-30\n')).toEqual([
      ['MISSING_FIELD', 1, 'version'],
      ['MISSING_FIELD', 1, 'answers'],
    ]);
    const unknown = check('version: 1\ndate: 2026-06-30\nanswers:\n  unused-feature-shares: 0.7\n');
    expect(unknown.issues[0]).toMatchObject({ code: 'UNKNOWN_QUESTION', line: 4, message: "rubric 'default' has no check 'unused-feature-shares'; did you mean 'unused-feature-share'?" });
  });

  it('reports YAML syntax and duplicate answers', () => {
    expect(codes('version: 1\ndate: 2026-06-30\nanswers:\n  unused-feature-share: [0.7\n').map((i) => i[0])).toContain('YAML_SYNTAX');
    expect(codes('version: 1\ndate: 2026-06-30\nanswers:\n  unused-feature-share: 0.7\n  unused-feature-share: 0.3\n').map((i) => i[0])).toEqual(['DUPLICATE_KEY']);
  });

  it('refuses an answer for a check that has no question', () => {
    const text = 'version: 1\ndate: 2026-06-30\nanswers:\n  unused-feature-share: 0.7\n';
    const bare = { ...rubric, categories: rubric.categories.map((c) => ({ ...c, checks: c.checks.map(({ question: _q, ...k }) => k) })) };
    expect(validateAnswers(text, 'a.yaml', bare).issues.map((i) => i.code)).toEqual(['NO_QUESTION']);
  });
});

describe('loadAnswers and serializeAnswers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-answers-'));

  it('lists every mistake of a file at once, each with file:line (one InputError)', () => {
    const file = join(dir, 'several.yaml');
    writeFileSync(file, 'version: 2\nrubric: [default]\ndate: 2026-02-30\nnotes: hi\nanswers:\n  unused-feature-share: 60%\n  activation: 0.5\n  time-to-value-days: 8\n');
    let error: unknown;
    try {
      loadAnswers(file, rubric);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message.split('\n').map((l) => /^(.+?:\d+: [^ ]+):/.exec(l)?.[1])).toEqual([
      `${file}:1: version`,
      `${file}:2: rubric`,
      `${file}:3: date`,
      `${file}:4: notes`,
      `${file}:6: answers.unused-feature-share`,
      `${file}:7: answers.activation`,
    ]);
    expect((error as InputError).issues.map((i) => i.code)).toEqual(['BAD_VALUE', 'WRONG_TYPE', 'BAD_VALUE', 'UNKNOWN_FIELD', 'BAD_ANSWER', 'UNKNOWN_QUESTION']);
    expect((error as InputError).message).toContain('write percentages as fractions, e.g. 0.6 for 60%');
  });

  it('round-trips every value of every question, with skips, through the saved file', () => {
    const values = new Map<string, number | null>();
    surveyItems(rubric).forEach((item, i) => values.set(item.check.id, i % 5 === 4 ? null : item.check.question.choices[i % item.check.question.choices.length]!.value));
    const answers: Answers = { date: '2026-06-30', rubric: 'default', values };
    const text = serializeAnswers(answers, rubric);
    expect(text).toContain('version: 1\nrubric: default\ndate: 2026-06-30\nanswers:\n  # --- Curb appeal over lasting value\n');
    expect(text).toContain('  unused-feature-share: 0.3  # Only a few of them (under 40%)\n');
    expect(text).toMatch(/^ {2}single-account-feature-share: skip$/m);
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, text);
    expect(loadAnswers(file, rubric)).toEqual(answers);
  });

  it('no prefix of a saved file loads: the completeness marker refuses every cut (the whole file and it without its last newline load)', () => {
    const values = new Map<string, number | null>();
    surveyItems(rubric).forEach((item, i) => values.set(item.check.id, i % 5 === 4 ? null : item.check.question.choices[0]!.value));
    const text = serializeAnswers({ date: '2026-06-30', rubric: 'default', values }, rubric);
    expect(text.endsWith('# end of answers\n')).toBe(true);
    const loaded: number[] = [];
    for (let n = 0; n < text.length; n++) if (validateAnswers(text.slice(0, n), 'a.yaml', rubric).answers !== null) loaded.push(n);
    expect(loaded).toEqual([text.length - 1]);
  });

  it('writes a partial set (stopped early) that loads back with only those answers', () => {
    const answers: Answers = { date: '2026-06-30', rubric: 'default', values: new Map([['unused-feature-share', 0.9]]) };
    const { answers: loaded, issues } = validateAnswers(serializeAnswers(answers, rubric), 'a.yaml', rubric);
    expect(issues).toEqual([]);
    expect(loaded).toEqual(answers);
    const empty: Answers = { date: '2026-06-30', rubric: 'default', values: new Map() };
    expect(validateAnswers(serializeAnswers(empty, rubric), 'a.yaml', rubric).answers).toEqual(empty);
  });

  it('throws InputError (exit 2) with file:line: path: message lines, and for a missing file', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\ndate: 2026-06-30\nanswers:\n  unused-feature-share: 0.65\n');
    try {
      loadAnswers(file, rubric);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const e = error as InputError;
      expect(e).toMatchObject({ code: 'ANSWERS_INVALID', exitCode: 2 });
      expect(e.message).toMatch(new RegExp(`^${file}:4: answers.unused-feature-share: 0.65 is not one of`));
      expect(e.hint).toContain('docs/survey.md');
    }
    expect(() => loadAnswers(join(dir, 'none.yaml'), rubric)).toThrow(/answers file not found/);
  });
});
