import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { byKey } from '../helpers/evidence.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'pullcheck-e2e-'));

describe('pullcheck CLI basics', () => {
  it('prints its version and help', () => {
    const version = runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('analyze');
    const analyzeHelp = runCli(['analyze', '--help']);
    expect(analyzeHelp.code).toBe(0);
    expect(analyzeHelp.stdout).toContain('--format');
    expect(analyzeHelp.stdout).toContain('Exit codes');
  });

  it('exits 2 with a one-line error and no stack for a missing folder', () => {
    const r = runCli(['analyze', '/no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('pullcheck: data folder not found: /no/such/dir');
    expect(lines[1]).toMatch(/^hint: /);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('exits 2 for an empty folder and for a folder with no recognisable file', () => {
    const empty = runCli(['analyze', tmp()]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^pullcheck: no data files in .* \(the folder is empty\)/);
    const dir = tmp();
    writeFileSync(join(dir, 'notes.csv'), 'colour,size\nred,4\n');
    const unknown = runCli(['analyze', dir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no recognisable table [\s\S]*colour, size/);
    expect(unknown.stderr).toMatch(/deals: deal_id, stage/);
    expect(unknown.stderr).toMatch(/pullcheck\.config\.yaml/);
  });

  it('exits 2 on an unknown option, a bad format and a bad --as-of', () => {
    expect(runCli(['analyze', 'fixtures/tiny', '--bogus']).code).toBe(2);
    expect(runCli(['analyze', 'fixtures/tiny', '--format', 'pdf']).code).toBe(2);
    const asOf = runCli(['analyze', 'fixtures/tiny', '--as-of', '2026-02-30']);
    expect(asOf.code).toBe(2);
    expect(asOf.stderr).toContain('--as-of must be a date written YYYY-MM-DD');
  });

  it('exits 2 naming the file, line and path for an invalid rubric', () => {
    const dir = tmp();
    const rubric = join(dir, 'bad.yaml');
    writeFileSync(rubric, 'id: bad\nname: Bad\nversion: 1\ncategories:\n  - id: only\n    title: Only\n    weight: 1\n    checks:\n      - id: x\n        metric: no-such-metric\n');
    const r = runCli(['analyze', 'fixtures/tiny', '--rubric', rubric]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${rubric}:10: categories[0].checks[0].metric`);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

describe('pullcheck analyze on the tiny hand-checked fixture', () => {
  it('reports every check, hand-checked values and the inputs, in JSON', () => {
    const r = runCli(['analyze', 'fixtures/tiny', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ schemaVersion: 2, asOf: '2026-05-04', verdict: 'insufficient-data', score: null, coverage: 0 });
    const checks = report.categories.flatMap((c: { checks: unknown[] }) => c.checks);
    expect(checks.length).toBeGreaterThanOrEqual(14);
    for (const check of checks) expect(check.status).toBe('insufficient-data');
    // improvement-release-share: 1 improvement of 4 new+improvement releases in the last year; fix excluded.
    const improvement = checks.find((c: { id: string }) => c.id === 'improvement-release-share');
    expect(improvement).toMatchObject({ n: 4 });
    expect(byKey(improvement.evidence)).toMatchObject({ newFeatures: 3, improvements: 1, fixesExcluded: 1 });
    expect(improvement.reason).toMatch(/need 8/);
    // Contacts are absent: persona checks say so.
    const overlap = checks.find((c: { id: string }) => c.id === 'buyer-user-role-overlap');
    expect(overlap.reason).toBe('needs a contacts table; no contacts file was found');
    expect(report.inputs.tables).toMatchObject({ deals: 4, activities: 5, events: 5, releases: 5, users: 3, contacts: 0 });
  });

  it('writes the report to --output and reads the same as stdout', () => {
    const out = join(tmp(), 'report.json');
    const r = runCli(['analyze', 'fixtures/tiny', '--format', 'json', '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`report written to ${out}`);
    expect(readFileSync(out, 'utf8')).toBe(runCli(['analyze', 'fixtures/tiny', '--format', 'json']).stdout);
  });

  it('reports rejected rows with file and line, and still completes', () => {
    const r = runCli(['analyze', 'fixtures/malformed', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const deals = report.inputs.files.find((f: { table: string }) => f.table === 'deals');
    expect(deals).toMatchObject({ rows: 8, rejected: 3 });
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: 'CSV_QUOTE_NOT_CLOSED', file: 'fixtures/malformed/deals.csv', line: 10 }));
    const text = runCli(['analyze', 'fixtures/malformed']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('fixtures/malformed/deals.csv: deals, 8 rows, 3 rejected');
    expect(text.stdout).toContain('fixtures/malformed/deals.csv:4: deal_id is blank');
  });
});
