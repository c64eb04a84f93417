/**
 * Rubric authoring commands (issue 16, item 4): `pullcheck rubric validate` lists every problem
 * of a rubric with file:line at once; `pullcheck explain CHECK` gives a check's definition,
 * thresholds with their basis, and the data it needs, from the same sources as the report.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { parseDocument } from 'yaml';

/** The default rubric's size, as validate prints it (a new check must not mean editing this test). */
const defaultRubric = parseDocument(readFileSync('rubrics/default.yaml', 'utf8')).toJS() as { categories: Array<{ checks: unknown[] }> };
const SIZE = `${defaultRubric.categories.reduce((n, c) => n + c.checks.length, 0)} checks in ${defaultRubric.categories.length} categories`;

/** The default rubric with five mistakes, one per line, in different checks and fields. */
function brokenRubric(): string {
  let text = readFileSync('rubrics/default.yaml', 'utf8');
  const swap = (from: string, to: string) => {
    expect(text).toContain(from);
    text = text.replace(from, to);
  };
  swap('metric: unused-feature-share', 'metric: unused-feature-shares');
  swap('weight: 2', 'weight: -2');
  swap('threshold: { better: lower, pass: 0.6, fail: 0.8 }', 'threshold: { better: lower, pass: lots, fail: 0.8 }');
  swap('recommendation:', 'recomendation:');
  swap('basis: sourced', 'basis: guessed');
  const file = join(mkdtempSync(join(tmpdir(), 'pullcheck-rubric-')), 'my-rubric.yaml');
  writeFileSync(file, text);
  return file;
}

describe('pullcheck rubric validate', () => {
  it('prints all five problems with file:line and exits 2; a valid rubric exits 0', () => {
    const file = brokenRubric();
    const r = runCli(['rubric', 'validate', file, 'rubrics/default.yaml']);
    expect(r.code).toBe(2);
    const problems = r.stdout.split('\n').filter((l) => l.startsWith(`${file}:`) && /:\d+: /.test(l));
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/:33: .*unknown metric 'unused-feature-shares'; did you mean 'unused-feature-share'\?/);
    expect(problems.join('\n')).toMatch(/threshold\.pass: must be a number, got text 'lots'/);
    expect(problems.join('\n')).toMatch(/unknown field 'recomendation'; did you mean 'recommendation'\?/);
    expect(r.stdout).toContain(`${file}: 5 problems`);
    expect(r.stdout).toContain(`rubrics/default.yaml: valid: ${SIZE}`);
    expect(r.stderr).toBe('');
    expect(runCli(['rubric', 'validate', 'rubrics/default.yaml']).code).toBe(0);
  });

  it('a missing file is one problem, exit 2, no stack trace', () => {
    const r = runCli(['rubric', 'validate', 'no/such/rubric.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/no\/such\/rubric\.yaml/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('pullcheck explain', () => {
  it('explains a check: definition, thresholds with basis and source, needs, recommendation', () => {
    const r = runCli(['explain', 'time-to-value-days'], { env: { COLUMNS: '100' } });
    expect(r.code, r.stderr).toBe(0);
    for (const section of ['Measures', 'Definition', 'Scoring', 'Needs', 'Recommendation when it does not pass']) expect(r.stdout).toContain(`\n${section}\n`);
    expect(r.stdout).toMatch(/pass ≤ 3 d, fail ≥ 14 d \(lower is better\)/);
    expect(r.stdout).toMatch(/basis: judgement/);
    expect(r.stdout).toMatch(/column: users activated at/);
    expect(r.stdout).toMatch(/minimum sample: minSignups \d+, minN \d+/);
  });

  it('--format json carries the same facts as the rubric and registry', () => {
    const r = runCli(['explain', 'unassisted-activation-rate', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e).toMatchObject({ check: 'unassisted-activation-rate', metric: 'unassisted-activation-rate', basis: 'sourced', threshold: { better: 'higher', pass: 0.4, fail: 0.25 }, rubric: { file: 'rubrics/default.yaml' } });
    expect(e.definition).toMatch(/cohort = users who signed up in \[T − lookbackDays, T − activationDays\]/);
    expect(e.needs.tables.map((t: { table: string }) => t.table)).toEqual(['users']);
  });

  it('reads a rubric given with --rubric, and says what the rubric changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-rubric-'));
    const text = readFileSync('rubrics/default.yaml', 'utf8').replace('threshold: { better: lower, pass: 0.6, fail: 0.8 }', 'threshold: { better: lower, pass: 0.5, fail: 0.7 }');
    writeFileSync(join(dir, 'r.yaml'), text);
    const r = runCli(['explain', 'unused-feature-share', '--rubric', join(dir, 'r.yaml'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).threshold).toEqual({ better: 'lower', pass: 0.5, fail: 0.7 });
  });

  it('an unknown check or a metric with several checks is exit 2 with a hint', () => {
    const typo = runCli(['explain', 'time-to-valu']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/no check "time-to-valu" in rubrics\/default\.yaml \(did you mean "time-to-value-days"\?\)/);
    const several = runCli(['explain', 'touches-per-won-deal']);
    expect(several.code).toBe(2);
    expect(several.stderr).toMatch(/used by 3 checks: touches-per-won-deal-small, touches-per-won-deal-mid, touches-per-won-deal-large/);
  });
});

describe('pullcheck rubric init', () => {
  it('writes the default rubric, byte for byte, and refuses to replace a file without --force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-init-'));
    const r = runCli(['rubric', 'init'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const [first, ...rest] = readFileSync(join(dir, 'rubric.yaml'), 'utf8').split('\n');
    expect(rest.join('\n')).toBe(readFileSync('rubrics/default.yaml', 'utf8'));
    // editors find the shipped schema from the first line
    const schemaPath = /^# yaml-language-server: \$schema=(.+)$/.exec(first!)![1]!;
    expect(JSON.parse(readFileSync(join(dir, schemaPath), 'utf8')).title).toBe('pullcheck rubric');
    const again = runCli(['rubric', 'init', '--profile', 'plg'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/rubric\.yaml already exists/);
    expect(readFileSync(join(dir, 'rubric.yaml'), 'utf8').split('\n').slice(1).join('\n')).toBe(readFileSync('rubrics/default.yaml', 'utf8'));
  });

  for (const profile of ['plg', 'smb', 'mid-market', 'enterprise']) {
    it(`--profile ${profile}: a valid rubric whose every change carries its basis in a comment, the rest untouched`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'pullcheck-init-'));
      const file = join(dir, 'r.yaml');
      const r = runCli(['rubric', 'init', '--profile', profile, '--output', file]);
      expect(r.code, r.stderr).toBe(0);
      expect(runCli(['rubric', 'validate', file]).stdout).toContain(`valid: ${SIZE} (rubric default-${profile} v1)`);
      const text = readFileSync(file, 'utf8');
      const notes = text.split('\n').filter((l) => l.trim().startsWith(`# profile ${profile}:`));
      expect(notes.length).toBeGreaterThan(1);
      expect(r.stdout.split('\n').filter((l) => / \(default: /.test(l))).toHaveLength(notes.length);
      // Every line of the default is still there except the ones a change names.
      const written = new Set(text.split('\n'));
      const lost = readFileSync('rubrics/default.yaml', 'utf8').split('\n').filter((l) => !written.has(l));
      expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/rubric\.schema\.json$/);
      expect(lost.every((l) => /^\s*(id|name|threshold|source):/.test(l)), lost.join('\n')).toBe(true);
    });
  }

  it('the enterprise profile moves NRR up with its published source, and analyze reads the rubric', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-init-'));
    const file = join(dir, 'r.yaml');
    expect(runCli(['rubric', 'init', '--profile', 'enterprise', '--output', file]).code).toBe(0);
    const e = JSON.parse(runCli(['explain', 'nrr-from-deals', '--rubric', file, '--format', 'json']).stdout);
    expect(e.threshold).toEqual({ better: 'higher', pass: 1.15, fail: 1.05 });
    expect(e.source).toMatch(/SaaS Capital 2023.*110% at ACV above \$250K/);
    const a = runCli(['analyze', 'fixtures/sales-led', '--rubric', file, '--format', 'json'], { env: { CI: '' } });
    expect(a.code, a.stderr.slice(0, 300)).toBe(0);
    expect(JSON.parse(a.stdout).rubric.id).toBe('default-enterprise');
  });
});
