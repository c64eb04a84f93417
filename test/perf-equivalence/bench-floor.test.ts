/**
 * The benchmark's DuckDB queries (scripts/bench-duckdb.mjs) on a file small enough to count by
 * hand: the reference's groups and the day-keyed floor's, so the figures the issue-14 table prints
 * come from the groupings docs/performance.md describes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/run-cli.js';

function groups(file: string, query?: string): number {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/bench-duckdb.mjs'), file, ...(query ? [query] : [])], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout).groups;
}

describe('bench-duckdb.mjs', () => {
  // Two accounts; u1 uses "reports" twice on Jan 1 and once on Jan 2; u2 (account A) uses
  // "export" on Jan 1; u3 (account B) uses "reports" on Jan 1.
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-bench-floor-'));
  const file = join(dir, 'events.csv');
  writeFileSync(
    file,
    [
      'timestamp,user_id,account_id,event,feature',
      '2024-01-01T09:00:00Z,u1,A,report_run,reports',
      '2024-01-01T17:00:00Z,u1,A,report_run,reports',
      '2024-01-02T09:00:00Z,u1,A,report_run,reports',
      '2024-01-01T10:00:00Z,u2,A,export_run,export',
      '2024-01-01T11:00:00Z,u3,B,report_run,reports',
    ].join('\n') + '\n',
  );

  it('reference: (account, feature) and (account) groups', () => {
    // (A, reports), (A, export), (B, reports) + (A), (B)
    expect(groups(file)).toBe(5);
  });

  it('floor: (user, feature, day) and (account, user, day) groups', () => {
    // (u1, reports, Jan 1), (u1, reports, Jan 2), (u2, export, Jan 1), (u3, reports, Jan 1)
    // + (A, u1, Jan 1), (A, u1, Jan 2), (A, u2, Jan 1), (B, u3, Jan 1)
    expect(groups(file, 'floor')).toBe(8);
  });

  it('refuses an unknown query', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/bench-duckdb.mjs'), file, 'everything'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage');
  });
});
