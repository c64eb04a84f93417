/**
 * Touches per won deal when some calls carry only a contact id, end to end (built CLI on a company
 * written by the test): a call whose contact id names no contact is a touch whose reference
 * failed, so it counts against the activity→deal link floor's rate of touches with a reference;
 * it is never read as a deal's real zero (docs/data-model.md, "Link floors"). With contact ids
 * that name contacts, the calls reach their deals through the contact's account and the check
 * measures.
 */
import { describe, expect, it } from 'vitest';
import { analyzeJson, runCli, writeCompany } from './run-cli.js';
import { type ReportRow as Row, type ReportCheck as Check, type ReportView as Report, DAY, START, isoDay as day, checkOf as check } from './report-view.js';

/**
 * 40 accounts A1–A40 with contact Ck at Ak, one won deal each (Dk, 20,000: the mid band; created
 * every 3 days from 2025-01-09, closed 40 days later), 3 calls per deal 5–7 days after creation.
 * Deals 1–15's calls name the deal (deal_id Dk); deals 16–40's carry only the contact id `contactOf(k)`.
 */
function company(contactOf: (k: number) => string): string {
  const accounts = ['account_id,name'];
  const contacts = ['contact_id,account_id,title'];
  const deals = ['deal_id,account_id,deal_name,amount,stage,created_at,closed_at'];
  const activities = ['activity_id,type,deal_id,contact_id,occurred_at'];
  for (let k = 1; k <= 40; k++) {
    const created = START + 3 * k * DAY;
    accounts.push(`A${k},Company ${k}`);
    contacts.push(`C${k},A${k},VP Operations`);
    deals.push(`D${k},A${k},Company ${k} - New Business,20000,won,${day(created)},${day(created + 40 * DAY)}`);
    for (let j = 0; j < 3; j++) {
      const ref = k <= 15 ? `D${k},` : `,${contactOf(k)}`;
      activities.push(`E${k}-${j},call,${ref},${day(created + (5 + j) * DAY)}T10:00:00Z`);
    }
  }
  return writeCompany('touches-contact', { accounts, contacts, deals, activities });
}

const coverage = (c: Check): Row['values'] | undefined => c.evidence.examples?.find((e) => e.key === 'linkCoverage')?.rows[0]?.values;

describe('touches per won deal with calls logged against contacts only, end to end', () => {
  it('is insufficient data naming activity→deal when 25 of 40 deals have calls whose contact ids name no contact; measures when they name contacts', () => {
    const dir = company((k) => `X${k}`);
    const report = JSON.parse(analyzeJson(dir)) as Report;
    // Before: { status: 'pass', value: 0 }: 45 of the 45 touches naming a deal or an account joined (100%), so the
    // 25 deals whose 75 calls failed to join read as real zeros and the median was 0.
    const touches = check(report, 'touches-per-won-deal-mid');
    expect(touches).toMatchObject({ status: 'insufficient-data', value: null, needs: [{ kind: 'link', table: 'activities', link: 'activity→deal' }] });
    expect(touches.reason).toBe(
      'the activity→deal link reached 15 of 40 won deals with amount 10000–50000 with a linked touch (38%), and 38% of 120 touches naming a deal, ' +
        'an account or an unmatched contact linked; below its floor of 50%, an unlinked row is not evidence of zero (pullcheck inspect shows the links)',
    );
    expect(coverage(touches)).toMatchObject({ linked: 15, of: 40, rate: 0.375, floor: 0.5, sourceRate: 0.375 });
    // What a user reads: the text report names the link, and inspect shows which contact ids failed.
    const text = runCli(['analyze', dir, '-q'], { env: { CI: '' } }).stdout;
    expect(text).toContain('touches-per-won-deal-mid]\n         the activity→deal link reached 15 of 40 won deals');
    expect(runCli(['inspect', dir]).stdout).toContain('activity→account unlinked, e.g. contact X16, contact X17, contact X18, contact X19, contact X20');

    // The same calls with contact ids that name contacts (Ck at Ak) reach each deal through the contact's account: 3 each.
    const found = check(JSON.parse(analyzeJson(company((k) => `C${k}`))) as Report, 'touches-per-won-deal-mid');
    expect(found).toMatchObject({ status: expect.stringMatching(/^(pass|warn|fail)$/) as string, value: 3 });
    expect(coverage(found)).toMatchObject({ linked: 40, of: 40, rate: 1, sourceRate: 1 });
  });
});
