/** `pullcheck survey` without a terminal, replaying answers files, and `analyze --answers` with the perception gap. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METRICS } from '../../src/metrics/index.js';
import { surveyItems } from '../../src/questionnaire/questions.js';
import { defaultRubricPath, loadRubric } from '../../src/rubric/load.js';
import { runCli } from './run-cli.js';

/** Questions in the default rubric; the answers file below answers 4 and skips 1. */
const TOTAL = surveyItems(loadRubric(defaultRubricPath(), METRICS)).length;

const dir = mkdtempSync(join(tmpdir(), 'pullcheck-survey-e2e-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** What a sales-led team might believe about itself. */
const OPTIMISTIC = file(
  'optimistic.yaml',
  [
    'version: 1',
    'rubric: default',
    'date: 2026-06-30',
    'answers:',
    '  unassisted-activation-rate: 0.5      # "Most get going on their own"',
    '  post-close-shelfware-rate: 0.05',
    '  sales-sourced-won-share: 0.65        # "More than half": the team knows this one',
    '  self-serve-won-share: skip',
    '  free-to-paid-conversion-90d: 0.08',
    '',
  ].join('\n'),
);

describe('pullcheck survey without a terminal', () => {
  it('exits 2 and says how to provide answers', () => {
    const r = runCli(['survey']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pullcheck: survey asks its questions in a terminal/);
    expect(r.stderr).toMatch(/hint: .*pullcheck survey --answers answers\.yaml.*--answers-out/);
  });

  it('documents its options, keys and exit codes in --help', () => {
    const r = runCli(['survey', '--help']);
    expect(r.code).toBe(0);
    for (const text of ['--answers <file>', '--answers-out <file>', '--resume <file>', '--format', '← back', '130 stopped with Ctrl-C']) {
      expect(r.stdout).toContain(text);
    }
    expect(runCli(['analyze', '--help']).stdout).toContain('--answers <file>');
  });

  it('refuses an --answers-out path it could not write, before asking anything', () => {
    const r = runCli(['survey', '--answers-out', '/no/such/dir/answers.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pullcheck: cannot save answers to \/no\/such\/dir\/answers\.yaml: its folder does not exist/);
  });

  it('refuses --resume with --answers', () => {
    const r = runCli(['survey', '--answers', OPTIMISTIC, '--resume', OPTIMISTIC]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--resume and --answers cannot be used together');
  });
});

describe('pullcheck survey --answers', () => {
  it('replays an answers file into a scored report, byte-identical on every run', () => {
    const first = runCli(['survey', '--answers', OPTIMISTIC, '--format', 'json']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`^note: ${TOTAL - 5} questions have no answer in .*optimistic\.yaml and count as not answered: unused-feature-share, `));
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ schemaVersion: 2, asOf: '2026-06-30', perceptionGap: null, inputs: { files: [], answers: { answered: 4, skipped: 1, unanswered: TOTAL - 5 } } });
    const checks = report.categories.flatMap((c: { checks: unknown[] }) => c.checks);
    expect(checks.find((c: { id: string }) => c.id === 'unassisted-activation-rate')).toMatchObject({ status: 'pass', value: 0.5, valueSource: 'answer' });
    expect(checks.find((c: { id: string }) => c.id === 'self-serve-won-share')).toMatchObject({ status: 'insufficient-data', reason: 'not answered' });
    expect(runCli(['survey', '--answers', OPTIMISTIC, '--format', 'json']).stdout).toBe(first.stdout);

    const out = join(dir, 'report.json');
    const toFile = runCli(['survey', '--answers', OPTIMISTIC, '--format', 'json', '--output', out]);
    expect(toFile.stderr).toContain(`report written to ${out}`);
    expect(readFileSync(out, 'utf8')).toBe(first.stdout);
  });

  it('renders the terminal report from answers', () => {
    const r = runCli(['survey', '--answers', OPTIMISTIC]);
    expect(r.code).toBe(0);
    // 4 answers cover too little of the rubric for one score: the range, with coverage.
    expect(r.stdout).toMatch(/Score\s+range \d+–\d+ \/ 100\s+INSUFFICIENT-DATA\s+coverage \d+% of rubric weight, below the 50% floor/);
    expect(r.stdout).toContain('50% · answered "Most get going on their own (40% or more)"');
    expect(r.stdout).toContain(`answers of 2026-06-30: 4 of ${TOTAL} questions answered, 1 skipped, ${TOTAL - 5} not answered`);
  });

  it('exits 2 naming file, line, question id and allowed values for an invalid answers file', () => {
    const bad = file('bad.yaml', 'version: 1\ndate: 2026-06-30\nanswers:\n  unused-feature-share: 0.65\n  activation: 0.5\n');
    const r = runCli(['survey', '--answers', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(
      `pullcheck: ${bad}:4: answers.unused-feature-share: 0.65 is not one of this question's answers; allowed: 0.3 (Only a few of them (under 40%)), 0.5 (Some of them (40–60%)), 0.7 (Most of them (60–80%)), 0.9 (Nearly all of them (over 80%)), or skip`,
    );
    expect(lines[1]).toMatch(new RegExp(`^${bad}:5: answers.activation: rubric 'default' has no check 'activation'`));
    expect(lines[2]).toMatch(/^hint: .*docs\/survey\.md/);
    const missing = runCli(['survey', '--answers', join(dir, 'none.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('answers file not found');
  });
});

describe('pullcheck analyze --answers: data and answers together', () => {
  const json = runCli(['analyze', 'fixtures/sales-led', '--answers', OPTIMISTIC, '--format', 'json']);
  const report = JSON.parse(json.stdout);
  const checks = report.categories.flatMap((c: { checks: unknown[] }) => c.checks) as Array<{ id: string; valueSource: string; answer: unknown; status: string }>;

  it('uses the data where it has a value and the answers file does not change the data as-of', () => {
    expect(json.code, json.stderr).toBe(0);
    expect(report.asOf).toBe('2026-06-30');
    expect(checks.find((c) => c.id === 'unassisted-activation-rate')).toMatchObject({ valueSource: 'data', answer: { value: 0.5 } });
    for (const c of checks) if (c.valueSource === 'answer') expect(c.status).not.toBe('insufficient-data');
  });

  it('shows the perception gap: the optimistic beliefs disagree with the data, the accurate one agrees', () => {
    const gap = report.perceptionGap;
    expect(gap.compared).toBeGreaterThanOrEqual(3);
    const activation = gap.checks.find((e: { check: string }) => e.check === 'unassisted-activation-rate');
    expect(activation).toMatchObject({ agreement: 'disagree', direction: 'optimistic', answered: { status: 'pass', value: 0.5 }, measured: { status: 'fail' } });
    expect(activation.statement).toMatch(
      /^You said "Most get going on their own \(40% or more\)", but the data shows [\d.]+% of signups activated within 14 days without a sales touch: a fail on this check, where your answer would be a pass/,
    );
    const shelfware = gap.checks.find((e: { check: string }) => e.check === 'post-close-shelfware-rate');
    expect(shelfware).toMatchObject({ agreement: 'disagree', direction: 'optimistic' });
    const sourced = gap.checks.find((e: { check: string }) => e.check === 'sales-sourced-won-share');
    expect(sourced).toMatchObject({ agreement: 'agree', direction: null });
    expect(sourced.statement).toMatch(/^You said "More than half", and the data agrees: [\d.]+% of won revenue came from sales-sourced deals\.$/);
    expect(gap.checks.some((e: { check: string }) => e.check === 'self-serve-won-share')).toBe(false); // skipped
    expect(gap.disagree).toBe(gap.checks.filter((e: { agreement: string }) => e.agreement === 'disagree').length);
  });

  it('prints the perception gap in the terminal report, disagreements first', () => {
    const r = runCli(['analyze', 'fixtures/sales-led', '--answers', OPTIMISTIC]);
    expect(r.code).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf('Perception gap'));
    expect(section).toMatch(/^Perception gap: what the team said, and what the data shows\n\s+\d+ checks have both an answer and data: \d+ disagree \(\d+ more optimistic than the data\), \d+ agree\./);
    expect(section).toMatch(/≠ DISAGREE Few signups activate without a salesperson \[unassisted-activation-rate\] · team more optimistic/);
    expect(section).toMatch(/said 50% \(pass\) · data [\d.]+%, n = [\d,]+ signups \(fail\)/);
    expect(section.indexOf('≠ DISAGREE')).toBeLessThan(section.indexOf('= agree'));
    expect(r.stdout).toContain(`answers of 2026-06-30: 4 of ${TOTAL} questions answered, 1 skipped, ${TOTAL - 5} not answered`);
  });

  it('is deterministic with answers too', () => {
    expect(runCli(['analyze', 'fixtures/sales-led', '--answers', OPTIMISTIC, '--format', 'json']).stdout).toBe(json.stdout);
  });
});
