/**
 * Anonymous ids merged into identified users, end to end (docs/data-model.md, "Identity"): one
 * small fixture per vendor shape (fixtures/derive/identity-*), and a Segment export large enough
 * to be read by two threads, whose pairs join across the parts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineNote, reportWorkersOption, runCli, withoutEngineNotes } from './run-cli.js';

const LINES: Record<string, string> = {
  segment: 'identity: 3 anonymous ids merged into 2 users, 1 ambiguous (seen with two or more users; 2 events left under them), 4 events re-attributed',
  posthog: 'identity: 2 anonymous ids merged into 2 users, 1 ambiguous (seen with two or more users; 1 event left under them), 3 events re-attributed',
  amplitude: 'identity: 1 anonymous id merged into 1 user, 1 ambiguous (seen with two or more users; 1 event left under them), 2 events re-attributed',
  mixpanel: 'identity: 1 anonymous id merged into 1 user, 0 ambiguous, 2 events re-attributed',
};

describe('anonymous ids merged into identified users', () => {
  for (const [vendor, line] of Object.entries(LINES)) {
    it(`${vendor}: inspect and the report's inputs say what was merged`, () => {
      const dir = `fixtures/derive/identity-${vendor}`;
      const inspect = runCli(['inspect', dir]);
      expect(inspect.code, inspect.stderr).toBe(0);
      expect(inspect.stdout).toContain(line);
      expect(inspect.stdout).toMatch(/anonymousId\s+← /);
      const analyze = runCli(['analyze', dir, '--format', 'json']);
      expect(analyze.code, analyze.stderr).toBe(0);
      const report = JSON.parse(analyze.stdout);
      expect(report.inputs.identity.events).toBeGreaterThan(0);
      expect(report.warnings.find((w: { code: string }) => w.code === 'IDENTITY_MERGED').message).toBe(line);
    });
  }

  it('a folder whose events carry no anonymous id has no identity entry', () => {
    const report = JSON.parse(runCli(['analyze', 'fixtures/product-led', '--format', 'json']).stdout);
    expect(report.inputs.identity).toBeUndefined();
    expect(runCli(['inspect', 'fixtures/product-led']).stdout).not.toContain('identity:');
  });

  it('a Segment export read by two threads merges as one thread does', () => {
    const lines = ['id,received_at,uuid_ts,user_id,anonymous_id,event,timestamp,context_library_name,context_group_id'];
    for (let k = 0; k < 6000; k++) {
      const ts = `2026-0${1 + (k % 6)}-${String(1 + (k % 28)).padStart(2, '0')} ${String(k % 24).padStart(2, '0')}:15:00`;
      const person = k % 900;
      // Each person's device: identified on its first row (k < 900), anonymous on its 5 or 6 later ones; persons 0 and 450 share one (6 later rows each).
      const device = person % 450 === 0 ? 'dev-shared' : `dev-${person}`;
      const identified = k < 900;
      lines.push(`ajs-${k},${ts},${ts},${identified ? `user-${person}` : ''},${device},${['report_viewed', 'login', 'dashboard_created'][k % 3]},${ts},analytics.js,${identified ? `acct-${person % 120}` : ''}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-identity-'));
    writeFileSync(join(dir, 'tracks.csv'), lines.join('\n') + '\n');
    const args = ['analyze', dir, '--format', 'json', '--as-of', '2026-06-30'];
    const one = runCli(args, { env: { PULLCHECK_READ_THREADS: '1', PULLCHECK_DUCKDB_EVENTS: '0', CI: '' } });
    expect(one.code, one.stderr).toBe(0);
    const two = runCli(args, { env: { PULLCHECK_SPLIT_MIN_BYTES: '1', PULLCHECK_READ_THREADS: '2', PULLCHECK_DUCKDB_EVENTS: '0', CI: '', NODE_OPTIONS: reportWorkersOption() } });
    expect(two.code).toBe(0);
    expect(two.stderr).toContain('[worker started events-worker.js]');
    expect(two.stdout === one.stdout, 'reports differ').toBe(true);
    // DuckDB's summary (pairs from SQL, grouped per anonymous id too) gives the same report.
    const duckdb = runCli(args, { env: { CI: '' } });
    expect(engineNote(duckdb.stdout)).toMatch(/^events grouped by DuckDB into [\d,]+ rows of one user, account, event, feature, anonymous id and UTC day$/);
    expect(withoutEngineNotes(duckdb.stdout)).toBe(withoutEngineNotes(one.stdout));
    const identity = JSON.parse(one.stdout).inputs.identity;
    // 900 people, two of them on dev-shared (ambiguous); every other device seen identified once.
    expect(identity).toEqual({ pairs: 899, anonymousIds: 898, users: 898, ambiguous: 1, ambiguousEvents: 2 * 6, events: 5100 - 2 * 6 });
  });
});


