/**
 * CRM vendor layouts (src/ingest/vendor-layouts.ts) on small hand-checked exports: ids preferred
 * over names where an export has both, custom deal properties (discount, list price, promised
 * features) and renamed or noisy headers, as found by the vendor corpus (fixtures/corpus/).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('tasks: the completed date-time is taken over the date-only ActivityDate', async () => {
    const d = await load({
      'Task.csv': 'Id,WhatId,WhoId,TaskSubtype,ActivityDate,CompletedDateTime\n00T1,006A,003A,Call,2026-03-02,2026-03-02T15:30:00.000+0000\n00T2,006A,003A,Email,2026-03-03,\n',
    });
    expect(d.files[0]).toMatchObject({ table: 'activities', layout: 'salesforce-api', rejected: 0 });
    expect([...d.tables.activities].map((a) => a.occurredAt)).toEqual([Date.parse('2026-03-02T15:30:00Z'), Date.parse('2026-03-03T00:00:00Z')]);
  });
});
