/**
 * The role checks when the events' account ids name no account, end to end (built CLI on a company
 * written by the test): buyer-user-role-overlap and buyer-user-role-divergence measure the event→account
 * join on the events they read (core events with an account, on a CRM account), so events on accounts
 * the CRM does not know make them insufficient data naming event→account, never an overlap of 0 or a
 * divergence read off the few that joined (docs/data-model.md, "Link floors").
 */
import { describe, expect, it } from 'vitest';
import { analyzeJson, writeCompany } from './run-cli.js';
import { type ReportView as Report, DAY, START, isoTime as iso, checkOf as check } from './report-view.js';

/**
 * 40 accounts A1–A40, won deal Dk closed on day 3k from 2025-01-06, a practitioner contact and a
 * practitioner user Uk at Ak; Uk's events (account `eventAccount(k)`) 10 days after the close and on
 * 2025-09-01; T is 2025-09-30 (the last event), so every close is at least 90 days old.
 */
function company(eventAccount: (k: number) => string): string {
  const accounts = ['account_id,name'];
  const deals = ['deal_id,account_id,stage,amount,created_at,closed_at'];
  const contacts = ['contact_id,account_id,title'];
  const users = ['user_id,account_id,signup_at,title'];
  const events = ['user_id,account_id,event,timestamp'];
  for (let k = 1; k <= 40; k++) {
    const close = START + 3 * k * DAY;
    accounts.push(`A${k},Company ${k}`);
    deals.push(`D${k},A${k},won,1000,${iso(START - 30 * DAY)},${iso(close)}`);
    contacts.push(`C${k},A${k},Software Engineer`);
    users.push(`U${k},A${k},${iso(close)},Software Engineer`);
    events.push(`U${k},${eventAccount(k)},report_created,${iso(close + 10 * DAY)}`);
    events.push(`U${k},${eventAccount(k)},report_created,${iso(Date.UTC(2025, 8, 1))}`);
  }
  events.push(`U1,${eventAccount(1)},report_created,${iso(Date.UTC(2025, 8, 30))}`);
  return writeCompany('role-event-account', { accounts, deals, contacts, users, events });
}

describe('role checks with events on accounts the CRM does not know, end to end', () => {
  it('are insufficient naming event→account when the events carry XA1–XA40; measure when they carry A1–A40', () => {
    const healthy = JSON.parse(analyzeJson(company((k) => `A${k}`))) as Report;
    expect(check(healthy, 'buyer-user-role-overlap')).toMatchObject({ status: 'pass', value: 1, n: 40 });
    expect(check(healthy, 'buyer-user-role-divergence')).toMatchObject({ status: 'pass', value: 0 });

    // Before: overlap { status: 'fail', value: 0 } (0 of 40 accounts with an active user, rescued by the users found by id);
    // divergence insufficient for want of active users, naming no link.
    const broken = JSON.parse(analyzeJson(company((k) => `XA${k}`))) as Report;
    const overlap = check(broken, 'buyer-user-role-overlap');
    expect(overlap).toMatchObject({ status: 'insufficient-data', value: null, n: 40, needs: [{ kind: 'link', table: 'events', link: 'event→account' }] });
    expect(overlap.reason).toContain('the event→account link reached 0 of 40 won accounts with a linked active user (0%), and 0% of 81 core events of the post-close windows with an account, on a CRM account, linked');
    expect(check(broken, 'buyer-user-role-divergence')).toMatchObject({ status: 'insufficient-data', needs: [{ kind: 'link', table: 'events', link: 'event→account' }] });
  });
});
