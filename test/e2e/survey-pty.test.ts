/**
 * The real interactive survey in a pseudo-terminal (tmux): every question answered by key
 * presses, with a non-default choice, a number key, a skip and a "← back"; then Ctrl-C and
 * --resume. Checks the saved answers file, the report, and that replaying the answers with
 * --answers gives byte-identical JSON. Needs tmux (`apt-get install -y tmux`).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METRICS } from '../../src/metrics/index.js';
import { surveyItems } from '../../src/questionnaire/questions.js';
import { defaultRubricPath, loadRubric } from '../../src/rubric/load.js';
import { runCli } from './run-cli.js';
import { hasTmux, TmuxSession } from './tmux.js';

/** Questions in the default rubric. */
const TOTAL = surveyItems(loadRubric(defaultRubricPath(), METRICS)).length;
const prompt = (k: number) => new RegExp(`^\\? \\(${k}/${TOTAL}\\) `, 'm');

interface Check { id: string; status: string; value: number | null; reason: string | null; valueSource: string; answer: { value: number | null; label: string } | null }
const checksOf = (report: { categories: Array<{ checks: Check[] }> }) => new Map(report.categories.flatMap((c) => c.checks).map((c) => [c.id, c]));

describe('pullcheck survey in a terminal', () => {
  const sessions: TmuxSession[] = [];
  const start = (command: string) => {
    const session = new TmuxSession(command, { width: 110, height: 45 });
    sessions.push(session);
    return session;
  };
  afterEach(() => {
    for (const s of sessions.splice(0)) s.close();
  });

  it('tmux is installed (the terminal tests need it: apt-get install -y tmux)', () => {
    expect(hasTmux()).toBe(true);
  });

  it.runIf(hasTmux())('answers every question by key presses, saves the answers, and the replay is byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-pty-'));
    const answersFile = join(dir, 'answers.yaml');
    const reportFile = join(dir, 'report.json');
    const tty = start(`node bin/pullcheck.js survey --answers-out ${answersFile} --format json --output ${reportFile}`);

    const first = await tty.waitFor(prompt(1));
    expect(first).toContain(`pullcheck survey · ${TOTAL} questions in 7 parts`);
    expect(first).toContain('── Part 1 of 7: Curb appeal over lasting value (CA) · 3 questions');
    expect(first).toMatch(/Why it matters: Features built to win a deal/);
    expect(first).toMatch(/❯ 5\. Don't know \/ skip/); // nothing preselected but "don't know"
    expect(first).toContain('Nothing is preselected: Enter alone means "Don\'t know / skip"');
    expect(first).not.toMatch(/\d\. ← back/); // nothing to go back to
    tty.keys('Up', 'Up', 'Enter'); // Q1: up from "don't know" to "Most of them"

    await tty.waitFor(prompt(2));
    tty.keys('3', 'Enter'); // Q2: by its number, "Fewer than a quarter"

    const q3 = await tty.waitFor(prompt(3));
    expect(q3).toMatch(/5\. ← back/);
    tty.keys('Down', 'Enter'); // Q3: from "don't know" down to "← back"

    const again = await tty.waitFor(prompt(2));
    expect(again).toMatch(/❯ 3\. Fewer than a quarter/); // the answer given, highlighted
    tty.keys('Up', 'Enter'); // Q2 changed to "A quarter to a half"

    await tty.waitFor(prompt(3));
    tty.keys('Enter'); // Q3: Enter alone, "Don't know / skip"

    const q4 = await tty.waitFor(prompt(4));
    expect(q4).toContain('── Part 2 of 7: Roadmap captured by deals (RC) · 3 questions');
    tty.keys('1');
    await tty.waitFor(/❯ 1\. Few of them \(under 20%\)/);
    tty.keys('Enter'); // Q4: picked by its number

    // Q5 and Q6 answered; Enter alone through the rest: "don't know", never a middle answer no one gave
    await tty.waitFor(prompt(5));
    tty.keys('2', 'Enter');
    await tty.waitFor(prompt(6));
    tty.keys('2', 'Enter');
    for (let k = 7; k <= TOTAL; k++) {
      await tty.waitFor(prompt(k));
      tty.keys('Enter');
    }
    expect(await tty.exitCode()).toBe(0);
    const end = tty.screen();
    expect(end).toContain(`All ${TOTAL} questions done: 5 answered, ${TOTAL - 5} skipped. Answers saved to ${answersFile}.`);
    expect(end).toContain(`report written to ${reportFile}`);

    // The saved answers file.
    const saved = parse(readFileSync(answersFile, 'utf8'));
    expect(saved).toMatchObject({ version: 1, rubric: 'default', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(Object.keys(saved.answers)).toHaveLength(TOTAL);
    expect(saved.answers).toMatchObject({
      'unused-feature-share': 0.7,
      'new-feature-retention-90d': 0.375,
      'promised-feature-adoption': 'skip',
      'sales-requested-release-share': 0.1,
      'single-account-feature-share': 0.175,
      'sales-cycle-ratio': 'skip', // Enter alone
    });

    // The report.
    const json = readFileSync(reportFile, 'utf8');
    const report = JSON.parse(json);
    expect(report.asOf).toBe(saved.date);
    expect(report.inputs.answers).toEqual({ date: saved.date, questions: TOTAL, answered: 5, skipped: TOTAL - 5, unanswered: 0 });
    const checks = checksOf(report);
    expect(checks.get('unused-feature-share')).toMatchObject({ status: 'warn', value: 0.7, valueSource: 'answer', answer: { label: 'Most of them (60–80%)' } });
    expect(checks.get('promised-feature-adoption')).toMatchObject({ status: 'insufficient-data', reason: 'not answered', value: null });
    expect(checks.get('sales-requested-release-share')).toMatchObject({ status: 'pass', value: 0.1 });
    expect(report.verdict).toBe('insufficient-data'); // five answers are no diagnosis
    const text = runCli(['survey', '--answers', answersFile]).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(`${TOTAL - 5} of ${TOTAL} questions are left (skipped or not reached); answer them with: pullcheck survey --resume`);
    expect(text).not.toContain('Export more tables');

    // Replaying the saved answers gives the same bytes.
    const replay = runCli(['survey', '--answers', answersFile, '--format', 'json']);
    expect(replay.code, replay.stderr).toBe(0);
    expect(replay.stdout).toBe(json);
  });

  it.runIf(hasTmux())('takes typed numbers, "skip" and "back" at number questions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-pty-'));
    const rubricFile = join(dir, 'numbers.yaml');
    writeFileSync(
      rubricFile,
      [
        'id: numbers',
        'name: Number questions',
        'version: 1',
        'categories:',
        '  - id: pull',
        '    title: Product pull',
        '    weight: 1',
        '    checks:',
        ...[
          ['time-to-value-days', '{ better: lower, pass: 3, fail: 14 }', 'days', 'How many days from signup to first value?', '    unit: days\n    default: 7'],
          ['unassisted-activation-rate', '{ better: higher, pass: 0.4, fail: 0.25 }', 'percent', 'What share of signups activate on their own?', '    default: 0.3'],
          ['self-serve-won-share', '{ better: higher, pass: 0.5, fail: 0.2 }', 'percent', 'What share of deals close without a meeting?', '    default: 0.3'],
        ].flatMap(([id, threshold, format, text, rest]) => [
          `      - id: ${id}`,
          `        metric: ${id}`,
          '        weight: 1',
          `        threshold: ${threshold}`,
          '        basis: judgement',
          '        title: Good',
          '        failureTitle: Bad',
          '        recommendation: Do better.',
          `        format: ${format}`,
          '        question:',
          `          text: ${text}`,
          '          help: It matters.',
          '          kind: number',
          ...rest!.split('\n').map((l) => `      ${l}`),
        ]),
        '',
      ].join('\n'),
    );
    const answersFile = join(dir, 'answers.yaml');
    const tty = start(`node bin/pullcheck.js survey --rubric ${rubricFile} --answers-out ${answersFile} --as-of 2026-06-30 --format json --output ${join(dir, 'r.json')}`);
    const q1 = await tty.waitFor(/^\? \(1\/3\) How many days from signup to first value\? \(days\) \(skip\)/m); // no suggested number
    expect(q1).toContain('Type a number in days; Enter alone keeps what is in brackets; "skip" if you don\'t know.');
    tty.keys('-l', '2.5');
    tty.keys('Enter');
    await tty.waitFor(/^\? \(2\/3\) What share of signups activate on their own\? \(%\) \(skip\)/m);
    tty.keys('-l', 'lots');
    tty.keys('Enter');
    await tty.waitFor(/type a number \(a percentage, e\.g\. 35 for 35%\)/);
    for (let i = 0; i < 4; i++) tty.keys('BSpace');
    tty.keys('-l', 'back');
    tty.keys('Enter');
    await tty.waitFor(/^\? \(1\/3\) How many days from signup to first value\? \(days\) \(2\.5\)/m);
    tty.keys('Enter'); // keep 2.5
    await tty.waitFor(/^\? \(2\/3\)/m);
    tty.keys('-l', '45%');
    tty.keys('Enter');
    await tty.waitFor(/^\? \(3\/3\)/m);
    tty.keys('-l', 'skip');
    tty.keys('Enter');
    expect(await tty.exitCode()).toBe(0);
    const saved = parse(readFileSync(answersFile, 'utf8'));
    expect(saved).toEqual({
      version: 1,
      rubric: 'numbers',
      date: '2026-06-30',
      answers: { 'time-to-value-days': 2.5, 'unassisted-activation-rate': 0.45, 'self-serve-won-share': 'skip' },
    });
    const checks = checksOf(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')));
    expect(checks.get('time-to-value-days')).toMatchObject({ status: 'pass', value: 2.5, answer: { label: '2.5 days' } });
    expect(checks.get('unassisted-activation-rate')).toMatchObject({ status: 'pass', value: 0.45, answer: { label: '45%' } });
    expect(checks.get('self-serve-won-share')).toMatchObject({ status: 'insufficient-data', reason: 'not answered' });
  });

  it.runIf(hasTmux())('Ctrl-C leaves cleanly (exit 130) and saves the answers so far; --resume continues where it stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-pty-'));
    const answersFile = join(dir, 'partial.yaml');
    const tty = start(`node bin/pullcheck.js survey --answers-out ${answersFile}`);
    await tty.waitFor(prompt(1));
    tty.keys('4', 'Enter'); // Q1: "Nearly all of them"
    await tty.waitFor(prompt(2));
    tty.keys('2', 'Enter'); // Q2: "A quarter to a half"
    await tty.waitFor(prompt(3));
    tty.keys('C-c');
    expect(await tty.exitCode()).toBe(130);
    const stopped = tty.screen();
    expect(stopped).toContain(`pullcheck: survey stopped at question 3 of ${TOTAL}; 2 answers saved to ${answersFile}`);
    expect(stopped).toMatch(new RegExp(`hint: continue with: pullcheck survey --resume ${answersFile}`));
    const partial = parse(readFileSync(answersFile, 'utf8'));
    expect(partial.answers).toEqual({ 'unused-feature-share': 0.9, 'new-feature-retention-90d': 0.375 });

    const resumed = start(`node bin/pullcheck.js survey --resume ${answersFile} --format json --output ${join(dir, 'r.json')}`);
    const screen = await resumed.waitFor(prompt(3));
    expect(screen).toContain(`Resuming ${answersFile}: 2 of ${TOTAL} questions already answered`);
    expect(screen).not.toMatch(prompt(1));
    for (let k = 3; k <= TOTAL; k++) {
      await resumed.waitFor(prompt(k));
      resumed.keys('Enter');
    }
    expect(await resumed.exitCode()).toBe(0);
    const done = parse(readFileSync(answersFile, 'utf8'));
    expect(done.date).toBe(partial.date);
    expect(Object.keys(done.answers)).toHaveLength(TOTAL);
    expect(done.answers['unused-feature-share']).toBe(0.9);
  });
});
