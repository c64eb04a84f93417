/** Answers become the same report as an analysis: scored by the rubric, with the source of each value. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline/analyze.js';
import { METRICS } from '../../src/metrics/index.js';
import { loadAnswers, serializeAnswers, type Answers } from '../../src/questionnaire/answers.js';
import { surveyItems } from '../../src/questionnaire/questions.js';
import { surveyReport } from '../../src/report/survey.js';
import { renderJson } from '../../src/renderers/json.js';
import { renderTerminal } from '../../src/renderers/terminal.js';
import { defaultRubricPath, loadRubric } from '../../src/rubric/load.js';

const rubric = loadRubric(defaultRubricPath(), METRICS);
const items = surveyItems(rubric);

function answersWith(overrides: Record<string, number | null>, drop: string[] = []): Answers {
  const values = new Map<string, number | null>();
  for (const item of items) {
    if (drop.includes(item.check.id)) continue;
    values.set(item.check.id, item.check.id in overrides ? overrides[item.check.id]! : item.check.question.default);
  }
  return { date: '2026-06-30', rubric: 'default', values };
}

const checksOf = (report: ReturnType<typeof surveyReport>) => report.categories.flatMap((c) => c.checks);

describe('surveyReport', () => {
  const answers = answersWith({ 'unused-feature-share': 0.3, 'new-feature-retention-90d': null, 'sales-cycle-ratio': 4 }, ['nrr-from-deals']);
  const report = surveyReport(rubric, answers);
  const byId = new Map(checksOf(report).map((c) => [c.id, c]));

  it('keeps the report shape; the as-of date is the answers date; no files, no perception gap', () => {
    expect(report).toMatchObject({ schemaVersion: 2, asOf: '2026-06-30', perceptionGap: null, warnings: [] });
    expect(report.inputs.files).toEqual([]);
    expect(report.inputs.answers).toEqual({ date: '2026-06-30', questions: items.length, answered: items.length - 2, skipped: 1, unanswered: 1 });
    expect(report.categories.map((c) => c.id)).toEqual(rubric.categories.map((c) => c.id));
  });

  it('scores answers with the check thresholds, like measured values', () => {
    expect(byId.get('unused-feature-share')).toMatchObject({
      status: 'pass', value: 0.3, score: 100, n: 1, nLabel: 'answer', title: 'Released features keep being used',
      valueSource: 'answer', answer: { value: 0.3, label: 'Only a few of them (under 40%)' }, reason: null, interval: null,
    });
    expect(byId.get('sales-cycle-ratio')).toMatchObject({ status: 'fail', value: 4, score: 0, title: 'Sales-sourced deals take far longer to close than product-sourced ones' });
    expect(byId.get('touches-per-won-deal-small')).toMatchObject({ status: 'warn', value: 6, score: 57.1 });
  });

  it('makes "don\'t know" and unanswered questions insufficient data, never a guess', () => {
    expect(byId.get('new-feature-retention-90d')).toMatchObject({
      status: 'insufficient-data', value: null, score: null, reason: 'not answered', valueSource: 'answer', answer: { value: null, label: "Don't know / skip" },
    });
    expect(byId.get('nrr-from-deals')).toMatchObject({ status: 'insufficient-data', reason: 'not answered', answer: null });
    expect(report.coverage).toBeLessThan(1);
  });

  it('is deterministic, and the same after a save and reload of the answers', () => {
    expect(renderJson(surveyReport(rubric, answers))).toBe(renderJson(report));
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-survey-'));
    writeFileSync(join(dir, 'a.yaml'), serializeAnswers(answers, rubric));
    expect(renderJson(surveyReport(rubric, loadAnswers(join(dir, 'a.yaml'), rubric)))).toBe(renderJson(report));
  });

  it('all defaults (the middle band everywhere) read as mixed', () => {
    const middle = surveyReport(rubric, answersWith({}));
    expect(middle.verdict).toBe('mixed');
    expect(middle.coverage).toBe(1);
  });

  it('renders answered values in the terminal with the answer and a note that nothing was measured', () => {
    const text = renderTerminal(report, undefined, { colorLevel: 0, width: 100 });
    expect(text).toMatch(/^pullcheck \S+ · survey answers · as of 2026-06-30/);
    expect(text).toContain("Scored from the team's answers, not measured");
    expect(text).toContain('30% · answered "Only a few of them (under 40%)" · pass ≤ 60%, fail ≥ 80% · score 100');
    expect(text).toContain(`answers of 2026-06-30: ${items.length - 2} of ${items.length} questions answered, 1 skipped, 1 not answered`);
    expect(text).not.toContain('Perception gap');
  });
});

describe('analyze with answers', () => {
  it('uses an answer where the data has no value (with the reason as a note), and keeps data reasons elsewhere', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-answers-'));
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, 'version: 1\ndate: 2026-05-01\nanswers:\n  buyer-user-role-overlap: 0.75\n  improvement-release-share: skip\n');
    const report = await analyze({ dataDir: 'fixtures/tiny', answersPath: file });
    const byId = new Map(report.categories.flatMap((c) => c.checks).map((c) => [c.id, c]));
    expect(report.asOf).toBe('2026-05-04'); // the data's as-of, not the answers date
    expect(byId.get('buyer-user-role-overlap')).toMatchObject({
      status: 'pass', value: 0.75, valueSource: 'answer', answer: { value: 0.75, label: 'Yes, mostly the same roles' },
      notes: ["no measured value (needs a contacts table; no contacts file was found); the value is the team's answer"],
    });
    expect(byId.get('improvement-release-share')).toMatchObject({ status: 'insufficient-data', valueSource: 'data', answer: { value: null } });
    expect(byId.get('improvement-release-share')?.reason).toMatch(/need 8/);
    expect(byId.get('unused-feature-share')).toMatchObject({ valueSource: 'data', answer: null });
    expect(report.perceptionGap).toEqual({ compared: 0, disagree: 0, optimistic: 0, pessimistic: 0, checks: [] });
    expect(report.inputs.answers).toMatchObject({ date: '2026-05-01', answered: 1, skipped: 1, unanswered: items.length - 2 });
  });

  it('leaves reports without answers as they were, plus the empty new fields', async () => {
    const report = await analyze({ dataDir: 'fixtures/tiny' });
    expect(report.perceptionGap).toBeNull();
    expect(report.inputs.answers).toBeNull();
    for (const check of report.categories.flatMap((c) => c.checks)) expect(check).toMatchObject({ valueSource: 'data', answer: null });
  });
});
