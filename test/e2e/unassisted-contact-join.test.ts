/**
 * Unassisted activation rate when the sales calls carry only contact ids, end to end (built CLI on a
 * company written by the test): a call whose contact id names no contact reaches no account, so it
 * counts against the check's activity→account link floor (touches placed on an account, of those
 * with a reference) and the check is insufficient data naming that link; it never reads every
 * activation as unassisted (docs/data-model.md, "Link floors"). With contact ids that name contacts,
 * the calls reach their accounts and the check measures.
 */
import { describe, expect, it } from 'vitest';
import { analyzeJson, runCli, writeCompany } from './run-cli.js';
import { type ReportView as Report, DAY, START, isoTime as iso, checkOf as check, linkCoverageOf as coverage } from './report-view.js';

/**
 * 40 accounts A1–A40 with contact Ck at Ak; 3 users per account signed up on day 4k from 2025-01-06
 * and activated 2 days later (a login the day between); 3 calls per account the day after signup,
 * carrying only the contact id `contactOf(k)`.
 */
function company(contactOf: (k: number) => string): string {
  const accounts = ['account_id,name'];
  const contacts = ['contact_id,account_id,title'];
  const users = ['user_id,account_id,signup_at,activated_at'];
  const activities = ['activity_id,type,contact_id,occurred_at'];
  const events = ['user_id,account_id,event,timestamp'];
  for (let k = 1; k <= 40; k++) {
    const s = START + 4 * k * DAY;
    accounts.push(`A${k},Company ${k}`);
    contacts.push(`C${k},A${k},VP`);
    for (let u = 0; u < 3; u++) {
      users.push(`U${k}-${u},A${k},${iso(s)},${iso(s + 2 * DAY)}`);
      events.push(`U${k}-${u},A${k},login,${iso(s + DAY)}`);
    }
    for (let j = 0; j < 3; j++) activities.push(`E${k}-${j},call,${contactOf(k)},${iso(s + DAY + j * 3_600_000)}`);
  }
  return writeCompany('unassisted-contact', { accounts, contacts, users, activities, events });
}

describe('unassisted activation rate with calls logged against contacts only, end to end', () => {
  it('is insufficient data naming activity→account when every call carries a contact id that names no contact; measures 0 when they name contacts', () => {
    const dir = company((k) => `X${k}`);
    const report = JSON.parse(analyzeJson(dir)) as Report;
    // Before: { status: 'pass', value: 1 }, with user→account 0 of 0: the 120 calls reached no account, so no
    // account was touched, the floor read 0 of 0 as met, and every activation counted as unassisted.
    const ua = check(report, 'unassisted-activation-rate');
    expect(ua).toMatchObject({ status: 'insufficient-data', value: null, n: 111, needs: [{ kind: 'link', table: 'activities', link: 'activity→account' }] });
    expect(ua.reason).toBe(
      'the activity→account link reached 0 of 120 touches naming a deal, an account or an unmatched contact in the last 365 days, placed on an account (0%); ' +
        'below its floor of 50%, an unlinked row is not evidence of zero (pullcheck inspect shows the links)',
    );
    expect(coverage(ua)).toEqual([{ id: 'activity→account', values: { linked: 0, of: 120, rate: 0, floor: 0.5, sourceRate: null } }]);
    // What a user reads: the text report names the link, and inspect shows which contact ids failed.
    const text = runCli(['analyze', dir, '-q'], { env: { CI: '' } }).stdout;
    expect(text).toContain('[unassisted-activation-rate]\n         the activity→account link reached 0 of 120 touches');
    expect(runCli(['inspect', dir]).stdout).toContain('activity→account unlinked, e.g. contact X1, contact X10');

    // The same calls with contact ids that name contacts (Ck at Ak) reach each account and assist its 3 users: 0 unassisted.
    const found = check(JSON.parse(analyzeJson(company((k) => `C${k}`))) as Report, 'unassisted-activation-rate');
    expect(found).toMatchObject({ status: 'fail', value: 0, n: 111 });
    expect(coverage(found)).toEqual([
      { id: 'activity→account', values: { linked: 120, of: 120, rate: 1, floor: 0.5, sourceRate: null } },
      { id: 'user→account', values: { linked: 40, of: 40, rate: 1, floor: 0.5, sourceRate: 1 } },
    ]);
  });
});
