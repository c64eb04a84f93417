/**
 * DuckDB's day summaries against times that are not a UTC midnight (docs/engine-plan.md,
 * "Exactness at sub-day times"), through the built CLI on fixtures/product-led with a few rows
 * added: each report equals the one of the same files read row by row (PULLCHECK_DUCKDB_EVENTS=0).
 * - A window's edge inside a summary row: whether something happened in the window is settled
 *   from the row's earliest and latest times (no second read).
 * - Invites are kept at their own times (settings.ts exactTimeEventLabels), so no edge splits them.
 * - A count the edge splits (an invite name SQL does not match, derived activation): the folder is
 *   read again, its events row by row, and the events file says why.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

interface Json {
  inputs?: { files: Array<{ table: string | null; notes?: string[] }> };
  files?: Array<{ table: string | null; notes?: string[] }>;
  categories: Array<{ checks: Array<{ id: string; evidence: { counts: Array<{ key: string; value: number }> } }> }>;
}

/** fixtures/product-led with `rows` appended to its events.csv, and `edit` applied to its other files. */
function companyWith(rows: string[], edit: (dir: string) => void = () => undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-day-edges-'));
  cpSync(join(ROOT, 'fixtures/product-led'), dir, { recursive: true });
  const events = join(dir, 'events.csv');
  writeFileSync(events, `${readFileSync(events, 'utf8')}${rows.map((r) => `${r}\n`).join('')}`);
  edit(dir);
  return dir;
}

function run(command: 'analyze' | 'inspect', dir: string, env: Record<string, string> = {}): string {
  const result = runCli([command, dir, '--format', 'json', ...(command === 'analyze' ? ['-q'] : [])], { env: { CI: '', ...env } });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.replaceAll(dir, 'DIR');
}

/** The events file's note on how its rows were read. */
function engineNote(json: string): string | undefined {
  const r = JSON.parse(json) as Json;
  return (r.inputs?.files ?? r.files ?? []).find((f) => f.table === 'events')?.notes?.find((n) => n.startsWith('events '));
}

/** The output without the engine notes (what must not depend on how the rows were read). */
function sameRows(json: string): string {
  const r = JSON.parse(json) as Json;
  for (const f of r.inputs?.files ?? r.files ?? []) {
    if (!f.notes) continue;
    f.notes = f.notes.filter((n) => !/^events (grouped by DuckDB|read row by row)/.test(n));
    if (f.notes.length === 0) delete f.notes;
  }
  return JSON.stringify(r);
}

function count(json: string, check: string, key: string): number | undefined {
  const checks = (JSON.parse(json) as Json).categories.flatMap((c) => c.checks);
  return checks.find((c) => c.id === check)?.evidence.counts.find((c) => c.key === key)?.value;
}

describe('day summaries at times that are not a UTC midnight', () => {
  it('a close at noon: a day row with events before and after the active window opens counts as active, as its events do', () => {
    // A0200 (won 2025-07-20) is shelfware: no active user in days 60–90 after close. With the
    // close at noon, U01272's two events on day 60, at 10:00 and 14:00, fall on either side of the
    // window's start: one summary row whose earliest time is before it and latest inside.
    const dir = companyWith(['2025-09-18T10:00:00Z,U01272,A0200,report_viewed,reports', '2025-09-18T14:00:00Z,U01272,A0200,report_viewed,reports'], (d) => {
      const deals = join(d, 'deals.csv');
      writeFileSync(deals, readFileSync(deals, 'utf8').replace(/^(D\d+,A0200,[^\n]*?,won,[^,]*,2025-07-20)(,)/m, '$1T12:00:00Z$2'));
    });
    const duckdb = run('analyze', dir);
    const rowByRow = run('analyze', dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(count(rowByRow, 'post-close-shelfware-rate', 'shelfwareAccounts')).toBe(1);
    expect(count(duckdb, 'post-close-shelfware-rate', 'shelfwareAccounts')).toBe(1);
    expect(sameRows(duckdb)).toBe(sameRows(rowByRow));
  });

  it('invites on both sides of a signup window\'s end: DuckDB keeps invites at their own times, and the count is the events\'', () => {
    // U01415 signed up 2025-09-01T16:18:07Z: its 30-day invite window ends at 16:18:07 on 2025-10-01.
    const dir = companyWith(['2025-10-01T15:00:00Z,U01415,A0090,invite_sent,', '2025-10-01T17:00:00Z,U01415,A0090,invite_sent,']);
    const duckdb = run('analyze', dir);
    const rowByRow = run('analyze', dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(sameRows(duckdb)).toBe(sameRows(rowByRow));
  });

  it('an invite name SQL does not match (a no-break space inside): its day row is split, and the events are read again row by row', () => {
    // "invite<NBSP>sent" is invite_sent to the JavaScript label rule (\s), not to SQL's (RE2's \s is ASCII).
    const dir = companyWith(['2025-10-01T15:00:00Z,U01415,A0090,invite\u00a0sent,', '2025-10-01T17:00:00Z,U01415,A0090,invite\u00a0sent,']);
    const duckdb = run('analyze', dir);
    expect(engineNote(duckdb)).toBe(
      "events read row by row: checks compare event times with times inside DuckDB's day summaries (invite-k-factor: invites on both sides of a signup window's end)",
    );
    expect(sameRows(duckdb)).toBe(sameRows(run('analyze', dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
  });

  it('a derived activation whose milestones fall on both sides of the signup: read again row by row (inspect too)', () => {
    // U99999 is in no users file: its signup is its `user_signed_up` event at noon, and its first
    // milestone after that is the 14:00 event, in the same day row as the 10:00 one.
    const dir = companyWith(['2025-09-01T12:00:00Z,U99999,A0200,user_signed_up,', '2025-09-01T10:00:00Z,U99999,A0200,report_viewed,reports', '2025-09-01T14:00:00Z,U99999,A0200,report_viewed,reports']);
    const duckdb = run('inspect', dir);
    const rowByRow = run('inspect', dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
    expect(engineNote(duckdb)).toMatch(/^events read row by row: .*derived activation: milestones on both sides of a signup/);
    const derived = (json: string) => (JSON.parse(json) as { derived: Array<{ field: string; users: number }> }).derived.find((f) => f.field === 'users.activatedAt')?.users;
    expect(derived(duckdb)).toBe(1);
    expect(sameRows(duckdb)).toBe(sameRows(rowByRow));
    expect(sameRows(run('analyze', dir))).toBe(sameRows(run('analyze', dir, { PULLCHECK_DUCKDB_EVENTS: '0' })));
  });
});
