/** Every check of the default rubric has a plain-words question whose choices span pass, warn and fail. */
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/metrics/index.js';
import { surveyItems } from '../../src/questionnaire/questions.js';
import { defaultRubricPath, loadRubric } from '../../src/rubric/load.js';
import { statusOf } from '../../src/scoring/score.js';

const rubric = loadRubric(defaultRubricPath(), METRICS);
const checks = rubric.categories.flatMap((c) => c.checks);

describe('questions in rubrics/default.yaml', () => {
  it('every check has a question, and the survey asks them in rubric order', () => {
    for (const check of checks) expect(check.question, check.id).toBeDefined();
    const items = surveyItems(rubric);
    expect(items.map((i) => i.check.id)).toEqual(checks.map((c) => c.id));
    expect(items[0]).toMatchObject({ index: 1, total: checks.length, part: 1, parts: 7, inPart: 1, partSize: 3 });
    const last = rubric.categories.at(-1)!.checks.length;
    expect(items.at(-1)).toMatchObject({ index: checks.length, part: 7, inPart: last, partSize: last });
  });

  it.each(checks.map((c) => [c.id, c] as const))('%s: choices span pass, warn and fail; the default is one of them', (_id, check) => {
    const q = check.question!;
    expect(q.kind).toBe('choice');
    const statuses = q.choices.map((c) => statusOf(c.value, check.threshold));
    expect(new Set(statuses)).toEqual(new Set(['pass', 'warn', 'fail']));
    // Ordered from the good end to the bad end, each band strictly inside its status (not on a threshold).
    const values = q.choices.map((c) => c.value);
    const sorted = [...values].sort((a, b) => (check.threshold.better === 'lower' ? a - b : b - a));
    expect(values).toEqual(sorted);
    for (const v of values) expect([check.threshold.pass, check.threshold.fail]).not.toContain(v);
    expect(values).toContain(q.default);
    expect(statusOf(q.default, check.threshold), 'the highlighted default is the typical, middle band').toBe('warn');
  });

  it.each(checks.map((c) => [c.id, c] as const))('%s: reads as a plain question with help and a finding', (_id, check) => {
    const q = check.question!;
    expect(q.text).toMatch(/\?$/);
    expect(q.text.length).toBeLessThan(200);
    expect(q.help.length).toBeGreaterThan(40);
    expect(q.finding).toContain('{value}');
    // Written for a product or revenue leader: no metric ids or code words in what they read.
    for (const text of [q.text, q.help, ...q.choices.map((c) => c.label)]) {
      for (const id of new Set(checks.flatMap((c) => [c.id, c.metric]))) expect(text).not.toContain(id);
      expect(text).not.toMatch(/[{}_]|\bT\b|\bn =/);
      expect(text, 'a hyphenated word broken by line folding').not.toMatch(/[a-z]- [a-z]/);
    }
  });
});
