/**
 * post-close-shelfware-rate end to end (built CLI) when a reference column breaks: deals whose
 * account ids name no account, or events whose account ids name none (a few account-less events
 * still reaching their accounts through users), give insufficient data naming the link, never a
 * shelfware rate of 1 (src/metrics/account-joins.ts).
 */
import { describe, expect, it } from 'vitest';
import { analyzeJson, writeCompany } from './run-cli.js';

interface Row { id: string; values: Record<string, number | null> }
interface Check { id: string; status: string; value: number | null; reason: string | null; n: number; needs?: unknown[]; evidence: { examples?: Array<{ key: string; rows: Row[] }> } }
interface Report { categories: Array<{ checks: Check[] }> }

/**
 * 40 accounts A1–A40, each won (new business) on 2025-01-10 and active on day 70 after close
 * (a report_run by its user U<k>, in the days 60–90 window); one account-less event per user on
 * 2025-01-02 (reaching the account through its user), and an event of a user of no account on 2025-12-31 (the as-of).
 */
function company(dealAccount: (k: number) => string, eventAccount: (k: number) => string): string {
  const accounts = ['account_id,name'];
  const deals = ['deal_id,account_id,amount,stage,created_at,closed_at,deal_type'];
  const users = ['user_id,account_id,signup_at'];
  const events = ['user_id,account_id,event,timestamp'];
  for (let k = 1; k <= 40; k++) {
    accounts.push(`A${k},Company ${k}`);
    deals.push(`D${k},${dealAccount(k)},1000,won,2024-12-01,2025-01-10,new`);
    users.push(`U${k},A${k},2025-01-01T00:00:00Z`);
    events.push(`U${k},,report_run,2025-01-02T10:00:00Z`);
    for (let j = 0; j < 3; j++) events.push(`U${k},${eventAccount(k)},report_run,2025-03-21T1${j}:00:00Z`);
  }
  events.push('U0,,login,2025-12-31T12:00:00Z'); // a user of no account: sets the as-of only
  return writeCompany('deal-account', { accounts, deals, users, events });
}

const check = (r: Report, id: string): Check => r.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;
const coverage = (c: Check): Row[] | undefined => c.evidence.examples?.find((e) => e.key === 'linkCoverage')?.rows;
const shelfware = (dir: string): Check => check(JSON.parse(analyzeJson(dir)) as Report, 'post-close-shelfware-rate');

describe('post-close-shelfware-rate with a broken account reference, end to end', () => {
  it('is insufficient naming deal→account when the deals name no account; measures 0 when they do', () => {
    // Before: { status: 'fail', value: 1 }: the cohort XA1–XA40 was never seen in events, and the
    // floor borrowed the events' link (100%), a different join.
    const broken = shelfware(company((k) => `XA${k}`, (k) => `A${k}`));
    expect(broken).toMatchObject({ status: 'insufficient-data', value: null, n: 0, needs: [{ kind: 'link', table: 'deals', link: 'deal→account' }] });
    expect(broken.reason).toMatch(/^the deal→account link reached 0 of 40 new-business won deals of the cohort whose account is in the accounts table \(0%\)/);
    expect(coverage(broken)).toEqual([{ id: 'deal→account', values: { linked: 0, of: 40, rate: 0, floor: 0.5, sourceRate: null } }]);

    const healthy = shelfware(company((k) => `A${k}`, (k) => `A${k}`));
    expect(healthy).toMatchObject({ status: 'pass', value: 0, n: 40 });
    expect(coverage(healthy)).toEqual([
      { id: 'deal→account', values: { linked: 40, of: 40, rate: 1, floor: 0.5, sourceRate: null } },
      { id: 'event→account', values: { linked: 40, of: 40, rate: 1, floor: 0.5, sourceRate: 1 } },
    ]);
  });

  it('is insufficient naming event→account when the events name no account, though a few reach them through users', () => {
    // Before: { status: 'fail', value: 1 }: one account-less event per user made all 40 accounts
    // "seen" (40 of 40) while their 120 in-window events joined nothing.
    const broken = shelfware(company((k) => `A${k}`, (k) => `XA${k}`));
    expect(broken).toMatchObject({ status: 'insufficient-data', value: null, n: 40, needs: [{ kind: 'link', table: 'events', link: 'event→account' }] });
    expect(broken.reason).toMatch(/^the event→account link reached 0 of 40 won accounts seen in product events \(0%\), and 25% of 160 events rows with a reference linked/);
  });
});
