/**
 * Every input file pullcheck reads (config, answers, rubric, baseline) goes through one reader
 * (src/inputs/read-input.ts, issue 16): a file with several mistakes gets all of them at once,
 * each as `file:line: path: message`, exit 2 and a hint, never a stack.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pullcheck-inputs-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** The `file:line: path` of each problem line on stderr. */
const places = (stderr: string, path: string) =>
  stderr
    .split('\n')
    .map((l) => l.replace(/^pullcheck: /, ''))
    .filter((l) => l.startsWith(`${path}:`))
    .map((l) => /^(.+?:\d+: [^ ]+):/.exec(l)?.[1]?.slice(path.length));

describe('one reader for every input file', () => {
  it('a config with several mistakes: every one with file:line, exit 2, before any data is read', () => {
    const config = file(
      'pullcheck.config.yaml',
      ['asOf: 30/06/2026', 'fiscalYearStart: 13', 'files:', '  "deals.csv":', '    table: deal', '    colums: { dealId: Id }', 'motions:', '  trial: "no"', 'salesSource: [Outbound]', ''].join('\n'),
    );
    const r = runCli(['analyze', 'fixtures/tiny', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(places(r.stderr, config)).toEqual([
      ':1: asOf',
      ':2: fiscalYearStart',
      ':5: files.deals.csv.table',
      ':6: files.deals.csv.colums',
      ':8: motions.trial',
      ':9: salesSource',
    ]);
    expect(r.stderr).toContain("unknown field 'salesSource'; did you mean 'salesSources'?");
    expect(r.stderr).toMatch(/\nhint: docs\/config\.md/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an answers file with several mistakes: every one with file:line, exit 2', () => {
    const answers = file('answers.yaml', ['version: 1', 'date: 2026-13-01', 'answers:', '  unused-feature-share: 60%', '  activation-rate: 0.5', ''].join('\n'));
    const r = runCli(['survey', '--answers', answers]);
    expect(r.code).toBe(2);
    expect(places(r.stderr, answers)).toEqual([':2: date', ':4: answers.unused-feature-share', ':5: answers.activation-rate']);
    expect(r.stderr).toContain('write percentages as fractions, e.g. 0.6 for 60%');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a baseline with a field of the wrong type: file:line, exit 2', () => {
    const saved = join(dir, 'baseline.json');
    expect(runCli(['analyze', 'fixtures/tiny', '--save-baseline', saved, '--format', 'json']).code).toBe(0);
    const text = readFileSync(saved, 'utf8');
    const bad = file('bad-baseline.json', text.replace(/"score": ([\d.]+|null),/, '"score": "high",'));
    const line = text.split('\n').findIndex((l) => /"score": /.test(l)) + 1;
    const r = runCli(['analyze', 'fixtures/tiny', '--baseline', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}:${line}: score: must be a number, got text 'high'`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
