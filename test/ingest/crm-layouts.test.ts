/**
 * CRM vendor layouts (src/ingest/vendor-layouts.ts) on small hand-checked exports: ids preferred
 * over names where an export has both, custom deal properties (discount, list price, promised
 * features) and renamed or noisy headers, as found by the vendor corpus (fixtures/corpus/).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStage } from '../../src/ingest/coerce.js';
import { loadDataset } from '../../src/ingest/load-dataset.js';

async function load(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-crm-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return loadDataset(dir);
}

describe('HubSpot deals export', () => {
  const header = 'Record ID,Deal Name,Deal Stage,Amount ,Close Date,Deal  owner,Associated Company IDs (Primary),Associated Company (Primary),Lead Source,Discount,List Price,Promised Features';

  it('takes the company id over its name, and reads the lead source and custom deal properties', async () => {
    const d = await load({
      'deals.csv': `${header}\n101,Acme - New Business,Closed Won,900,2026-03-02 10:00,Jo Bloggs,8001,Acme Inc,Trade Show,0.25,1200,sso;audit_log\n`,
    });
    expect(d.files[0]).toMatchObject({ table: 'deals', layout: 'hubspot', rejected: 0 });
    expect(d.tables.deals[0]).toMatchObject({ dealId: '101', accountId: '8001', stage: 'won', amount: 900, source: 'trade show', discount: 0.25, promisedFeatures: ['sso', 'audit_log'] });
  });

  it('falls back to the company name on a row whose id is blank', async () => {
    const d = await load({ 'deals.csv': `${header}\n102,Beta - Renewal,Closed Lost,,2026-03-02 10:00,,,Beta GmbH,,,,\n` });
    expect(d.tables.deals[0]).toMatchObject({ accountId: 'Beta GmbH', stage: 'lost', source: null, discount: null, promisedFeatures: [] });
  });

  it('contacts: the company id over its name', async () => {
    const d = await load({ 'contacts.csv': 'Record ID,First Name,Job Title,Associated Company IDs (Primary),Associated Company (Primary)\n5,Ann,CFO,8001,Acme Inc\n6,Bo,Analyst,,Beta GmbH\n' });
    expect(d.tables.contacts.map((c) => c.accountId)).toEqual(['8001', 'Beta GmbH']);
  });
});

describe('HubSpot activity exports', () => {
  it('meetings dated by "Meeting start time"; tasks and notes exports are read as tasks and notes (not touches)', async () => {
    const d = await load({
      'm.csv': 'Record ID,Meeting name,Meeting start time,Meeting outcome,Associated Deal IDs\n1,Demo,2024-03-14 10:00,Completed,55\n',
      't.csv': 'Record ID,Task Title,Task Type,Due date,Completed at,Status,Associated Deal IDs\n2,Follow up,Call,2024-03-20 10:00,2024-03-15 09:00,Completed,55\n',
      'n.csv': 'Record ID,Note body,Activity date,Associated Deal IDs\n3,Spoke to Ann,2024-03-16 11:00,55\n',
    });
    expect(d.files.map((f) => f.layout)).toEqual(['hubspot-meetings', 'hubspot-notes', 'hubspot-tasks']);
    expect([...d.tables.activities].map((a) => [a.type, a.dealId, a.occurredAt])).toEqual([
      ['meeting', '55', Date.parse('2024-03-14T10:00:00Z')],
      ['note', '55', Date.parse('2024-03-16T11:00:00Z')],
      ['task', '55', Date.parse('2024-03-15T09:00:00Z')],
    ]);
  });
});

describe('stage labels as CRMs number and annotate them', () => {
  it('a stage number before, a probability or a reason after a closed label do not hide won or lost', () => {
    const stages = ['6 - Closed Won', '6. Closed Won', '10) Closed Won', 'Closed Won (100%)', 'Closed Won - Renewal', '7 - Closed Lost', 'Closed Lost - No Decision', 'Closed Lost (0 %)', '2 - Needs Analysis', '5 - Negotiation/Review', 'Closed', 'Won back later', '6 - Closed Won Pending', '2024 Closed Won'];
    // Without a dash, words after the label are part of it: "Closed Won Pending" is not won.
    expect(stages.map((s) => parseStage(s))).toEqual(['won', 'won', 'won', 'won', 'won', 'lost', 'lost', 'lost', 'open', 'open', 'open', 'open', 'open', 'won']);
  });
});

describe('Pipedrive deals export', () => {
  it('takes the organization id over its name; list price and promised features are read', async () => {
    const d = await load({
      'deals.csv': 'Deal - ID;Deal - Title;Deal - Organization;Deal - Organization ID;Deal - Value;Deal - Status;Deal - List price;Deal - Promised features\n7;Acme deal;Acme Inc;301;1.234,50;Won;2.000,00;"sso;api_keys"\n8;Beta deal;Beta GmbH;;500,00;Open;;\n',
    });
    expect(d.files[0]).toMatchObject({ table: 'deals', layout: 'pipedrive', rejected: 0 });
    expect(d.tables.deals[0]).toMatchObject({ dealId: '7', accountId: '301', amount: 1234.5, stage: 'won', promisedFeatures: ['sso', 'api_keys'] });
    expect(d.tables.deals[1]).toMatchObject({ accountId: 'Beta GmbH', stage: 'open', promisedFeatures: [] });
  });
});

describe('Salesforce exports', () => {
  it('Data Loader opportunities: List_Price__c gives the discount when none is recorded; Promised_Features__c', async () => {
    const d = await load({
      'Opportunity.csv': 'Id,AccountId,Name,StageName,IsWon,IsClosed,Amount,CloseDate,List_Price__c,Promised_Features__c\n006A,001A,Acme,Closed Won,true,true,750,2026-03-02,1000,sso\n',
    });
    expect(d.files[0]).toMatchObject({ table: 'deals', layout: 'salesforce-api', rejected: 0 });
    expect(d.tables.deals[0]).toMatchObject({ dealId: '006A', stage: 'won', discount: 0.25, promisedFeatures: ['sso'] });
  });

  it('report export: "Discount (%)" and "Promised Features" labels', async () => {
    const d = await load({
      'report1.csv': '"Opportunity Owner","Opportunity ID","Opportunity Name","Stage","Amount","Close Date","Discount (%)","Promised Features"\n"Jo","006A","Acme - New","Closed Won","USD 12,500.00","02/03/2026","25%","sso"\n',
    });
    expect(d.files[0]).toMatchObject({ table: 'deals', layout: 'salesforce-report', rejected: 0 });
    expect(d.tables.deals[0]).toMatchObject({ dealId: '006A', amount: 12500, discount: 0.25, promisedFeatures: ['sso'] });
  });

  it('report of accounts without an id: the account name is the key the deals report refers to', async () => {
    const d = await load({
      'report2.csv': 'Account Name,Account Owner,Type,Website,Billing Country,Created Date\nAcme Inc,Jo,Customer,www.acme.example,US,1/2/2023\n',
      'report1.csv': 'Opportunity Name,Account Name,Stage,Close Date\nAcme - New,Acme Inc,Closed Won,3/14/2024\n',
    });
    expect(d.files.map((f) => [f.path.split('/').pop(), f.table])).toEqual([['report1.csv', 'deals'], ['report2.csv', 'accounts']]);
    expect(d.tables.accounts[0]).toMatchObject({ accountId: 'Acme Inc', name: 'Acme Inc', domain: 'www.acme.example' });
    expect(d.tables.deals[0]!.accountId).toBe('Acme Inc');
  });

  it('report of contacts without an id: the e-mail address is the key; rows without one are rejected and counted', async () => {
    const d = await load({ 'report3.csv': 'First Name,Last Name,Title,Account Name,Email,Lead Source,Contact Owner\nAnn,Lee,CFO,Acme Inc,ann@acme.example,Web,Jo\nBo,Ng,Analyst,Acme Inc,,Web,Jo\n' });
    expect(d.files[0]).toMatchObject({ table: 'contacts', rows: 2, rejected: 1, rejectedByReason: { MISSING_VALUE: 1 } });
    expect(d.tables.contacts[0]).toMatchObject({ contactId: 'ann@acme.example', accountId: 'Acme Inc', title: 'CFO' });
  });

  it('activity reports: "Assigned" marks them; the opportunity id, else its name, is the deal', async () => {
    const d = await load({
      'a.csv': 'Subject,Activity Type,Date,Assigned,Opportunity Name,Account Name,Contact\nIntro,Call,3/14/2024,Jo,Acme - New,Acme Inc,Ann\n',
      'b.csv': 'Subject,Task Subtype,Due Date,Assigned,Opportunity ID,Opportunity Name,Account ID\nCall,Call,3/15/2024,Jo,006A,Acme - New,001A\n',
    });
    expect(d.files.map((f) => [f.table, f.layout])).toEqual([['activities', 'salesforce-api'], ['activities', 'salesforce-api']]);
    expect([...d.tables.activities].map((a) => [a.type, a.dealId, a.accountId])).toEqual([['call', 'Acme - New', 'Acme Inc'], ['call', '006A', '001A']]);
  });

  const report = '"Opportunity Owner","Opportunity Name","Stage","Close Date"\r\n"Jo","Acme - New","Closed Won","3/14/2024"\r\n"Jo","Beta - New","Closed Lost","3/15/2024"\r\n';
  const footer = '""\r\n"Opportunity Report"\r\n"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."\r\n"Confidential Information - Do Not Distribute"\r\n"Generated By:  Jo Bloggs  6/30/2024 10:15 AM"\r\n"Acme Corp"\r\n';

  it('report footer (title, copyright, "Generated By", company): skipped and counted, not rejected', async () => {
    const d = await load({ 'report1.csv': report + footer });
    expect(d.files[0]).toMatchObject({ table: 'deals', rows: 2, rejected: 0, warnings: { REPORT_FOOTER: 1 } });
    expect(d.issues.find((i) => i.code === 'REPORT_FOOTER')).toMatchObject({ line: 5, message: expect.stringMatching(/^5 lines of the report's footer \("Copyright \(c\)"…\)/) as string });
    expect(d.issues.map((i) => i.message).join(' ')).not.toMatch(/Bloggs/); // the footer's user is not repeated
    expect(d.tables.deals.map((x) => x.dealId)).toEqual(['Acme - New', 'Beta - New']);
  });

  it('one-cell records that open no footer are rows like any other (rejected and counted), and so are rows after them', async () => {
    const d = await load({ 'report1.csv': `${report}"Subtotal"\r\n"Jo","Gamma - New","Closed Won","3/16/2024"\r\n"Grand total"\r\n` });
    expect(d.files[0]).toMatchObject({ rows: 5, rejected: 2, rejectedByReason: { MISSING_VALUE: 2 } });
    expect(d.files[0]!.warnings).not.toHaveProperty('REPORT_FOOTER');
    expect(d.tables.deals.map((x) => x.dealId)).toEqual(['Acme - New', 'Beta - New', 'Gamma - New']);
  });

  it('a footer line is only a footer for the layouts that declare one', async () => {
    const d = await load({ 'deals.csv': 'deal_id,stage\nD1,won\n"Confidential Information - Do Not Distribute"\n' });
    expect(d.files[0]).toMatchObject({ table: 'deals', layout: 'pullcheck', rows: 2, rejected: 1 });
  });

  it('tasks: the completed date-time is taken over the date-only ActivityDate', async () => {
    const d = await load({
      'Task.csv': 'Id,WhatId,WhoId,TaskSubtype,ActivityDate,CompletedDateTime\n00T1,006A,003A,Call,2026-03-02,2026-03-02T15:30:00.000+0000\n00T2,006A,003A,Email,2026-03-03,\n',
    });
    expect(d.files[0]).toMatchObject({ table: 'activities', layout: 'salesforce-api', rejected: 0 });
    expect([...d.tables.activities].map((a) => a.occurredAt)).toEqual([Date.parse('2026-03-02T15:30:00Z'), Date.parse('2026-03-03T00:00:00Z')]);
  });
});
