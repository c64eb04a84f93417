/**
 * Titles, roles, companies, e-mails and inviters from what events carry, end to end
 * (docs/data-model.md, "Derived from events: people and invites"): one fixture per vendor shape
 * (fixtures/derive/people-*), and a PostHog export read by two threads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportWorkersOption, runCli, withoutEngineNotes } from './run-cli.js';
import { byKey } from '../helpers/evidence.js';

type Derived = Array<{ field: string; from: string; users: number; failed?: string }>;

function derivedOf(dir: string): Derived {
  const run = runCli(['analyze', dir, '--format', 'json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout).inputs.derived;
}

const usersOf = (derived: Derived): Record<string, number> => Object.fromEntries(derived.map((d) => [d.field, d.users]));

describe('people and invites from events', () => {
  it('PostHog `$set` properties and invite events: inspect says what was derived and from what', () => {
    const r = runCli(['inspect', 'fixtures/derive/people-posthog']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('  title ← person property title / job_title (latest event carrying it), 2 users');
    expect(r.stdout).toContain('  role ← person property role, else the derived title, 3 users');
    expect(r.stdout).toContain('  email ← person property email / $email (latest event carrying it), 3 users');
    expect(r.stdout).toContain(
      '  invitedBy ← `invite_sent`.invitee_email, `invite_accepted`.inviter_id, `Invite Accepted`.inviter_id (1 invitee with two or more inviters left unset; 1 invite whose invitee is not in the users table), 2 users',
    );
    // Addresses are personal data: never in the output.
    expect(r.stdout).not.toMatch(/acme\.com|globex\.com/);
    const report = JSON.parse(runCli(['analyze', 'fixtures/derive/people-posthog', '--format', 'json']).stdout);
    const k = report.categories.flatMap((c: { checks: unknown[] }) => c.checks).find((c: { id: string }) => c.id === 'invite-k-factor');
    // Two invitees reach the metric (too few users to score it: insufficient, not "no column").
    expect(byKey(k.evidence).invitedUsersTotal).toBe(2);
    expect(k.reason).not.toMatch(/invited/i);
  });

  it('Amplitude `user_properties` and `event_properties` beside a users table without those columns', () => {
    expect(usersOf(derivedOf('fixtures/derive/people-amplitude'))).toMatchObject({ 'users.title': 2, 'users.role': 2, 'users.company': 1, 'users.email': 1, 'users.invitedBy': 2 });
    const inspect = runCli(['inspect', 'fixtures/derive/people-amplitude']).stdout;
    expect(inspect).toContain('invitedBy ← `Invite Sent`.invitee_id, `Invite Accepted`.invited_by, 2 users');
  });

  it('Segment `context_traits_*` columns and a per-event table (`invite_sent` with `invitee_email`)', () => {
    const derived = derivedOf('fixtures/derive/people-segment');
    expect(usersOf(derived)).toMatchObject({ 'users.title': 2, 'users.role': 2, 'users.email': 2, 'users.invitedBy': 1 });
    expect(derived.find((d) => d.field === 'users.invitedBy')!.from).toBe('`invite_sent`.invitee_email');
  });

  it('Mixpanel JSON lines (flattened `properties.inviter_id`)', () => {
    expect(derivedOf('fixtures/derive/people-mixpanel').find((d) => d.field === 'users.invitedBy')).toEqual({ field: 'users.invitedBy', from: '`Invite Accepted`.inviter_id', users: 1 });
  });

  it('accepted-invite names from the config (inviteAcceptedEvents)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-invites-'));
    writeFileSync(join(dir, 'events.csv'), 'timestamp,user_id,event,inviter_id\n2026-03-01T09:00:00Z,u1,user_signed_up,\n2026-03-02T09:00:00Z,u2,user_signed_up,\n2026-03-02T09:05:00Z,u2,Teammate Joined,u1\n');
    expect(derivedOf(dir).find((d) => d.field === 'users.invitedBy')!.failed).toMatch(/no event is named in inviteEvents \/ inviteAcceptedEvents/);
    writeFileSync(join(dir, 'pullcheck.config.yaml'), 'inviteAcceptedEvents: [Teammate Joined]\n');
    expect(derivedOf(dir).find((d) => d.field === 'users.invitedBy')).toEqual({ field: 'users.invitedBy', from: '`Teammate Joined`.inviter_id', users: 1 });
  });

  it('a PostHog export read by two threads derives as one thread does', () => {
    const lines = ['uuid,event,distinct_id,timestamp,properties'];
    const cell = (o: object) => `"${JSON.stringify(o).replaceAll('"', '""')}"`;
    for (let k = 0; k < 6000; k++) {
      const ts = `2026-0${1 + Math.floor(k / 1200)}-${String(1 + (k % 28)).padStart(2, '0')}T${String(k % 24).padStart(2, '0')}:15:00Z`;
      const user = `user-${k % 600}`;
      if (k < 600) lines.push(`e${k},user_signed_up,${user},${ts},${cell({ $set: { job_title: k % 2 ? 'Data Analyst' : 'VP Sales' } })}`);
      else if (k % 600 < 300 && k >= 5400) lines.push(`e${k},invite_accepted,${user},${ts},${cell({ inviter_id: `user-${(k % 600) + 300}`, $set: { company: 'Acme' } })}`);
      else lines.push(`e${k},report_viewed,${user},${ts},${cell({ feature: 'reports' })}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-people-'));
    writeFileSync(join(dir, 'events.csv'), lines.join('\n') + '\n');
    const args = ['analyze', dir, '--format', 'json', '--as-of', '2026-06-30'];
    const one = runCli(args, { env: { PULLCHECK_READ_THREADS: '1', PULLCHECK_DUCKDB_EVENTS: '0', CI: '' } });
    expect(one.code, one.stderr).toBe(0);
    const two = runCli(args, { env: { PULLCHECK_SPLIT_MIN_BYTES: '1', PULLCHECK_READ_THREADS: '2', PULLCHECK_DUCKDB_EVENTS: '0', CI: '', NODE_OPTIONS: reportWorkersOption() } });
    expect(two.stderr).toContain('[worker started events-worker.js]');
    expect(two.stdout === one.stdout, 'reports differ').toBe(true);
    // DuckDB's summary leaves the rows with person or invite properties to the JavaScript rules: the same report.
    const duckdb = runCli(args, { env: { CI: '' } });
    expect(JSON.parse(duckdb.stdout).inputs.files[0].notes).toEqual([expect.stringMatching(/^events grouped by DuckDB/)]);
    expect(withoutEngineNotes(duckdb.stdout)).toBe(withoutEngineNotes(one.stdout));
    // The invites are all in the second part of the file; the titles in the first.
    expect(usersOf(JSON.parse(one.stdout).inputs.derived)).toMatchObject({ 'users.title': 600, 'users.company': 300, 'users.invitedBy': 300 });
  });
});

