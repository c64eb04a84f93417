/**
 * `--trend` and `--history` through the built CLI (issue 15, part 2): the drift fixture
 * (product-led sliding to sales-led over 18 months, fixtures/README.md) must trend down in JSON and
 * terminal output; the history file grows by one line a run and a bad line is a clear error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry, Report } from '../../src/report/types.js';
import { copyFixture, tempDir } from './ci-data.js';
import { ROOT, runCli } from './run-cli.js';

const DRIFT = join(ROOT, 'fixtures', 'drift');

describe('--trend on the drift fixture', () => {
  const r = runCli(['analyze', DRIFT, '--trend', 'quarterly', '--format', 'json']);
  const report = JSON.parse(r.stdout) as Report;
  const trend = report.trend!;
  const scored = trend.filter((p) => p.score !== null);

  it('has a point per quarter end within the span, the report\'s own as-of last', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(trend.map((p) => p.asOf)).toEqual(['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31', '2025-03-31', '2025-06-30', '2025-09-30', '2025-12-31', '2026-03-31', '2026-06-30']);
    expect(trend.at(-1)!.score).toBe(report.score);
    expect(trend.at(-1)!.coverage).toBe(report.coverage);
    const checks = report.categories.flatMap((c) => c.checks);
    expect(trend.at(-1)!.checks).toEqual(checks.map((k) => ({ id: k.id, score: k.score, n: k.n })));
    // each point its own sample sizes: fewer won deals a year and a half earlier
    const n = (p: (typeof trend)[number]): number => p.checks!.find((k) => k.id === 'sales-sourced-won-share')!.n;
    expect(n(trend[3]!)).toBeLessThan(n(trend.at(-1)!));
  });

  it('gives no score to points below the coverage floor, and a range instead', () => {
    const thin = trend.filter((p) => p.coverage < report.coverageFloor);
    expect(thin.length).toBeGreaterThan(0);
    for (const p of thin) {
      expect(p.score).toBeNull();
      expect(p.verdict).toBe('insufficient-data');
      expect(p.range).not.toBeNull();
    }
  });

  it('falls: from product-driven to well below, the last point the lowest', () => {
    expect(scored.length).toBeGreaterThanOrEqual(5);
    expect(scored[0]!.verdict).toBe('product-driven');
    expect(scored[0]!.score! - scored.at(-1)!.score!).toBeGreaterThan(20);
    expect(Math.min(...scored.map((p) => p.score!))).toBe(scored.at(-1)!.score);
    const salesPush = scored.map((p) => p.categories.find((c) => c.id === 'sales-push')!.score!);
    expect(salesPush[0]! - salesPush.at(-1)!).toBeGreaterThan(50);
  });

  it('shows the fall in the terminal, as a sparkline and first → last', () => {
    const t = runCli(['analyze', DRIFT, '--trend', 'quarterly']);
    expect(t.code, t.stderr).toBe(0);
    const overall = /^ {2}Overall +(\S.*?) {2}(\d+) → (\d+)$/m.exec(t.stdout);
    expect(overall, t.stdout).not.toBeNull();
    expect(Number(overall![2]) - Number(overall![3])).toBeGreaterThan(20);
    expect(overall![1]).toMatch(/^[▁▂▃▄▅▆▇█ ]+$/);
    expect(t.stdout).toMatch(/Score over time \(10 points from 2024-03-31 to 2026-06-30/);
    expect(t.stdout).toContain('Exports are snapshots');
  });

  it('draws ASCII on a terminal that cannot show Unicode blocks (TERM=linux)', () => {
    const t = runCli(['analyze', DRIFT, '--trend', 'quarterly'], { env: { TERM: 'linux' } });
    const overall = /^ {2}Overall +(\S.*?) {2}(\d+) -> (\d+)$/m.exec(t.stdout);
    expect(overall, t.stdout).not.toBeNull();
    expect(overall![1]).toMatch(/^[_.,\-=+*# ]+$/);
  });

  it('runs monthly too, and the Markdown shows the last 8 points', () => {
    const m = runCli(['analyze', DRIFT, '--trend', 'monthly', '--format', 'markdown']);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).toContain('### Score over time (last 8 of 30 points)');
    expect(m.stdout).toMatch(/\| 2025-11-30 \| 2025-12-31 \| 2026-01-31 \| 2026-02-28 \| 2026-03-31 \| 2026-04-30 \| 2026-05-31 \| 2026-06-30 \|/);
  });
});

describe('--trend quarters follow the config', () => {
  it('cuts fiscal quarters from fiscalYearStart (2: quarters end in January, April, July, October)', () => {
    const data = copyFixture('drift');
    writeFileSync(join(data, 'pullcheck.config.yaml'), 'fiscalYearStart: 2\n');
    const r = runCli(['analyze', data, '--trend', 'quarterly', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const ends = (JSON.parse(r.stdout) as Report).trend!.map((p) => p.asOf);
    expect(ends).toEqual(['2024-01-31', '2024-04-30', '2024-07-31', '2024-10-31', '2025-01-31', '2025-04-30', '2025-07-31', '2025-10-31', '2026-01-31', '2026-04-30', '2026-06-30']);
  });
});

describe('--trend errors', () => {
  it('refuses an unknown period (exit 2)', () => {
    const r = runCli(['analyze', DRIFT, '--trend', 'weekly']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--trend <period>' argument 'weekly' is invalid. Allowed choices are monthly, quarterly/);
  });
  it('says why when nothing in the data is dated', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'contacts.csv'), 'contact_id,account_id,title,email\nC1,A1,CEO,a@b.example\n');
    const r = runCli(['analyze', dir, '--as-of', '2026-01-31', '--trend', 'monthly']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pullcheck: --trend monthly: no table has a dated record/);
    expect(r.stderr).not.toMatch(/at .*\.js/);
  });
});

describe('--history', () => {
  it('appends one line a run, and the report carries the runs so far', () => {
    const file = join(tempDir(), 'history', 'runs.jsonl');
    const env = { SOURCE_DATE_EPOCH: '1782892800', GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567', CI: '' };
    const first = runCli(['analyze', join(ROOT, 'fixtures', 'tiny'), '--history', file, '--format', 'json'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(`history: 1 run in ${file}`);
    const second = runCli(['analyze', join(ROOT, 'fixtures', 'tiny'), '--history', file, '--format', 'markdown'], { env });
    expect(second.code, second.stderr).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as HistoryEntry);
    expect(lines).toHaveLength(2);
    const report = JSON.parse(first.stdout) as Report;
    expect(lines[0]).toEqual({
      runAt: '2026-07-01T08:00:00.000Z', asOf: report.asOf, score: report.coverage < report.coverageFloor ? null : report.score, range: report.range,
      coverage: report.coverage, verdict: report.verdict, categories: lines[0]!.categories, commit: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(lines[0]!.categories.map((c) => c.id)).toEqual(report.categories.map((c) => c.id));
    expect(lines[1]).toEqual(lines[0]); // same data, same SOURCE_DATE_EPOCH: the same line
    expect(report.history).toEqual([lines[0]]);
    expect(second.stdout).toContain('### Runs over time (2)');
    expect(second.stdout).toContain('`0123456`');
  });

  it('stops at a malformed line with file:line, before reading data, and leaves the file as it was', () => {
    const file = join(tempDir(), 'runs.jsonl');
    const good = JSON.stringify({ runAt: '2026-07-01T08:00:00.000Z', asOf: '2026-06-30', score: 50, range: [50, 50], coverage: 1, verdict: 'mixed', categories: [] });
    const text = `${good}\n{"runAt": "2026-07-02T08:00:00.000Z", "score": "high"}\n`;
    writeFileSync(file, text);
    const r = runCli(['analyze', join(ROOT, 'fixtures', 'tiny'), '--history', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^pullcheck: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: asOf is missing, not a YYYY-MM-DD date, expected one run summary per line`));
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('refuses a history file inside the data folder', () => {
    const data = copyFixture('tiny');
    const r = runCli(['analyze', data, '--history', join(data, 'deals.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pullcheck: --history .*deals\.csv would overwrite a file in the data folder/);
  });
});
