#!/usr/bin/env node
// @ts-check
/**
 * The vendor-export corpus (fixtures/corpus/): small generated companies written the way the
 * vendors' exports look, so the end-to-end test (test/e2e/corpus.test.ts) can check that every
 * file is recognised and that the report matches the same company in pullcheck's canonical layout.
 *
 *   node scripts/generate-corpus.mjs                 # regenerate fixtures/corpus/<company>/
 *   node scripts/generate-corpus.mjs --canonical DIR # also write each company's canonical layout
 *                                                    # to DIR/<company>/ (what the test compares to)
 *
 * Each company is first generated in the canonical layout by scripts/generate-fixtures.mjs
 * (profile, seed and event count below), then every table is rewritten in one vendor's shape:
 * its column names, date and money formats, delimiter, encoding, ids and header noise. No row is
 * added or dropped except where a vendor has no place for it (listed per writer and in
 * fixtures/corpus/README.md). Deterministic: the same inputs give byte-identical files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { generateCompany } from './generate-fixtures.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const DAY = 86_400_000;

/**
 * The corpus: one CRM and one product-analytics vendor per company, plus the roadmap sheets.
 * @type {Array<{ name: string, profile: 'sales-led' | 'product-led', seed: number, events: number, crm: string, product: string | null, roadmap: string | null }>}
 */
export const COMPANIES = [
  { name: 'hubspot-posthog', profile: 'sales-led', seed: 101, events: 7000, crm: 'hubspot', product: 'posthog', roadmap: 'sheets' },
  { name: 'sfreport-mixpanel', profile: 'product-led', seed: 102, events: 6000, crm: 'salesforce-report', product: 'mixpanel', roadmap: 'canny' },
  { name: 'pipedrive-amplitude', profile: 'sales-led', seed: 103, events: 7000, crm: 'pipedrive', product: 'amplitude', roadmap: 'sheets' },
  { name: 'sfapi-segment', profile: 'product-led', seed: 104, events: 6000, crm: 'salesforce-api', product: 'segment', roadmap: 'canny' },
  // CRM only: warehouse syncs of the CRM, compared with the canonical company's CRM tables.
  { name: 'sfwarehouse-crm', profile: 'sales-led', seed: 105, events: 4000, crm: 'salesforce-warehouse', product: null, roadmap: null },
  { name: 'hubspotwarehouse-crm', profile: 'sales-led', seed: 106, events: 3500, crm: 'hubspot-warehouse', product: null, roadmap: null },
];

// ---------------------------------------------------------------------------------------------
// Output helpers
// ---------------------------------------------------------------------------------------------

/** One CSV cell, quoted when it holds the delimiter, a quote or a line break (RFC 4180). */
function cell(v, delimiter = ',', quoteAll = false) {
  if (v === null || v === undefined) return quoteAll ? '""' : '';
  const s = String(v);
  return quoteAll || s.includes(delimiter) || /["\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A CSV file: header + rows, with the options vendors differ by.
 * @param {string} file @param {string[]} header @param {unknown[][]} rows
 * @param {{ delimiter?: string, bom?: boolean, crlf?: boolean, quoteAll?: boolean, latin1?: boolean, footer?: string[] }} [o]
 */
function writeCsv(file, header, rows, o = {}) {
  const d = o.delimiter ?? ',';
  const eol = o.crlf ? '\r\n' : '\n';
  const lines = [header, ...rows].map((r) => r.map((v) => cell(v, d, o.quoteAll)).join(d));
  const text = (o.bom ? '\uFEFF' : '') + lines.join(eol) + eol + (o.footer ? o.footer.join(eol) + eol : '');
  writeFileSync(file, o.latin1 ? Buffer.from(text, 'latin1') : text);
  return rows.length;
}

/** Canonical table rows as objects (empty cells as ''). */
function readTable(dir, table) {
  return /** @type {Record<string, string>[]} */ (parse(readFileSync(path.join(dir, `${table}.csv`)), { columns: true }));
}

const ms = (iso) => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const p2 = (n) => String(n).padStart(2, '0');
/** Date formats of the vendors' exports, from an ISO date or timestamp ('' stays ''). */
const fmt = {
  /** 2024-01-29 13:49 (HubSpot UI export) */
  ymdHm: (v) => (v ? new Date(ms(v)).toISOString().slice(0, 16).replace('T', ' ') : ''),
  /** 2024-01-29 13:49:41 (Pipedrive export) */
  ymdHms: (v) => (v ? new Date(ms(v)).toISOString().slice(0, 19).replace('T', ' ') : ''),
  /** 29/01/2024 (Salesforce report, UK locale) */
  dmy: (v) => (v ? ((d) => `${p2(d.getUTCDate())}/${p2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`)(new Date(ms(v))) : ''),
  /** 1/29/2024 (US locale sheets) */
  mdy: (v) => (v ? ((d) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`)(new Date(ms(v))) : ''),
  /** 2024-01-29T13:49:41.000+0000 (Salesforce API datetime) */
  sfDateTime: (v) => (v ? new Date(ms(v)).toISOString().replace('Z', '+0000') : ''),
  /** 2024-01-29 13:49:41.000000 UTC (Segment warehouse) */
  segment: (v) => (v ? new Date(ms(v)).toISOString().slice(0, 19).replace('T', ' ') + '.000000 UTC' : ''),
  /** 2024-01-29 13:49:41.000000 (Amplitude export) */
  amplitude: (v) => (v ? new Date(ms(v)).toISOString().slice(0, 19).replace('T', ' ') + '.000000' : ''),
  /** epoch seconds (Mixpanel) */
  epoch: (v) => (v ? Math.floor(ms(v) / 1000) : ''),
};
/** 12500 → "USD 12,500.00" (Salesforce report with currency). */
const usd = (v) => (v === '' ? '' : `USD ${Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
/** 1234.5 → "1.234,50" (Pipedrive, German locale). */
const euro = (v) => (v === '' ? '' : Number(v).toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
/** "0.25" → "25%" */
const pct = (v) => (v === '' ? '' : `${Math.round(Number(v) * 1000) / 10}%`);
const title = (s) => s.replace(/(^|[\s-])(\w)/g, (_, a, b) => a + b.toUpperCase());
/** A deterministic 18-character Salesforce-style id with the object's key prefix. */
function sfId(prefix, n) {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let x = (n * 2654435761) >>> 0;
  let tail = '';
  for (let i = 0; i < 6; i++) { tail += alphabet[x % 62]; x = Math.floor(x / 62) + n * 31; }
  return `${prefix}5e0000${String(n).padStart(3, '0').slice(-3)}${tail}`.slice(0, 15) + 'AAA';
}
/** Numeric part of a canonical id: "D00012" → 12. */
const num = (id) => Number(id.replace(/\D/g, ''));
const splitName = (name) => { const i = name.indexOf(' '); return i === -1 ? [name, ''] : [name.slice(0, i), name.slice(i + 1)]; };

/** Canonical activity types as each CRM labels them. */
const OPEN_STAGES = ['Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'];
const openStage = (deal) => OPEN_STAGES[num(deal.deal_id) % OPEN_STAGES.length];

// ---------------------------------------------------------------------------------------------
// CRM writers: deals, activities, contacts, accounts
// ---------------------------------------------------------------------------------------------

/**
 * HubSpot UI exports (Contacts/Companies/Deals "Export" and the activity exports), UTF-8 with BOM.
 * Deal Stage as labels, custom properties for discount / list price / promised features, header
 * noise (trailing and doubled spaces). Activities link to deals by the deal's *name* ("Associated
 * Deal"), to companies by id. Notes and tasks are not written (HubSpot exports them separately;
 * no metric reads them).
 */
function hubspot(c, out) {
  const accountKey = (id) => String(8_100_000_000 + num(id));
  const dealKey = (id) => String(12_400_000_000 + num(id));
  const contactKey = (id) => String(51_000 + num(id));
  const accountName = new Map(c.accounts.map((a) => [a.account_id, a.name]));
  const dealName = new Map(c.deals.map((d) => [d.deal_id, d.deal_name]));
  const contactName = new Map(c.contacts.map((k) => [k.contact_id, k.name]));
  const files = {};
  const stage = (d) => (d.stage === 'won' ? 'Closed Won' : d.stage === 'lost' ? 'Closed Lost' : ['Appointment Scheduled', 'Qualified To Buy', 'Presentation Scheduled', 'Contract Sent'][num(d.deal_id) % 4]);
  const dealType = { new: 'New Business', renewal: 'Renewal', expansion: 'Existing Business - Upsell' };
  files['hubspot-crm-exports-all-deals-2026-06-30.csv'] = writeCsv(path.join(out, 'hubspot-crm-exports-all-deals-2026-06-30.csv'),
    ['Record ID', 'Deal Name', 'Deal Stage', 'Pipeline', 'Amount ', 'Close Date', 'Create Date', 'Deal Type', 'Lead Source', 'Deal  owner', 'Associated Company IDs (Primary)', 'Associated Company (Primary)', 'Discount', 'List Price', 'Promised Features'],
    c.deals.map((d) => [dealKey(d.deal_id), d.deal_name, stage(d), 'Sales Pipeline', d.amount, fmt.ymdHm(d.closed_at), fmt.ymdHm(d.created_at), dealType[d.deal_type] ?? d.deal_type, title(d.source), d.owner,
      d.account_id ? accountKey(d.account_id) : '', accountName.get(d.account_id) ?? '', d.discount, d.list_amount, d.promised_features]),
    { bom: true });
  files['hubspot-crm-exports-all-companies-2026-06-30.csv'] = writeCsv(path.join(out, 'hubspot-crm-exports-all-companies-2026-06-30.csv'),
    ['Record ID', 'Company name', 'Company Domain Name', 'Create Date', 'Company owner'],
    c.accounts.map((a) => [accountKey(a.account_id), a.name, a.domain, fmt.ymdHm(a.created_at), '']), { bom: true });
  files['hubspot-crm-exports-all-contacts-2026-06-30.csv'] = writeCsv(path.join(out, 'hubspot-crm-exports-all-contacts-2026-06-30.csv'),
    ['Record ID', 'First Name', 'Last Name', 'Email', 'Job Title', 'Associated Company IDs (Primary)', 'Associated Company (Primary)'],
    c.contacts.map((k) => [contactKey(k.contact_id), ...splitName(k.name), k.email, k.title, k.account_id ? accountKey(k.account_id) : '', accountName.get(k.account_id) ?? '']), { bom: true });
  const byType = (types) => c.activities.filter((a) => types.includes(a.type));
  const assoc = (a) => [dealName.get(a.deal_id) ?? '', a.account_id ? accountKey(a.account_id) : '', accountName.get(a.account_id) ?? '', contactName.get(a.contact_id) ?? ''];
  files['hubspot-crm-exports-calls-2026-06-30.csv'] = writeCsv(path.join(out, 'hubspot-crm-exports-calls-2026-06-30.csv'),
    ['Record ID', 'Call Title', 'Activity date', 'Call direction', 'Call outcome', 'Associated Deal', 'Associated Company IDs', 'Associated Company', 'Associated Contact'],
    byType(['call']).map((a) => [num(a.activity_id) + 70_000_000, 'Call', fmt.ymdHm(a.occurred_at), 'Outbound', 'Connected', ...assoc(a)]), { bom: true });
  files['hubspot-crm-exports-emails-2026-06-30.csv'] = writeCsv(path.join(out, 'hubspot-crm-exports-emails-2026-06-30.csv'),
    ['Record ID', 'Email subject', 'Activity date', 'Email direction', 'Associated Deal', 'Associated Company IDs', 'Associated Company', 'Associated Contact'],
    byType(['email']).map((a) => [num(a.activity_id) + 70_000_000, 'Following up', fmt.ymdHm(a.occurred_at), 'Sent by owner', ...assoc(a)]), { bom: true });
  files['hubspot-crm-exports-meetings-2026-06-30.csv'] = writeCsv(path.join(out, 'hubspot-crm-exports-meetings-2026-06-30.csv'),
    ['Record ID', 'Meeting name', 'Activity date', 'Meeting outcome', 'Associated Deal', 'Associated Company IDs', 'Associated Company', 'Associated Contact'],
    byType(['meeting', 'demo']).map((a) => [num(a.activity_id) + 70_000_000, a.type === 'demo' ? 'Product demo' : 'Meeting', fmt.ymdHm(a.occurred_at), 'Completed', ...assoc(a)]), { bom: true });
  return files;
}

/**
 * Salesforce report exports ("Export → Details only, CSV"): field labels, numbered stages
 * ("6 - Closed Won", "7 - Closed Lost - No Decision"), UK locale dates
 * (DD/MM/YYYY), amounts with their currency ("USD 12,500.00"), Windows-1252, CRLF, every cell
 * quoted, and the Classic export's footer (title, copyright, "Generated By" lines) after the rows.
 * Activities link to the opportunity by its *name* ("Related To"). Notes are not written (not an
 * activity in Salesforce reports).
 */
function salesforceReport(c, out) {
  const accountKey = (id) => sfId('001', num(id));
  const oppKey = (id) => sfId('006', num(id));
  const accountName = new Map(c.accounts.map((a) => [a.account_id, a.name]));
  const dealName = new Map(c.deals.map((d) => [d.deal_id, d.deal_name]));
  const contactName = new Map(c.contacts.map((k) => [k.contact_id, k.name]));
  // Classic "Export Details" ends each file with a footer: blank line, report title, copyright,
  // confidentiality notice, who generated it and when, the org's name.
  const footer = (reportTitle) => ['""', `"${reportTitle}"`, '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."', '"Confidential Information - Do Not Distribute"', '"Generated By:  Jordan Blake  30/06/2026 09:12"', '"Corpus Seller Ltd"'];
  const o = { crlf: true, quoteAll: true, latin1: true };
  // Many orgs number their stages ("6 - Closed Won"); lost deals carry a reason.
  const stage = (d) => (d.stage === 'won' ? '6 - Closed Won' : d.stage === 'lost' ? '7 - Closed Lost - No Decision' : `${OPEN_STAGES.indexOf(openStage(d)) + 2} - ${openStage(d)}`);
  const type = { new: 'New Customer', renewal: 'Existing Customer - Renewal', expansion: 'Existing Customer - Upgrade' };
  const files = {};
  files['report1719792000000.csv'] = writeCsv(path.join(out, 'report1719792000000.csv'),
    ['Opportunity Owner', 'Account ID', 'Account Name', 'Opportunity ID', 'Opportunity Name', 'Stage', 'Amount', 'Close Date', 'Created Date', 'Lead Source', 'Type', 'Discount (%)', 'List Price', 'Promised Features'],
    c.deals.map((d) => [d.owner, d.account_id ? accountKey(d.account_id) : '', accountName.get(d.account_id) ?? '', oppKey(d.deal_id), d.deal_name, stage(d), usd(d.amount), fmt.dmy(d.closed_at), fmt.dmy(d.created_at), title(d.source), type[d.deal_type] ?? d.deal_type, pct(d.discount), usd(d.list_amount), d.promised_features]),
    { ...o, footer: footer('Opportunities Pipeline') });
  files['report1719792000001.csv'] = writeCsv(path.join(out, 'report1719792000001.csv'),
    ['Account ID', 'Account Name', 'Website', 'Created Date', 'Type'],
    c.accounts.map((a) => [accountKey(a.account_id), a.name, `https://www.${a.domain}`, fmt.dmy(a.created_at), 'Customer']), { ...o, footer: footer('All Accounts') });
  files['report1719792000002.csv'] = writeCsv(path.join(out, 'report1719792000002.csv'),
    ['Contact ID', 'First Name', 'Last Name', 'Title', 'Email', 'Account ID', 'Account Name'],
    c.contacts.map((k) => [sfId('003', num(k.contact_id)), ...splitName(k.name), k.title, k.email, k.account_id ? accountKey(k.account_id) : '', accountName.get(k.account_id) ?? '']), { ...o, footer: footer('Contacts & Accounts') });
  const taskSubtype = { call: 'Call', email: 'Email', task: 'Task' };
  files['report1719792000003.csv'] = writeCsv(path.join(out, 'report1719792000003.csv'),
    ['Activity ID', 'Subject', 'Task Subtype', 'Date', 'Related To', 'Company / Account', 'Contact', 'Assigned'],
    c.activities.filter((a) => a.type !== 'note').map((a) => [sfId(a.type in taskSubtype ? '00T' : '00U', num(a.activity_id)), a.type === 'demo' ? 'Demo' : title(a.type), taskSubtype[a.type] ?? '', fmt.dmy(a.occurred_at), dealName.get(a.deal_id) ?? '', accountName.get(a.account_id) ?? '', contactName.get(a.contact_id) ?? '', '']),
    { ...o, footer: footer('Tasks and Events') });
  return files;
}

/**
 * Salesforce Data Loader / REST API export: API names, 18-character ids, ISO datetimes with
 * +0000, custom fields with `__c`. Opportunities, Accounts, Contacts; Tasks (calls, e-mails,
 * tasks) and Events (meetings, demos) linked by WhatId. Notes are not written.
 */
function salesforceApi(c, out) {
  const accountKey = (id) => sfId('001', num(id));
  const oppKey = (id) => sfId('006', num(id));
  const contactKey = (id) => sfId('003', num(id));
  const owner = (name) => sfId('005', [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 997, 7));
  const stage = (d) => (d.stage === 'won' ? 'Closed Won' : d.stage === 'lost' ? 'Closed Lost' : openStage(d));
  const type = { new: 'New Business', renewal: 'Renewal', expansion: 'Upsell' };
  const files = {};
  files['Opportunity.csv'] = writeCsv(path.join(out, 'Opportunity.csv'),
    ['Id', 'AccountId', 'Name', 'StageName', 'IsWon', 'IsClosed', 'Amount', 'CloseDate', 'CreatedDate', 'LeadSource', 'Type', 'OwnerId', 'Discount__c', 'List_Price__c', 'Promised_Features__c'],
    c.deals.map((d) => [oppKey(d.deal_id), d.account_id ? accountKey(d.account_id) : '', d.deal_name, stage(d), d.stage === 'won' ? 'true' : 'false', d.stage === 'open' ? 'false' : 'true', d.amount, d.closed_at, fmt.sfDateTime(d.created_at), title(d.source), type[d.deal_type] ?? d.deal_type, owner(d.owner), d.discount, d.list_amount, d.promised_features]),
    { quoteAll: true });
  files['Account.csv'] = writeCsv(path.join(out, 'Account.csv'),
    ['Id', 'Name', 'Website', 'CreatedDate', 'Industry', 'BillingCountry'],
    c.accounts.map((a) => [accountKey(a.account_id), a.name, a.domain, fmt.sfDateTime(a.created_at), a.name.split(' ').pop(), '']), { quoteAll: true });
  files['Contact.csv'] = writeCsv(path.join(out, 'Contact.csv'),
    ['Id', 'AccountId', 'FirstName', 'LastName', 'Email', 'Title'],
    c.contacts.map((k) => [contactKey(k.contact_id), k.account_id ? accountKey(k.account_id) : '', ...splitName(k.name), k.email, k.title]), { quoteAll: true });
  const what = (a) => (a.deal_id ? oppKey(a.deal_id) : '');
  const taskSubtype = { call: 'Call', email: 'Email', task: 'Task' };
  files['Task.csv'] = writeCsv(path.join(out, 'Task.csv'),
    ['Id', 'WhatId', 'WhoId', 'AccountId', 'Subject', 'TaskSubtype', 'ActivityDate', 'CompletedDateTime', 'Status'],
    c.activities.filter((a) => a.type in taskSubtype).map((a) => [sfId('00T', num(a.activity_id)), what(a), a.contact_id ? contactKey(a.contact_id) : '', a.account_id ? accountKey(a.account_id) : '', title(a.type), taskSubtype[a.type], a.occurred_at.slice(0, 10), fmt.sfDateTime(a.occurred_at), 'Completed']),
    { quoteAll: true });
  files['Event.csv'] = writeCsv(path.join(out, 'Event.csv'),
    ['Id', 'WhatId', 'WhoId', 'AccountId', 'Subject', 'Type', 'ActivityDateTime', 'DurationInMinutes'],
    c.activities.filter((a) => a.type === 'meeting' || a.type === 'demo').map((a) => [sfId('00U', num(a.activity_id)), what(a), a.contact_id ? contactKey(a.contact_id) : '', a.account_id ? accountKey(a.account_id) : '', a.type === 'demo' ? 'Product demo' : 'Meeting', title(a.type), fmt.sfDateTime(a.occurred_at), 30]),
    { quoteAll: true });
  return files;
}

/**
 * Pipedrive exports (Deals, Activities, People, Organizations): "Entity - Field" headers,
 * `;`-separated, German number format ("1.234,50"), "YYYY-MM-DD HH:MM:SS" times. Activities carry
 * the deal's id. Notes are not written (Pipedrive keeps notes apart from activities).
 */
function pipedrive(c, out) {
  const orgKey = (id) => num(id) + 300;
  const accountName = new Map(c.accounts.map((a) => [a.account_id, a.name]));
  const o = { delimiter: ';' };
  const status = { won: 'Won', lost: 'Lost', open: 'Open' };
  const files = {};
  files['deals-20260630.csv'] = writeCsv(path.join(out, 'deals-20260630.csv'),
    ['Deal - ID', 'Deal - Title', 'Deal - Organization', 'Deal - Organization ID', 'Deal - Value', 'Deal - Currency', 'Deal - Status', 'Deal - Stage', 'Deal - Deal created', 'Deal - Won time', 'Deal - Lost time', 'Deal - Source', 'Deal - Type', 'Deal - Owner', 'Deal - Discount', 'Deal - List price', 'Deal - Promised features'],
    c.deals.map((d) => [num(d.deal_id), d.deal_name, accountName.get(d.account_id) ?? '', d.account_id ? orgKey(d.account_id) : '', euro(d.amount), 'EUR', status[d.stage], d.stage === 'open' ? 'Negotiations Started' : 'Closed', fmt.ymdHms(d.created_at), d.stage === 'won' ? fmt.ymdHms(d.closed_at) : '', d.stage === 'lost' ? fmt.ymdHms(d.closed_at) : '', title(d.source), title(d.deal_type), d.owner, d.discount === '' ? '' : euro(Number(d.discount) * 100) + ' %', euro(d.list_amount), d.promised_features]),
    o);
  files['organizations-20260630.csv'] = writeCsv(path.join(out, 'organizations-20260630.csv'),
    ['Organization - ID', 'Organization - Name', 'Organization - Website', 'Organization - Organization created'],
    c.accounts.map((a) => [orgKey(a.account_id), a.name, `https://${a.domain}`, fmt.ymdHms(a.created_at)]), o);
  files['people-20260630.csv'] = writeCsv(path.join(out, 'people-20260630.csv'),
    ['Person - ID', 'Person - Name', 'Person - Organization', 'Organization - ID', 'Person - Job title', 'Person - Email - Work'],
    c.contacts.map((k) => [num(k.contact_id), k.name, accountName.get(k.account_id) ?? '', k.account_id ? orgKey(k.account_id) : '', k.title, k.email]), o);
  const pdType = { call: 'Call', email: 'Email', meeting: 'Meeting', demo: 'Demo', task: 'Task' };
  files['activities-20260630.csv'] = writeCsv(path.join(out, 'activities-20260630.csv'),
    ['Activity - ID', 'Activity - Type', 'Activity - Subject', 'Activity - Deal ID', 'Activity - Organization ID', 'Activity - Contact person ID', 'Activity - Done', 'Activity - Marked as done time'],
    c.activities.filter((a) => a.type in pdType).map((a) => [num(a.activity_id), pdType[a.type], title(a.type), a.deal_id ? num(a.deal_id) : '', a.account_id ? orgKey(a.account_id) : '', a.contact_id ? num(a.contact_id) : '', 'Done', fmt.ymdHms(a.occurred_at)]),
    o);
  return files;
}

/** "2024-01-29T13:49:41Z" → "2024-01-29 13:49:41" (warehouse timestamp without zone). */
const wh = (v) => (v ? new Date(ms(v)).toISOString().slice(0, 19).replace('T', ' ') : '');
/** The open deals a warehouse sync still holds after they were deleted in the CRM (one in 12 open deals). */
const deletedCopies = (deals) => deals.filter((d) => d.stage === 'open' && num(d.deal_id) % 12 === 0);

/**
 * Salesforce as a Fivetran-style warehouse sync (snake_case API names, `_fivetran_synced`,
 * `is_deleted`): opportunity, account, contact, task, event, plus what must not be read as
 * deals or contacts: `opportunity_history` (one row per stage change) and `user` (the CRM's own
 * staff). Open opportunities deleted in Salesforce are still in the sync, flagged
 * `is_deleted = true` (one in twelve open ones, as extra rows with their own ids). Notes are not
 * written.
 */
function salesforceWarehouse(c, out) {
  const accountKey = (id) => sfId('001', num(id));
  const oppKey = (id) => sfId('006', num(id));
  const contactKey = (id) => sfId('003', num(id));
  const owners = [...new Set(c.deals.map((d) => d.owner).filter(Boolean))].sort();
  const ownerKey = (name) => sfId('005', owners.indexOf(name) + 1);
  const stage = (d) => (d.stage === 'won' ? 'Closed Won' : d.stage === 'lost' ? 'Closed Lost' : openStage(d));
  const type = { new: 'New Business', renewal: 'Renewal', expansion: 'Upsell' };
  const synced = '2026-07-01 02:00:00';
  const oppRow = (d, id, deleted) => [synced, id, d.account_id ? accountKey(d.account_id) : '', d.deal_name, stage(d), d.stage === 'won', d.stage !== 'open', d.amount, d.closed_at ? `${d.closed_at} 00:00:00` : '', wh(d.created_at), title(d.source), type[d.deal_type] ?? d.deal_type, d.owner ? ownerKey(d.owner) : '', d.stage === 'won' ? 'Closed' : d.stage === 'lost' ? 'Omitted' : 'Pipeline', d.discount, d.list_amount, d.promised_features, deleted];
  const files = {};
  files['opportunity.csv'] = writeCsv(path.join(out, 'opportunity.csv'),
    ['_fivetran_synced', 'id', 'account_id', 'name', 'stage_name', 'is_won', 'is_closed', 'amount', 'close_date', 'created_date', 'lead_source', 'type', 'owner_id', 'forecast_category', 'discount_c', 'list_price_c', 'promised_features_c', 'is_deleted'],
    [...c.deals.map((d) => oppRow(d, oppKey(d.deal_id), false)), ...deletedCopies(c.deals).map((d) => oppRow(d, oppKey(`9${d.deal_id}`), true))]);
  // One row per stage a deal went through: created in its first stage, then its last.
  files['opportunity_history.csv'] = writeCsv(path.join(out, 'opportunity_history.csv'),
    ['_fivetran_synced', 'id', 'opportunity_id', 'created_date', 'stage_name', 'amount', 'close_date', 'probability', 'is_deleted'],
    c.deals.flatMap((d) => [
      [synced, sfId('008', num(d.deal_id) * 2), oppKey(d.deal_id), wh(d.created_at), 'Qualification', d.list_amount || d.amount, d.closed_at, 10, false],
      ...(d.stage === 'open' ? [] : [[synced, sfId('008', num(d.deal_id) * 2 + 1), oppKey(d.deal_id), d.closed_at ? `${d.closed_at} 00:00:00` : '', stage(d), d.amount, d.closed_at, d.stage === 'won' ? 100 : 0, false]]),
    ]));
  files['account.csv'] = writeCsv(path.join(out, 'account.csv'),
    ['_fivetran_synced', 'id', 'name', 'website', 'created_date', 'industry', 'is_deleted'],
    c.accounts.map((a) => [synced, accountKey(a.account_id), a.name, `www.${a.domain}`, wh(a.created_at), a.name.split(' ').pop(), false]));
  files['contact.csv'] = writeCsv(path.join(out, 'contact.csv'),
    ['_fivetran_synced', 'id', 'account_id', 'first_name', 'last_name', 'email', 'title', 'is_deleted'],
    c.contacts.map((k) => [synced, contactKey(k.contact_id), k.account_id ? accountKey(k.account_id) : '', ...splitName(k.name), k.email, k.title, false]));
  files['user.csv'] = writeCsv(path.join(out, 'user.csv'),
    ['_fivetran_synced', 'id', 'name', 'email', 'title', 'department', 'is_active', 'user_type', 'username'],
    owners.map((o) => [synced, ownerKey(o), o, `${o.toLowerCase().replace(/\W+/g, '.')}@seller.example`, 'Account Executive', 'Sales', true, 'Standard', `${o.toLowerCase().replace(/\W+/g, '.')}@seller.example`]));
  const taskSubtype = { call: 'Call', email: 'Email', task: 'Task' };
  files['task.csv'] = writeCsv(path.join(out, 'task.csv'),
    ['_fivetran_synced', 'id', 'what_id', 'who_id', 'account_id', 'subject', 'task_subtype', 'activity_date', 'completed_date_time', 'status', 'is_deleted'],
    c.activities.filter((a) => a.type in taskSubtype).map((a) => [synced, sfId('00T', num(a.activity_id)), a.deal_id ? oppKey(a.deal_id) : '', a.contact_id ? contactKey(a.contact_id) : '', a.account_id ? accountKey(a.account_id) : '', title(a.type), taskSubtype[a.type], a.occurred_at.slice(0, 10), wh(a.occurred_at), 'Completed', false]));
  files['event.csv'] = writeCsv(path.join(out, 'event.csv'),
    ['_fivetran_synced', 'id', 'what_id', 'who_id', 'account_id', 'subject', 'type', 'activity_date_time', 'duration_in_minutes', 'is_deleted'],
    c.activities.filter((a) => a.type === 'meeting' || a.type === 'demo').map((a) => [synced, sfId('00U', num(a.activity_id)), a.deal_id ? oppKey(a.deal_id) : '', a.contact_id ? contactKey(a.contact_id) : '', a.account_id ? accountKey(a.account_id) : '', a.type === 'demo' ? 'Product demo' : 'Meeting', title(a.type), wh(a.occurred_at), 30, false]));
  return files;
}

/**
 * HubSpot as a Fivetran-style warehouse sync (`property_*` internal names): `deal` with
 * `deal_pipeline_stage_id` (a stage id, labelled in `deal_pipeline_stage`), `deal_company`
 * associations, `company`, `contact`, and engagements as `engagement` + `engagement_deal` /
 * `engagement_company` associations + one table per type (`engagement_call`, `engagement_email`,
 * `engagement_meeting`) holding the timestamps. Lead source in the `property_lead_source` custom
 * property; deleted deals flagged `is_deleted`. Notes and tasks are not written.
 */
function hubspotWarehouse(c, out) {
  const accountKey = (id) => String(8_100_000_000 + num(id));
  const dealKey = (id) => String(12_400_000_000 + num(id));
  const contactKey = (id) => String(51_000 + num(id));
  const engagementKey = (id) => String(30_000_000_000 + num(id));
  const stages = [['appointmentscheduled', 'Appointment Scheduled', false, false], ['qualifiedtobuy', 'Qualified To Buy', false, false], ['presentationscheduled', 'Presentation Scheduled', false, false], ['contractsent', 'Contract Sent', false, false], ['closedwon', 'Closed Won', true, true], ['closedlost', 'Closed Lost', false, true]];
  // Custom pipelines get numeric stage ids; the default pipeline keeps the internal names.
  const stageId = (d) => (d.stage === 'won' ? '1043581' : d.stage === 'lost' ? '1043582' : `104357${num(d.deal_id) % 4}`);
  const synced = '2026-07-01 02:00:00';
  const dealType = { new: 'newbusiness', renewal: 'renewal', expansion: 'existingbusiness' };
  const dealRow = (d, id, deleted) => [id, deleted, 'sales', stageId(d), d.owner ? String(400 + (num(d.deal_id) % 9)) : '', 'property_portal', d.deal_name, d.amount, wh(d.closed_at), wh(d.created_at), dealType[d.deal_type] ?? d.deal_type, d.source, d.discount, d.list_amount, d.promised_features];
  const files = {};
  files['deal.csv'] = writeCsv(path.join(out, 'deal.csv'),
    ['deal_id', 'is_deleted', 'deal_pipeline_id', 'deal_pipeline_stage_id', 'owner_id', 'portal_id', 'property_dealname', 'property_amount', 'property_closedate', 'property_createdate', 'property_dealtype', 'property_lead_source', 'property_discount', 'property_list_price', 'property_promised_features'],
    [...c.deals.map((d) => dealRow(d, dealKey(d.deal_id), false)), ...deletedCopies(c.deals).map((d) => dealRow(d, dealKey(`9${d.deal_id}`), true))]);
  files['deal_pipeline_stage.csv'] = writeCsv(path.join(out, 'deal_pipeline_stage.csv'),
    ['_fivetran_deleted', '_fivetran_synced', 'active', 'closed_won', 'is_closed', 'display_order', 'probability', 'stage_id', 'label', 'pipeline_id'],
    stages.map(([, label, won, closed], i) => [false, synced, true, won, closed, i, won ? 1 : closed ? 0 : 0.2 * (i + 1), i < 4 ? `104357${i}` : `104358${i - 3}`, label, 'sales']));
  files['deal_company.csv'] = writeCsv(path.join(out, 'deal_company.csv'), ['company_id', 'deal_id', 'type_id', 'category'],
    c.deals.filter((d) => d.account_id).map((d) => [accountKey(d.account_id), dealKey(d.deal_id), 5, 'HUBSPOT_DEFINED']));
  files['company.csv'] = writeCsv(path.join(out, 'company.csv'), ['id', 'is_deleted', '_fivetran_synced', 'property_name', 'property_domain', 'property_createdate'],
    c.accounts.map((a) => [accountKey(a.account_id), false, synced, a.name, a.domain, wh(a.created_at)]));
  files['contact.csv'] = writeCsv(path.join(out, 'contact.csv'), ['_fivetran_deleted', '_fivetran_synced', 'id', 'property_email', 'property_firstname', 'property_lastname', 'property_jobtitle', 'property_associatedcompanyid'],
    c.contacts.map((k) => [false, synced, contactKey(k.contact_id), k.email, ...splitName(k.name), k.title, k.account_id ? accountKey(k.account_id) : '']));
  const touches = c.activities.filter((a) => ['call', 'email', 'meeting', 'demo'].includes(a.type));
  const kind = (a) => (a.type === 'demo' ? 'MEETING' : a.type.toUpperCase());
  files['engagement.csv'] = writeCsv(path.join(out, 'engagement.csv'), ['id', 'type', '_fivetran_synced', 'portal_id'],
    touches.map((a) => [engagementKey(a.activity_id), kind(a), synced, 'property_portal']));
  files['engagement_deal.csv'] = writeCsv(path.join(out, 'engagement_deal.csv'), ['deal_id', 'engagement_id', 'engagement_type', 'type_id', '_fivetran_synced', 'category'],
    touches.filter((a) => a.deal_id).map((a) => [dealKey(a.deal_id), engagementKey(a.activity_id), kind(a), 0, synced, 'HUBSPOT_DEFINED']));
  files['engagement_company.csv'] = writeCsv(path.join(out, 'engagement_company.csv'), ['company_id', 'engagement_id', 'engagement_type', 'type_id', '_fivetran_synced', 'category'],
    touches.filter((a) => a.account_id).map((a) => [accountKey(a.account_id), engagementKey(a.activity_id), kind(a), 0, synced, 'HUBSPOT_DEFINED']));
  for (const [file, types, extra] of /** @type {const} */ ([['engagement_call.csv', ['call'], 'property_hs_call_title'], ['engagement_email.csv', ['email'], 'property_hs_email_subject'], ['engagement_meeting.csv', ['meeting', 'demo'], 'property_hs_meeting_title']])) {
    files[file] = writeCsv(path.join(out, file), ['engagement_id', '_fivetran_deleted', '_fivetran_synced', 'property_hs_createdate', 'property_hs_timestamp', extra, 'type'],
      touches.filter((a) => types.includes(a.type)).map((a) => [engagementKey(a.activity_id), false, synced, wh(a.occurred_at), wh(a.occurred_at), a.type === 'demo' ? 'Product demo' : title(a.type), kind(a)]));
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Product-analytics writers: events, users
// ---------------------------------------------------------------------------------------------

const domainOf = (c) => new Map(c.accounts.map((a) => [a.account_id, a.domain]));
const nameOf = (c) => new Map(c.accounts.map((a) => [a.account_id, a.name]));
/** Product-side ids: the product's own user ids, shaped like each tool's. */
const userUuid = (id) => { const n = num(id); return `0190${p2(n % 97)}a1-${String(n).padStart(4, '0')}-7000-8000-${String(n * 7919).padStart(12, '0')}`; };

/**
 * PostHog: events from a batch export to CSV (uuid, event, properties JSON with `feature` and
 * `$groups.company` = the company's domain, distinct_id, timestamp) and a persons export
 * (id, distinct_ids, created_at, properties JSON with e-mail, title, company domain).
 */
function posthog(c, out) {
  const domain = domainOf(c);
  const files = {};
  files['posthog-events-export.csv'] = writeCsv(path.join(out, 'posthog-events-export.csv'),
    ['uuid', 'event', 'properties', 'distinct_id', 'timestamp'],
    c.events.map((e, i) => [`018f${String(i).padStart(4, '0')}-5e1a-7000-8000-00000000${String(i).padStart(4, '0')}`, e.event,
      JSON.stringify({ ...(e.feature ? { feature: e.feature } : {}), ...(e.account_id ? { $groups: { company: domain.get(e.account_id) ?? e.account_id } } : {}), ...(e.inviter_id ? { inviter_id: e.inviter_id } : {}),
        ...(e.anonymous_id && e.event === 'user_signed_up' ? { $anon_distinct_id: e.anonymous_id } : {}) }),
      e.anonymous ? e.anonymous_id : e.user_id, e.timestamp.replace('T', ' ').replace('Z', '.000000+00:00')]));
  files['persons.csv'] = writeCsv(path.join(out, 'persons.csv'),
    ['id', 'distinct_ids', 'created_at', 'properties'],
    c.users.map((u) => [userUuid(u.user_id), JSON.stringify([u.user_id]), u.signup_at.replace('T', ' ').replace('Z', ''),
      JSON.stringify({ title: u.title, company: domain.get(u.account_id) ?? '', activated_at: u.activated_at || undefined, invited_by: u.invited_by || undefined })]));
  return files;
}

/**
 * Segment warehouse sync: `tracks` (id, anonymous_id, user_id, event, event_text, timestamp,
 * received_at, uuid_ts, context_library_name, context_group_id = company domain, with the
 * `feature` property as dbt's segment package unions it from the per-event tables; the
 * context_* and sent_at/uuid_ts columns are left out for size) and `users`
 * (id, received_at, email, title, company_id, created_at, activated_at, invited_by traits).
 */
function segment(c, out) {
  const domain = domainOf(c);
  const files = {};
  // An event property is a column of tracks as dbt's segment package unions the per-event tables (inviter_id only where events carry it).
  const inviter = c.events.some((e) => e.inviter_id);
  files['tracks.csv'] = writeCsv(path.join(out, 'tracks.csv'),
    ['id', 'anonymous_id', 'user_id', 'event', 'feature', 'context_group_id', 'timestamp', 'received_at', ...(inviter ? ['inviter_id'] : [])],
    c.events.map((e, i) => [`ajs-${(i * 2654435761 >>> 0).toString(36)}`, e.anonymous_id ?? '', e.anonymous ? '' : e.user_id, e.event, e.feature, domain.get(e.account_id) ?? e.account_id, fmt.segment(e.timestamp), fmt.segment(e.timestamp), ...(inviter ? [e.inviter_id] : [])]));
  files['users.csv'] = writeCsv(path.join(out, 'users.csv'),
    ['id', 'received_at', 'uuid_ts', 'email', 'title', 'company_id', 'created_at', 'activated_at', 'invited_by'],
    c.users.map((u) => [u.user_id, fmt.segment(u.signup_at), fmt.segment(u.signup_at), `${u.user_id.toLowerCase()}@${domain.get(u.account_id) ?? 'example.com'}`, u.title, domain.get(u.account_id) ?? '', fmt.segment(u.signup_at), fmt.segment(u.activated_at), u.invited_by]));
  return files;
}

/**
 * Amplitude export (Export API fields as CSV): event_type, event_time, user_id, amplitude_id,
 * event_properties JSON (feature), groups JSON ({"company": [name]}), user_properties JSON; and a
 * user export (user_id, amplitude_id, first_seen, properties).
 */
function amplitude(c, out) {
  const name = nameOf(c);
  const files = {};
  files['amplitude-export-2026-06-30.csv'] = writeCsv(path.join(out, 'amplitude-export-2026-06-30.csv'),
    ['$insert_id', 'event_type', 'event_time', 'user_id', 'amplitude_id', 'event_properties', 'groups', 'user_properties', 'platform'],
    c.events.map((e, i) => [`ins-${i}`, e.event, fmt.amplitude(e.timestamp), e.anonymous ? '' : e.user_id, 90_000_000 + num(e.user_id),
      JSON.stringify({ ...(e.feature ? { feature: e.feature } : {}), ...(e.inviter_id ? { inviter_id: e.inviter_id } : {}) }), JSON.stringify(e.account_id ? { company: [name.get(e.account_id) ?? e.account_id] } : {}), '{}', 'Web']));
  files['amplitude-users.csv'] = writeCsv(path.join(out, 'amplitude-users.csv'),
    ['user_id', 'amplitude_id', 'first_seen', 'user_properties'],
    c.users.map((u) => [u.user_id, 90_000_000 + num(u.user_id), fmt.amplitude(u.signup_at), JSON.stringify({ title: u.title, company: name.get(u.account_id) ?? '', activated_at: u.activated_at || undefined, invited_by: u.invited_by || undefined })]));
  return files;
}

/**
 * Mixpanel raw export (JSON lines: {"event", "properties": {time (epoch s), distinct_id,
 * $insert_id, company (name), feature}}) and a People export (CSV: $distinct_id, $email,
 * $created, title, company).
 */
function mixpanel(c, out) {
  const name = nameOf(c);
  const lines = c.events.map((e, i) => JSON.stringify({ event: e.event, properties: { time: fmt.epoch(e.timestamp), distinct_id: e.anonymous ? `$device:${e.anonymous_id}` : e.user_id, ...(e.anonymous_id ? { $device_id: e.anonymous_id } : {}), $insert_id: `mp${i.toString(36)}`, ...(e.account_id ? { company: name.get(e.account_id) ?? e.account_id } : {}), ...(e.feature ? { feature: e.feature } : {}), ...(e.inviter_id ? { inviter_id: e.inviter_id } : {}) } }));
  writeFileSync(path.join(out, 'mixpanel-export.jsonl'), lines.join('\n') + '\n');
  const files = { 'mixpanel-export.jsonl': lines.length };
  files['mixpanel-people.csv'] = writeCsv(path.join(out, 'mixpanel-people.csv'),
    ['$distinct_id', '$email', '$created', 'title', 'company', 'activated_at', 'invited_by'],
    c.users.map((u) => [u.user_id, `${u.user_id.toLowerCase()}@example.com`, u.signup_at.slice(0, 19), u.title, name.get(u.account_id) ?? '', u.activated_at.slice(0, 19), u.invited_by]));
  return files;
}

// ---------------------------------------------------------------------------------------------
// Roadmap writers: releases, feature requests
// ---------------------------------------------------------------------------------------------

/**
 * Sheets a product team keeps: a changelog (Release date M/D/YYYY, Feature, Type as "New
 * feature" / "Improvement" / "Bug fix", Title) and a request log (Feature, Company, Requested
 * via, Date, Votes, Deal).
 */
function sheets(c, out) {
  const name = nameOf(c);
  const kind = { new: 'New feature', improvement: 'Improvement', fix: 'Bug fix' };
  const files = {};
  files['Changelog.csv'] = writeCsv(path.join(out, 'Changelog.csv'), ['Release date', 'Feature', 'Type', 'Title'],
    c.releases.map((r) => [fmt.mdy(r.released_at), r.feature, kind[r.kind] ?? r.kind, r.title]));
  files['Feature requests.csv'] = writeCsv(path.join(out, 'Feature requests.csv'), ['Request ID', 'Feature', 'Company', 'Requested via', 'Date', 'Votes'],
    c.feature_requests.map((r) => [r.request_id, r.feature, name.get(r.account_id) ?? r.account_id, title(r.source), fmt.mdy(r.created_at), r.votes]));
  return files;
}

/** Canny-like exports: posts (id, title, feature, company, source, vote_count, created) and a changelog (title, feature, type, published_at). */
function canny(c, out) {
  const name = nameOf(c);
  const files = {};
  files['changelog-entries.csv'] = writeCsv(path.join(out, 'changelog-entries.csv'), ['title', 'feature', 'type', 'published_at'],
    c.releases.map((r) => [r.title, r.feature, r.kind, r.released_at]));
  files['canny-posts.csv'] = writeCsv(path.join(out, 'canny-posts.csv'), ['id', 'post_title', 'feature', 'company_name', 'source', 'vote_count', 'created'],
    c.feature_requests.map((r) => [r.request_id, `Please add ${r.feature.replace(/_/g, ' ')}`, r.feature, name.get(r.account_id) ?? r.account_id, r.source, r.votes, r.created_at]));
  return files;
}

const WRITERS = { hubspot, 'hubspot-warehouse': hubspotWarehouse, 'salesforce-report': salesforceReport, 'salesforce-api': salesforceApi, 'salesforce-warehouse': salesforceWarehouse, pipedrive, posthog, segment, amplitude, mixpanel, sheets, canny };
/** Events left out of the corpus (and of its canonical copy). */
const THINNED_EVENTS = new Set(['pageview', 'login']);
const TABLES = ['deals', 'activities', 'contacts', 'accounts', 'events', 'users', 'releases', 'feature_requests'];

/**
 * Write one company: canonical layout into `canonicalDir`, vendor shapes into `outDir`.
 * `options.bare`: the vendor files carry only what real exports hold (scripts/measure-standins.mjs):
 * no user's activation date or inviter (a `user_signed_up` event at each signup instead, and an
 * `invite_accepted` event with an `inviter_id` property at each invited user's), and each user's
 * first two core events under its device's anonymous id only.
 * @param {{ bare?: boolean }} [options]
 * @returns {Promise<Record<string, number>>} file → data rows written
 */
export async function writeCompany(company, outDir, canonicalDir, options = {}) {
  await generateCompany({ profile: company.profile, seed: company.seed, events: company.events, outDir: canonicalDir, log: () => {} });
  /** @type {Record<string, Record<string, string>[]>} */
  const c = Object.fromEntries(TABLES.map((t) => [t, readTable(canonicalDir, t)]));
  if (options.bare) bareFacts(c);
  // Page views and logins are most of the events and no check counts them as product use: left
  // out (of the canonical copy too) so the corpus stays small with hundreds of deals.
  c.events = c.events.filter((e) => !THINNED_EVENTS.has(e.event));
  writeCsv(path.join(canonicalDir, 'events.csv'), Object.keys(c.events[0]), c.events.map((e) => Object.values(e)));
  // A company without a product or roadmap side is compared with the canonical CRM tables only.
  if (!company.product) for (const t of ['events', 'users']) rmSync(path.join(canonicalDir, `${t}.csv`));
  if (!company.roadmap) for (const t of ['releases', 'feature_requests']) rmSync(path.join(canonicalDir, `${t}.csv`));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  return Object.assign({}, ...[company.crm, company.product, company.roadmap].filter((w) => w !== null).map((w) => WRITERS[w](c, outDir)));
}

/**
 * Leave out what no vendor exports as a column: activation dates and inviters. Each user's
 * signup becomes a `user_signed_up` event, as product-analytics tools record it, and each
 * invitation an `invite_accepted` event of the invitee naming its inviter (`inviter_id`).
 * @param {Record<string, Record<string, string>[]>} c
 */
function bareFacts(c) {
  const signups = c.users.map((u) => ({ timestamp: u.signup_at, user_id: u.user_id, account_id: u.account_id, event: 'user_signed_up', feature: '' }));
  // Who invited whom is a property of the invitee's `invite_accepted` event, as products track it.
  const accepted = c.users.filter((u) => u.invited_by).map((u) => ({ timestamp: u.signup_at, user_id: u.user_id, account_id: u.account_id, event: 'invite_accepted', feature: '', inviter_id: u.invited_by }));
  for (const u of c.users) {
    u.activated_at = '';
    u.invited_by = '';
  }
  c.events = [...signups, ...accepted, ...c.events].sort((a, b) => ms(a.timestamp) - ms(b.timestamp));
  // Each user's device has an anonymous id on every event; the user's first two events after the
  // signup come before the device is identified (the vendor files name only the anonymous id).
  const anonymousLeft = new Map(c.users.map((u) => [u.user_id, 2]));
  for (const e of c.events) {
    e.inviter_id ??= '';
    e.anonymous_id = e.user_id ? `anon-${e.user_id.toLowerCase()}` : '';
    const left = anonymousLeft.get(e.user_id) ?? 0;
    e.anonymous = e.event !== 'user_signed_up' && e.event !== 'invite_accepted' && !THINNED_EVENTS.has(e.event) && left > 0 ? 'yes' : '';
    if (e.anonymous) anonymousLeft.set(e.user_id, left - 1);
  }
}

/** @param {string[]} argv */
async function cli(argv) {
  const at = argv.indexOf('--canonical');
  const canonicalRoot = at === -1 ? mkdtempSync(path.join(tmpdir(), 'pullcheck-corpus-')) : path.resolve(argv[at + 1]);
  for (const company of COMPANIES) {
    const rows = await writeCompany(company, path.join(ROOT, 'fixtures', 'corpus', company.name), path.join(canonicalRoot, company.name));
    process.stdout.write(`${company.name} (${company.profile}, seed ${company.seed}): ${Object.entries(rows).map(([f, n]) => `${f} ${n}`).join(', ')}\n`);
  }
  if (at === -1) rmSync(canonicalRoot, { recursive: true, force: true });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).catch((error) => { process.stderr.write(`generate-corpus: ${error instanceof Error ? error.message : String(error)}\n`); process.exitCode = 1; });
}
