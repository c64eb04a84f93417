/**
 * The honest headline on the built CLI: below the rubric's coverage floor every format shows the
 * range the score could take, a CI gate fails with the reason, checks whose window lies outside
 * the data are insufficient with a warning, and "what to export next" ranks the missing data.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './ci-data.js';
import type { GateDocument } from '../../src/report/contract/gate.js';
import { ROOT, runCli, runCliWithGate } from './run-cli.js';

/** A Maven CRM sample: deals and accounts only, about 1% of the rubric's weight. */
const THIN = 'fixtures/vendors/maven';

interface Json {
  score: number | null;
  range: [number, number] | null;
  coverage: number;
  coverageFloor: number;
  verdict: string;
  categories: Array<{ id: string; range: [number, number] | null; scoredChecks: number; borderlineChecks: number; checks: Array<{ id: string; status: string; reason: string | null; flags: string[]; needs?: unknown[] }> }>;
  topRecommendations: Array<{ gainOn: string }>;
  exportNext: Array<{ kind: string; key: string; label: string; weight: number; checks: string[]; where: Array<{ vendor: string; where: string }> }>;
  warnings: Array<{ code: string; message: string }>;
}

const json = (args: string[]): { code: number | null; report: Json; stderr: string } => {
  const r = runCli(['analyze', ...args, '--format', 'json']);
  return { code: r.code, report: JSON.parse(r.stdout) as Json, stderr: r.stderr };
};

/** The gate document of a JSON run (--gate-output). */
const gateOf = (args: string[]): { code: number | null; gate: GateDocument } => {
  const r = runCliWithGate(['analyze', ...args, '--format', 'json']);
  return { code: r.code, gate: r.gate! };
};

describe('below the coverage floor: a range, not a score', () => {
  it('terminal: the range beside coverage, no "Score N / 100", ranges per category', () => {
    const r = runCli(['analyze', THIN]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Score {2}range 0–99 \/ 100 {3}INSUFFICIENT-DATA {3}coverage 1% of rubric weight, below the 50% floor/);
    expect(r.stdout).not.toMatch(/Score\s+\d+ \/ 100/);
    expect(r.stdout).toContain('the score could be anywhere from 0 to 99');
    expect(r.stdout).toMatch(/Sales push\s+·{20}\s+range 0–91\s+\(9% of checks had data; rests on 1 borderline check\)/);
    expect(r.stdout).toContain('What would raise the low bound of the range most');
    expect(r.stdout).toMatch(/\(\+[\d.]+ points to the low bound\)/);
  });

  it('JSON keeps the score and adds the range, overall and per category', () => {
    const { report } = json([THIN]);
    expect(report).toMatchObject({ score: 0, range: [0, 98.7], coverage: 0.013, coverageFloor: 0.5, verdict: 'insufficient-data' });
    const push = report.categories.find((c) => c.id === 'sales-push')!;
    expect(push).toMatchObject({ range: [0, 90.9], scoredChecks: 1, borderlineChecks: 1 });
    expect(report.categories.find((c) => c.id === 'curb-appeal')).toMatchObject({ range: [0, 100], scoredChecks: 0 });
    expect(report.topRecommendations.every((t) => t.gainOn === 'range-low')).toBe(true);
  });

  it('Markdown and JUnit show the range and the floor too', () => {
    const dir = tempDir();
    const r = runCli(['analyze', THIN, '--format', 'markdown,junit', '--output-dir', dir]);
    expect(r.code).toBe(0);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md.split('\n')[0]).toBe('## pullcheck: score range 0–99 / 100');
    expect(md).toContain('**Score range 0–99 / 100** · insufficient-data · coverage 1% of rubric weight, below the 50% floor');
    expect(md).toContain('### What to export next');
    const xml = readFileSync(join(dir, 'report.junit.xml'), 'utf8');
    expect(xml).toContain('<property name="range" value="0-98.7"/>');
    expect(xml).toContain('<property name="coverageFloor" value="0.5"/>');
    expect(xml).toContain('score: range 0–99 / 100 (insufficient-data); coverage 1% of rubric weight, below the 50% floor: no single score');
  });

  it('a rubric with coverageFloor 0 gives the score in large type again', () => {
    const rubric = join(tempDir(), 'floor0.yaml');
    writeFileSync(rubric, readFileSync(join(ROOT, 'rubrics/default.yaml'), 'utf8').replace(/^coverageFloor: 0\.5$/m, 'coverageFloor: 0'));
    const r = runCli(['analyze', THIN, '--rubric', rubric]);
    expect(r.stdout).toMatch(/Score {2}0 \/ 100 \(range 0–99\)/);
  });
});

describe('the CI gate below the floor', () => {
  it('--min-score 50 fails (exit 1) saying coverage is below the floor', () => {
    const r = runCli(['analyze', THIN, '--min-score', '50']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✖ gate failed: coverage 1% is below the rubric's 50% floor, so there is no score to gate on (range 0–99)");
    const { code, gate } = gateOf([THIN, '--min-score', '50']);
    expect(code).toBe(1);
    expect(gate.findings[0]).toMatchObject({ kind: 'coverage', id: 'overall', severity: 'error', fails: true });
    expect(gate.findings[0]!.message).toContain('so the minimum of 50 cannot be checked');
  });

  it('any gate fails below the floor, even one that would pass on the score alone', () => {
    expect(runCli(['analyze', THIN, '--min-score', '0']).code).toBe(1);
    expect(runCli(['analyze', THIN, '--fail-on', 'warn']).code).toBe(1);
  });

  it('a baseline below the floor is said to be one, and its overall score is not compared as a measurement', () => {
    const baseline = join(tempDir(), 'thin.json');
    expect(runCli(['analyze', 'fixtures/sales-led', '--as-of', '2026-06-30', '--save-baseline', baseline, '--format', 'json', '--output', join(tempDir(), 'x.json')]).code).toBe(0);
    const thinBaseline = join(tempDir(), 'thin-baseline.json');
    runCli(['analyze', 'fixtures/vendors/maven', '--save-baseline', thinBaseline, '--format', 'json', '--output', join(tempDir(), 'y.json')]);
    const { gate } = gateOf(['fixtures/sales-led', '--baseline', thinBaseline]);
    const finding = gate.findings.find((f) => f.kind === 'coverage' && f.id === 'baseline');
    expect(finding).toMatchObject({ severity: 'warn', fails: false });
    expect(finding!.message).toContain("Baseline: coverage 1% of the rubric's weight was below the floor of 50%");
    expect(gate.findings.some((f) => f.kind === 'max-drop' && f.id === 'overall')).toBe(false);
  });

  it('a run below the floor against a full baseline shows its range, not a change of score', () => {
    const full = join(tempDir(), 'full.json');
    runCli(['analyze', 'fixtures/sales-led', '--save-baseline', full, '--format', 'json', '--output', join(tempDir(), 'z.json')]);
    const r = runCli(['analyze', THIN, '--baseline', full]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Overall score {2}17\.5 → range 0–99 {2}not compared: coverage below the floor/);
    expect(r.stdout).toContain("✖ gate failed: coverage 1% is below the rubric's 50% floor");
  });
});

describe('--as-of outside the data', () => {
  it('far before the data: every check is insufficient with the reason, and the report warns', () => {
    const { code, report } = json(['fixtures/sales-led', '--as-of', '2015-01-01']);
    expect(code).toBe(0);
    const checks = report.categories.flatMap((c) => c.checks);
    expect(checks.every((k) => k.status === 'insufficient-data')).toBe(true);
    expect(checks.every((k) => k.flags.includes('outside-data'))).toBe(true);
    expect(checks[0]!.reason).toMatch(/^the as-of date 2015-01-01 is before the first record it reads \(releases from \d{4}-\d\d-\d\d, events from \d{4}-\d\d-\d\d\): nothing to measure$/);
    const warning = report.warnings[0]!; // first: it concerns the whole report
    expect(warning.code).toBe('AS_OF_OUTSIDE_DATA');
    expect(warning.message).toMatch(new RegExp(`^as of 2015-01-01, ${checks.length} checks read a window outside the data`));
    expect(report.score).toBeNull();
    const text = runCli(['analyze', 'fixtures/sales-led', '--as-of', '2015-01-01']).stdout;
    expect(text).toMatch(/! --as-of: as of 2015-01-01, \d+ checks read a window outside the data/);
  });

  it('far after the data: windowed checks are insufficient, checks over all history are not', () => {
    const { report } = json(['fixtures/sales-led', '--as-of', '2035-01-01']);
    const checks = report.categories.flatMap((c) => c.checks);
    const outside = checks.filter((k) => k.flags.includes('outside-data'));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside[0]!.reason).toMatch(/^its \d+-day window \(\d{4}-\d\d-\d\d to 2035-01-01\) starts after the last record it reads/);
    expect(report.warnings.some((w) => w.code === 'AS_OF_OUTSIDE_DATA')).toBe(true);
  });

  it('the default as-of (the latest date in the data) leaves every check alone', () => {
    const { report } = json(['fixtures/sales-led']);
    expect(report.warnings.some((w) => w.code === 'AS_OF_OUTSIDE_DATA')).toBe(false);
  });
});

describe('what to export next', () => {
  it('ranks the missing tables and columns by the rubric weight they would add, with vendor hints', () => {
    const { report } = json([THIN]);
    const list = report.exportNext;
    expect(list.slice(0, 4).map((n) => n.key)).toEqual(['releases', 'events', 'users', 'contacts']);
    for (let i = 1; i < list.length; i++) expect(list[i - 1]!.weight).toBeGreaterThanOrEqual(list[i]!.weight);
    expect(list[0]).toMatchObject({ kind: 'table', label: 'a releases table', weight: 46.4 });
    expect(list[0]!.checks).toContain('unused-feature-share');
    const source = list.find((n) => n.key === 'deals.source')!;
    expect(source).toMatchObject({ kind: 'column', label: 'the source column of deals' });
    expect(source.where.find((h) => h.vendor === 'HubSpot')!.where).toContain('Original Source');
    // The insufficient checks carry the same needs.
    const sourced = report.categories.flatMap((c) => c.checks).find((k) => k.id === source.checks[0])!;
    expect(sourced.needs).toContainEqual({ kind: 'column', table: 'deals', field: 'source' });
  });

  it('the terminal shows the list with points, checks and where to find it', () => {
    const r = runCli(['analyze', THIN]);
    expect(r.stdout).toMatch(/What to export next\n.*\n {2}1\. a releases table \(\+46\.4 points\) · 7 checks: unused-feature-share/);
    expect(r.stdout).toMatch(/HubSpot: CRM > Contacts > Export/);
  });

  it('is empty when every check has data', () => {
    expect(json(['fixtures/product-led']).report.exportNext).toEqual([]);
  });
});
