/**
 * Unassisted activation rate when the sales calls name accounts the CRM does not know, end to end
 * (built CLI on a company written by the test): a touch is placed on an account only when that
 * account is known (the accounts table's, or a product account), so calls whose account ids name no
 * account count against the activity→account floor; and users whose accounts matched only the deals'
 * dead account references (accounts.csv ids renamed) count against user→account. Neither reads every
 * activation as unassisted (docs/data-model.md, "Link floors").
 */
import { describe, expect, it } from 'vitest';
import { analyzeJson, writeCompany } from './run-cli.js';
import { type ReportView as Report, DAY, START, isoTime as iso, checkOf as check, linkCoverageOf as coverage } from './report-view.js';

/**
 * 40 accounts (accounts.csv ids `accountId(k)`), deal Dk on `dealAccount(k)`; 3 users per account on
 * `Ak`, signed up on day 4k from 2025-01-06 and activated 2 days later; 3 calls per account the day
 * after signup on account `callAccount(k)`.
 */
function company(o: { accountId: (k: number) => string; dealAccount: (k: number) => string; callAccount: (k: number) => string }): string {
  const accounts = ['account_id,name'];
  const deals = ['deal_id,account_id,stage,amount,created_at,closed_at'];
  const users = ['user_id,account_id,signup_at,activated_at'];
  const activities = ['activity_id,type,account_id,occurred_at'];
  const events = ['user_id,account_id,event,timestamp'];
  for (let k = 1; k <= 40; k++) {
    const s = START + 4 * k * DAY;
    accounts.push(`${o.accountId(k)},Company ${k}`);
    deals.push(`D${k},${o.dealAccount(k)},won,1000,${iso(START)},${iso(s)}`);
    for (let u = 0; u < 3; u++) {
      users.push(`U${k}-${u},A${k},${iso(s)},${iso(s + 2 * DAY)}`);
      events.push(`U${k}-${u},A${k},login,${iso(s + DAY)}`);
    }
    for (let j = 0; j < 3; j++) activities.push(`E${k}-${j},call,${o.callAccount(k)},${iso(s + DAY + j * 3_600_000)}`);
  }
  return writeCompany('unassisted-account', { accounts, deals, users, activities, events });
}

const ua = (dir: string) => check(JSON.parse(analyzeJson(dir)) as Report, 'unassisted-activation-rate');

describe('unassisted activation rate with calls on accounts the CRM does not know, end to end', () => {
  it('is insufficient naming activity→account when every call names an account id that no account has; measures 0 when they name the accounts', () => {
    // Before: { status: 'pass', value: 1 }: 120 of 120 calls "placed" on XAk, touched accounts with users 0 of 40 (rescued by
    // the users' own link, 1.0), and every activation read as unassisted.
    const broken = ua(company({ accountId: (k) => `A${k}`, dealAccount: (k) => `A${k}`, callAccount: (k) => `XA${k}` }));
    expect(broken).toMatchObject({ status: 'insufficient-data', value: null, needs: [{ kind: 'link', table: 'activities', link: 'activity→account' }] });
    expect(coverage(broken)).toEqual([{ id: 'activity→account', values: { linked: 0, of: 120, rate: 0, floor: 0.5, sourceRate: null } }]);
    const found = ua(company({ accountId: (k) => `A${k}`, dealAccount: (k) => `A${k}`, callAccount: (k) => `A${k}` }));
    expect(found).toMatchObject({ status: 'fail', value: 0 });
  });

  it('is insufficient naming user→account when accounts.csv ids are renamed (the users match only the deals\' dead ids)', () => {
    // accounts.csv XAk, deals and users Ak (no account has it), calls on XAk. Before: { status: 'pass', value: 1 }, with
    // user→account 0 of 40 touched accounts rescued by the link table's 1.0 (the users' Ak matched the deals' Ak by id).
    const renamed = ua(company({ accountId: (k) => `XA${k}`, dealAccount: (k) => `A${k}`, callAccount: (k) => `XA${k}` }));
    expect(renamed).toMatchObject({ status: 'insufficient-data', value: null, needs: [{ kind: 'link', table: 'users', link: 'user→account' }] });
    expect(renamed.reason).toContain('and 0% of 120 users with an account, found among the CRM accounts linked');
  });
});
