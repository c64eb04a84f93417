/**
 * The user→inviter link (users.invitedBy → users.userId) in the report's `inputs.links` and in
 * `pullcheck inspect`'s link table, end to end (built CLI on a company written by the test, as-of
 * 2025-12-31): rows = users with an invited-by value, linked = those whose invited-by is a user
 * id, over all users (invite-k-factor's own floor counts only the invitees of its lookback).
 * Measured once the users table is final, so invites derived from events count too.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Link { id: string; from: string; to: string; rows: number; linked: number; by: Record<string, number>; noKey: number; ambiguous: number; rate: number | null; unlinkedExamples: string[]; ambiguousExamples: string[] }
interface Check { id: string; status: string; value: number | null; reason: string | null; evidence: { examples: Array<{ key: string; rows: Array<{ id: string; values: Record<string, unknown> }> }> } }
interface Report { inputs: { links: Link[] }; categories: Array<{ checks: Check[] }> }

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const START = Date.UTC(2025, 0, 6);

interface Company {
  /** What invitee k (v0–v59) names as its inviter; null: the users file has no invited_by column. */
  inviter: ((k: number) => string) | null;
  /** Name the inviters in invite_accepted events' inviter_id instead of a users column. */
  viaEvents?: boolean;
  /** 60 invitees o0–o59 who signed up in 2023, before the lookback, each naming its inviter p0–p59 (found). */
  oldInvitees?: boolean;
  /** The invitees' e-mails are at staff.example, which the config leaves out as staff. */
  staffInvitees?: boolean;
}

/**
 * 100 inviters i0–i99 (one signup a day from 2025-01-06) and 60 invitees v0–v59, each 5 days
 * after its inviter i0–i59; users.csv with an e-mail per user, events.csv with one event each.
 */
function company(c: Company): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-inviter-link-'));
  const column = c.inviter !== null && !c.viaEvents;
  const users = [`user_id,account_id,signup_at,title,email${column ? ',invited_by' : ''}`];
  const events = ['timestamp,user_id,account_id,event,inviter_id'];
  const user = (id: string, account: string, signup: number, email: string, invitedBy: string) =>
    users.push(`${id},${account},${iso(signup)},Engineer,${email}${column ? `,${invitedBy}` : ''}`);
  for (let k = 0; k < 100; k++) {
    const signup = START + k * DAY;
    user(`i${k}`, `a${k % 20}`, signup, `i${k}@customer${k % 20}.example`, '');
    events.push(`${iso(signup + DAY)},i${k},a${k % 20},report_created,`);
  }
  for (let k = 0; k < 60; k++) {
    const signup = START + (k + 5) * DAY;
    const inviter = c.inviter?.(k) ?? '';
    user(`v${k}`, `a${k % 20}`, signup, c.staffInvitees ? `v${k}@staff.example` : `v${k}@customer${k % 20}.example`, inviter);
    events.push(`${iso(signup)},v${k},a${k % 20},${c.viaEvents ? 'invite_accepted' : 'report_created'},${c.viaEvents ? inviter : ''}`);
  }
  if (c.oldInvitees) {
    for (let k = 0; k < 60; k++) {
      const signup = Date.UTC(2023, 2, 1) + k * DAY;
      user(`p${k}`, `a${k % 20}`, signup, `p${k}@customer${k % 20}.example`, '');
      user(`o${k}`, `a${k % 20}`, signup + 5 * DAY, `o${k}@customer${k % 20}.example`, `p${k}`);
    }
  }
  writeFileSync(join(dir, 'users.csv'), `${users.join('\n')}\n`);
  writeFileSync(join(dir, 'events.csv'), `${events.join('\n')}\n`);
  if (c.staffInvitees) writeFileSync(join(dir, 'pullcheck.config.yaml'), 'staff:\n  domains: [staff.example]\n');
  return dir;
}

function analyze(dir: string): Report {
  const r = runCli(['analyze', dir, '--format', 'json', '--as-of', '2025-12-31'], { env: { CI: '' } });
  expect(r.code, r.stderr.slice(0, 300)).toBe(0);
  return JSON.parse(r.stdout) as Report;
}
function inspectLinks(dir: string): Link[] {
  const r = runCli(['inspect', dir, '--format', 'json']);
  expect(r.code, r.stderr.slice(0, 300)).toBe(0);
  return (JSON.parse(r.stdout) as { links: Link[] }).links;
}
const inviterLink = (links: Link[]): Link | undefined => links.find((l) => l.id === 'user→inviter');
const check = (r: Report, id: string): Check => r.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;
const coverage = (c: Check) => c.evidence.examples.find((e) => e.key === 'linkCoverage')?.rows;
const by = (id: number) => ({ id, association: 0, name: 0, domain: 0, via: 0 });

describe('user→inviter in the link table (report inputs.links and inspect), end to end', () => {
  it('invited_by naming users: 60 of 60 by id, in the report, inspect JSON and inspect text', () => {
    const dir = company({ inviter: (k) => `i${k}` });
    const expected: Link = { id: 'user→inviter', from: 'users', to: 'users', rows: 60, linked: 60, by: by(60), noKey: 0, ambiguous: 0, rate: 1, unlinkedExamples: [], ambiguousExamples: [] };
    expect(inviterLink(analyze(dir).inputs.links)).toEqual(expected);
    expect(inviterLink(inspectLinks(dir))).toEqual(expected);
    expect(runCli(['inspect', dir]).stdout).toMatch(/\n {2}user→inviter +100% {2}60 \/ 60 +by id 60\n/);
  });

  it('X-prefixed invited_by ids that name no user: 0 of 60, the ids as examples; inspect names them', () => {
    const dir = company({ inviter: (k) => `Xi${k}` });
    const report = analyze(dir);
    expect(inviterLink(report.inputs.links)).toMatchObject({ rows: 60, linked: 0, noKey: 0, rate: 0, unlinkedExamples: ['Xi0', 'Xi1', 'Xi10', 'Xi11', 'Xi12'] });
    expect(check(report, 'invite-k-factor')).toMatchObject({ status: 'insufficient-data' });
    const text = runCli(['inspect', dir]).stdout;
    expect(text).toMatch(/\n {2}user→inviter +0% {2}0 \/ 60 +by —\n/);
    expect(text).toContain('user→inviter unlinked, e.g. Xi0, Xi1, Xi10, Xi11, Xi12');
  });

  it('invites derived from invite_accepted events count (measured after the derivation): all found, or 20 of 60', () => {
    expect(inviterLink(analyze(company({ inviter: (k) => `i${k}`, viaEvents: true })).inputs.links)).toMatchObject({ rows: 60, linked: 60, rate: 1 });
    const partly = company({ inviter: (k) => (k < 20 ? `i${k}` : `Xi${k}`), viaEvents: true });
    expect(inviterLink(analyze(partly).inputs.links)).toMatchObject({ rows: 60, linked: 20, rate: 0.333 });
    expect(inviterLink(inspectLinks(partly))).toMatchObject({ rows: 60, linked: 20, rate: 0.333 });
  });

  it('is over all users: 60 old invitees found and 60 recent ones not give 50%, while invite-k-factor counts only the recent 60 (0%)', () => {
    const report = analyze(company({ inviter: (k) => `Xi${k}`, oldInvitees: true }));
    expect(inviterLink(report.inputs.links)).toMatchObject({ rows: 120, linked: 60, rate: 0.5 });
    const invite = check(report, 'invite-k-factor');
    // The link table's 50% (at the floor) must not stand in for the lookback's 0 of 60.
    expect(invite).toMatchObject({ status: 'insufficient-data', value: null });
    expect(invite.reason).toMatch(/^the user→inviter link reached 0 of 60 invited users who signed up in the last 365 days/);
    expect(coverage(invite)).toEqual([{ id: 'user→inviter', values: { linked: 0, of: 60, rate: 0, floor: 0.5, sourceRate: null } }]);
  });

  it('no invitee left (the invitees are staff, left out): rows 0, rate null; a users file without the column lists no user→inviter', () => {
    const staff = analyze(company({ inviter: (k) => `i${k}`, staffInvitees: true }));
    expect(inviterLink(staff.inputs.links)).toEqual({ id: 'user→inviter', from: 'users', to: 'users', rows: 0, linked: 0, by: by(0), noKey: 0, ambiguous: 0, rate: null, unlinkedExamples: [], ambiguousExamples: [] });
    expect(coverage(check(staff, 'invite-k-factor'))).toEqual([{ id: 'user→inviter', values: { linked: 0, of: 0, rate: null, floor: 0.5, sourceRate: null } }]);
    expect(inviterLink(analyze(company({ inviter: null })).inputs.links)).toBeUndefined();
  });
});
