/**
 * invite-k-factor when the invitees' inviters are not found among the users (the user→inviter
 * link, docs/data-model.md "Link floors"), end to end: a users export whose invited_by names ids
 * no user has, and invite-accepted events whose inviter_id is no user id, give insufficient data
 * naming the failed lookup — before, a FAIL at k = 0. The same company with ids that join is
 * measured, and inviters found whose invitees signed up late keep their honest 0.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Check { id: string; status: string; value: number | null; reason: string | null; n: number; needs?: unknown[]; evidence: { examples: Array<{ key: string; rows: Array<{ id: string; values: Record<string, unknown> }> }> } }
interface Report { categories: Array<{ checks: Check[] }> }

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const START = Date.UTC(2025, 0, 6);

/**
 * 100 inviters (i0–i99, one signup a day from 2025-01-06) and 60 invitees (v0–v59, each 5 days
 * after its inviter i0–i59, or `lateDays` after): 160 cohort users by the as-of date 2025-12-31.
 * `inviter(k)` is what invitee k names as its inviter; `via` says where: the users file's
 * invited_by column, or an invite_accepted event's inviter_id (no invited_by column).
 */
function company(inviter: (k: number) => string, via: 'users' | 'events', lateDays = 5): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-invite-join-'));
  const users = [`user_id,account_id,signup_at,title${via === 'users' ? ',invited_by' : ''}`];
  const events = ['timestamp,user_id,account_id,event,inviter_id'];
  for (let k = 0; k < 100; k++) {
    const signup = START + k * DAY;
    users.push(`i${k},a${k % 20},${iso(signup)},Engineer${via === 'users' ? ',' : ''}`);
    events.push(`${iso(signup + DAY)},i${k},a${k % 20},report_created,`);
  }
  for (let k = 0; k < 60; k++) {
    const signup = START + k * DAY + lateDays * DAY;
    users.push(`v${k},a${k % 20},${iso(signup)},Engineer${via === 'users' ? `,${inviter(k)}` : ''}`);
    events.push(`${iso(signup)},v${k},a${k % 20},${via === 'events' ? 'invite_accepted' : 'report_created'},${via === 'events' ? inviter(k) : ''}`);
  }
  writeFileSync(join(dir, 'users.csv'), `${users.join('\n')}\n`);
  writeFileSync(join(dir, 'events.csv'), `${events.join('\n')}\n`);
  return dir;
}

function inviteCheck(dir: string): Check {
  const r = runCli(['analyze', dir, '--format', 'json', '--as-of', '2025-12-31'], { env: { CI: '' } });
  expect(r.code, r.stderr.slice(0, 300)).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  return report.categories.flatMap((c) => c.checks).find((c) => c.id === 'invite-k-factor')!;
}
const coverage = (c: Check) => c.evidence.examples.find((e) => e.key === 'linkCoverage')?.rows;

describe('invite-k-factor and the user→inviter link, end to end', () => {
  it("users.csv's invited_by naming no user (X-prefixed ids): insufficient data with the lookup's counts, not a FAIL at 0", () => {
    const joined = inviteCheck(company((k) => `i${k}`, 'users'));
    expect(joined).toMatchObject({ status: 'pass', value: 0.375, n: 160 });
    expect(coverage(joined)).toEqual([{ id: 'user→inviter', values: { linked: 60, of: 60, rate: 1, floor: 0.5, sourceRate: null } }]);

    const unjoined = inviteCheck(company((k) => `Xi${k}`, 'users'));
    expect(unjoined).toMatchObject({ status: 'insufficient-data', value: null, n: 160, needs: [{ kind: 'link', table: 'users', link: 'user→inviter' }] });
    expect(unjoined.reason).toBe(
      'the user→inviter link reached 0 of 60 invited users who signed up in the last 365 days with an inviter found in the users table (0%); ' +
        'below its floor of 50%, an unlinked row is not evidence of zero (pullcheck inspect shows the links)',
    );
    expect(coverage(unjoined)).toEqual([{ id: 'user→inviter', values: { linked: 0, of: 60, rate: 0, floor: 0.5, sourceRate: null } }]);
  });

  it("invite_accepted events whose inviter_id is no user id: insufficient data (20 of 60 found: 33%); all found: measured", () => {
    const joined = inviteCheck(company((k) => `i${k}`, 'events'));
    expect(joined).toMatchObject({ status: 'pass', value: 0.375, n: 160 });
    const partly = inviteCheck(company((k) => (k < 20 ? `i${k}` : `Xi${k}`), 'events'));
    expect(partly).toMatchObject({ status: 'insufficient-data', n: 160 });
    expect(partly.reason).toMatch(/^the user→inviter link reached 20 of 60 invited users .* \(33%\); below its floor of 50%/);
  });

  it('inviters found, invitees signed up after the 30-day window: an honest k = 0 (FAIL), the link whole', () => {
    const late = inviteCheck(company((k) => `i${k}`, 'users', 45));
    expect(late).toMatchObject({ status: 'fail', value: 0, n: 160 });
    expect(coverage(late)).toEqual([{ id: 'user→inviter', values: { linked: 60, of: 60, rate: 1, floor: 0.5, sourceRate: null } }]);
  });
});
