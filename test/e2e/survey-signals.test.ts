/**
 * The survey stopped by a signal (issue 17, item 6): SIGTERM and SIGHUP (a killed job, a closed
 * terminal) save the answers given so far, as Ctrl-C does, and exit 128 + the signal's number.
 * Answers files pullcheck writes end with a completeness marker: one cut short is refused with
 * its line, never read as fewer or different answers (1.3 cut to 1); hand-written ones load.
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

const TOTAL = surveyItems(loadRubric(defaultRubricPath(), METRICS)).length;
const prompt = (k: number) => new RegExp(`^\\? \\(${k}/${TOTAL}\\) `, 'm');

describe('survey stopped by a signal', () => {
  const sessions: TmuxSession[] = [];
  afterEach(() => {
    for (const s of sessions.splice(0)) s.close();
  });

  for (const [signal, code] of [['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    it.runIf(hasTmux())(`${signal} saves the answers so far and exits ${code}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pullcheck-signal-'));
      const answersFile = join(dir, 'answers.yaml');
      const pidFile = join(dir, 'pid');
      const tty = new TmuxSession(`sh -c 'echo $$ > ${pidFile}; exec node bin/pullcheck.js survey --answers-out ${answersFile}'`, { width: 110, height: 45 });
      sessions.push(tty);
      await tty.waitFor(prompt(1));
      tty.keys('Down', 'Enter'); // Q1: a choice
      await tty.waitFor(prompt(2));
      process.kill(Number(readFileSync(pidFile, 'utf8').trim()), signal);
      expect(await tty.exitCode()).toBe(code);
      expect(tty.screen(true).replace(/\n/g, '')).toContain(`pullcheck: survey stopped by ${signal} at question 2 of ${TOTAL}; 1 answer saved to ${answersFile}`);
      const text = readFileSync(answersFile, 'utf8');
      expect(text.trimEnd().split('\n').pop()).toBe('# end of answers');
      expect(Object.keys(parse(text).answers)).toEqual(['unused-feature-share']);
    });
  }
});

describe('answers files cut short', () => {
  it('a file pullcheck wrote and that was cut short is refused with its line; a hand-written one loads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-cut-'));
    const full = [
      '# pullcheck survey answers (format: docs/survey.md); complete when the last line is "# end of answers".',
      'version: 1',
      'rubric: default',
      'date: 2026-06-30',
      'answers:',
      '  time-to-value-days: 1',
      '  sales-cycle-ratio: 2.2',
      '# end of answers',
      '',
    ].join('\n');
    const file = (name: string, text: string): string => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    const whole = runCli(['survey', '--answers', file('whole.yaml', full), '--format', 'json']);
    expect(whole.code, whole.stderr).toBe(0);
    // cut after the first answer: still valid YAML, with one answer fewer
    const cut = full.slice(0, full.indexOf('sales-cycle-ratio'));
    const r = runCli(['survey', '--answers', file('cut.yaml', cut), '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cut\.yaml:6: the file is cut short/);
    expect(r.stdout).toBe('');
    // written by hand or by an older version: no marker line, loads
    const hand = full.split('\n').slice(1, -2).join('\n');
    expect(runCli(['survey', '--answers', file('hand.yaml', hand), '--format', 'json']).code).toBe(0);
  });
});
