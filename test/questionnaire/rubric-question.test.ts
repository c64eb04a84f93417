/** The rubric loader validates questions with file:line issues, like every other rubric field. */
import { describe, expect, it } from 'vitest';
import { validateRubric } from '../../src/rubric/load.js';

const METRICS = [{ id: 'unused-feature-share', defaultParams: { minN: 10 } }, { id: 'time-to-value-days', defaultParams: { minN: 30 } }];

/** A one-check rubric whose check ends with the given `question:` lines (indented 8). */
function rubricWith(question: string, format = 'percent', metric = 'unused-feature-share'): string {
  const threshold = metric === 'time-to-value-days' ? '{ better: lower, pass: 3, fail: 14 }' : '{ better: lower, pass: 0.6, fail: 0.8 }';
  return [
    'id: q',
    'name: Questions',
    'version: 1',
    'categories:',
    '  - id: ca',
    '    title: CA',
    '    weight: 1',
    '    checks:',
    `      - id: ${metric}`,
    `        metric: ${metric}`,
    '        weight: 1',
    `        threshold: ${threshold}`,
    '        basis: judgement',
    '        title: Good',
    '        failureTitle: Bad',
    '        recommendation: Do it.',
    `        format: ${format}`,
    ...question.split('\n').map((l) => `        ${l}`),
  ].join('\n');
}

const issues = (text: string) => validateRubric(text, 'q.yaml', METRICS).issues.map((i) => [i.code, i.line, i.path, i.message]);

const GOOD = `question:
  text: How many?
  help: Because.
  kind: choice
  choices:
    - { label: Few, value: 0.3 }
    - { label: Some, value: 0.7 }
    - { label: Most, value: 0.9 }
  default: 0.7
  finding: "{value} unused"`;

describe('rubric questions', () => {
  it('normalises a valid choice question onto the check', () => {
    const { rubric, issues: found } = validateRubric(rubricWith(GOOD), 'q.yaml', METRICS);
    expect(found).toEqual([]);
    expect(rubric?.categories[0]?.checks[0]?.question).toEqual({
      text: 'How many?',
      help: 'Because.',
      kind: 'choice',
      choices: [
        { label: 'Few', value: 0.3 },
        { label: 'Some', value: 0.7 },
        { label: 'Most', value: 0.9 },
      ],
      default: 0.7,
      finding: '{value} unused',
      line: 19,
    });
  });

  it('accepts a number question with a unit and no choices', () => {
    const text = rubricWith('question:\n  text: How many days?\n  help: Because.\n  kind: number\n  unit: days\n  default: 7', 'days', 'time-to-value-days');
    const { rubric, issues: found } = validateRubric(text, 'q.yaml', METRICS);
    expect(found).toEqual([]);
    expect(rubric?.categories[0]?.checks[0]?.question).toMatchObject({ kind: 'number', choices: [], default: 7, unit: 'days' });
  });

  it('reports a default that is not a choice value, with the allowed values', () => {
    expect(issues(rubricWith(GOOD.replace('default: 0.7', 'default: 0.5')))).toEqual([
      ['BAD_DEFAULT', 26, 'categories[0].checks[0].question.default', 'must be one of the choice values: 0.3, 0.7, 0.9; got 0.5'],
    ]);
  });

  it('reports too few choices, duplicate values and labels, percentages written as whole numbers', () => {
    expect(issues(rubricWith('question:\n  text: Q?\n  help: H.\n  kind: choice\n  choices:\n    - { label: Only, value: 0.3 }\n  default: 0.3')).map((i) => i[0])).toEqual(['BAD_CHOICES']);
    const dupes = rubricWith(GOOD.replace('{ label: Some, value: 0.7 }', '{ label: Few, value: 0.3 }').replace('default: 0.7', 'default: 0.3'));
    expect(issues(dupes)).toEqual([
      ['BAD_CHOICES', 24, 'categories[0].checks[0].question.choices[1].value', 'value 0.3 is used by another choice; each choice needs its own value'],
    ]);
    const whole = rubricWith(GOOD.replace('value: 0.9', 'value: 90'));
    expect(issues(whole)).toEqual([
      ['BAD_VALUE', 25, 'categories[0].checks[0].question.choices[2].value', '90 looks like a percentage; with format: percent write fractions, e.g. 0.9 for 90%'],
    ]);
  });

  it('reports missing fields, a bad kind, a misspelt field, choices on a number question and a finding without {value}', () => {
    expect(issues(rubricWith('question:\n  text: Q?\n  kind: choice\n  default: 1')).map((i) => [i[0], i[2]])).toEqual([
      ['MISSING_FIELD', 'categories[0].checks[0].question.help'],
      ['MISSING_FIELD', 'categories[0].checks[0].question.choices'],
    ]);
    expect(issues(rubricWith(GOOD.replace('kind: choice', 'kind: choise'))).map((i) => [i[0], i[3]])).toEqual([
      ['BAD_VALUE', "must be one of choice | number, got 'choise'; did you mean 'choice'?"],
    ]);
    expect(issues(rubricWith(GOOD.replace('choices:', 'choice:'))).map((i) => [i[0], i[3]])).toEqual([
      ['UNKNOWN_FIELD', "unknown field 'choice'; did you mean 'choices'?"],
    ]);
    expect(issues(rubricWith(GOOD.replace('kind: choice', 'kind: number'))).map((i) => i[0])).toEqual(['BAD_CHOICES']);
    expect(issues(rubricWith(GOOD.replace('"{value} unused"', 'unused'))).map((i) => [i[0], i[2]])).toEqual([
      ['BAD_VALUE', 'categories[0].checks[0].question.finding'],
    ]);
  });
});
