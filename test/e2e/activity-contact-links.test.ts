/**
 * activity→account through the activity's contact, end to end (built CLI on a company written by
 * the test): calls logged against a person only (a contact id, no deal or account) whose contact
 * ids name no contact are a failed join, counted as unlinked with the ids as examples, not as
 * rows "without a reference" (docs/data-model.md, "Links"). The same calls with contact ids that
 * name contacts reach their accounts (via), and touches per won deal is measured on them.
 */
import { describe, expect, it } from 'vitest';
import { analyzeJson, runCli, writeCompany } from './run-cli.js';
import { type ReportLink as Link, type ReportView as Report, DAY, START, isoDay as day, checkOf as check } from './report-view.js';

/**
 * 40 accounts A1–A40, one won deal each (10,000, created every 3 days from 2025-01-09, closed 40
 * days later), and 3 calls per deal 5–7 days after its creation that carry only a contact id:
 * `contactOf(k)` for the calls of account k. contacts.csv has C1–C40, contact Ck at account Ak.
 */
function company(contactOf: (k: number) => string): string {
  const accounts = ['account_id,name'];
  const contacts = ['contact_id,account_id,title'];
  const deals = ['deal_id,account_id,deal_name,amount,stage,created_at,closed_at'];
  const activities = ['activity_id,type,contact_id,occurred_at'];
  for (let k = 1; k <= 40; k++) {
    const created = START + 3 * k * DAY;
    accounts.push(`A${k},Company ${k}`);
    contacts.push(`C${k},A${k},VP Operations`);
    deals.push(`D${k},A${k},Company ${k} - New Business,10000,won,${day(created)},${day(created + 40 * DAY)}`);
    for (let j = 0; j < 3; j++) activities.push(`E${k}-${j},call,${contactOf(k)},${day(created + (5 + j) * DAY)}T10:00:00Z`);
  }
  return writeCompany('activity-contact', { accounts, contacts, deals, activities });
}

const link = (links: Link[], id: string): Link => links.find((l) => l.id === id)!;

describe('activity→account through a contact that names no contact, end to end', () => {
  it('counts the calls as unlinked, naming the contact ids (report and inspect), not as without a reference; found contact ids link', () => {
    const dir = company((k) => `X${k}`);
    const report = JSON.parse(analyzeJson(dir)) as Report;
    // Before: { linked: 0, noKey: 120, unlinkedExamples: [] }: the failed lookup read as a blank reference.
    const expected = {
      rows: 120, linked: 0, noKey: 0, ambiguous: 0, rate: 0,
      unlinkedExamples: ['contact X1', 'contact X10', 'contact X11', 'contact X12', 'contact X13'],
    };
    expect(link(report.inputs.links, 'activity→account')).toMatchObject(expected);
    const inspect = runCli(['inspect', dir, '--format', 'json']);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(link((JSON.parse(inspect.stdout) as { links: Link[] }).links, 'activity→account')).toMatchObject(expected);
    const text = runCli(['inspect', dir]).stdout;
    expect(text).toMatch(/ {2}activity→account +0% {2}0 \/ 120 +by —\n/);
    expect(text).toContain('activity→account unlinked, e.g. contact X1, contact X10, contact X11, contact X12, contact X13');

    // No check has an activity→account floor; touches per won deal joins the calls to deals
    // (deal id, else account and time) and is insufficient naming its link, never a 0. (This held
    // before the change too: no call named a deal or an account, so none joined.) The 120 calls
    // are touches whose reference failed, so the reason gives their rate too (test/e2e/touches-contact-join.test.ts).
    const touches = check(report, 'touches-per-won-deal-mid');
    expect(touches).toMatchObject({ status: 'insufficient-data', value: null, needs: [{ kind: 'link', table: 'activities', link: 'activity→deal' }] });
    expect(touches.reason).toMatch(
      /^the activity→deal link reached 0 of 40 won deals with amount 10000–50000 with a linked touch \(0%\), and 0% of 120 touches naming a deal, an account or an unmatched contact linked; below its floor of 50%/,
    );

    // The same calls with contact ids that name contacts reach their accounts through them, and touches are measured.
    const found = JSON.parse(analyzeJson(company((k) => `C${k}`))) as Report;
    expect(link(found.inputs.links, 'activity→account')).toMatchObject({ rows: 120, linked: 120, by: { via: 120 }, noKey: 0, rate: 1, unlinkedExamples: [] });
    expect(check(found, 'touches-per-won-deal-mid')).toMatchObject({ status: expect.stringMatching(/^(pass|warn|fail)$/) as string, value: 3 });
  });
});
