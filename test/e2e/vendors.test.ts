/**
 * Each vendor export format, analysed by the built CLI: recognised table and layout, column
 * mapping, and resulting values (via `inspect --format json` and `analyze --format json`).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface InspectFile {
  path: string; table: string | null; layout: string | null; vendor: string | null; confidence: number | null; rows: number; rejected: number;
  rejectedByReason: Record<string, number>; warnings: Record<string, number>; encoding: string; delimiter: string;
  mapping: Record<string, string>; formats: Record<string, { format: string; basis: string }>; values: Record<string, Array<{ from: string; to: string; rows: number }>>; kind?: string;
}
interface Inspect { files: InspectFile[]; tables: Record<string, number>; accountMatch: { rate: number; matched: Record<string, number> } | null }

function inspect(dir: string): Inspect {
  const r = runCli(['inspect', dir, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Inspect;
}
const file = (i: Inspect, name: string): InspectFile => i.files.find((f) => f.path.endsWith(name))!;
const value = (f: InspectFile, field: string, from: string): string | undefined => f.values[field]?.find((v) => v.from === from)?.to;

function analyzeJson(dir: string, extra: string[] = []): { score: number | null; inputs: { tables: Record<string, number> }; categories: Array<{ checks: Array<{ id: string; status: string; value: number | null }> }> } {
  const r = runCli(['analyze', dir, '--format', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}
const check = (report: ReturnType<typeof analyzeJson>, id: string) => report.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;

describe('CRM exports', () => {
  it('Salesforce report export: labels, Windows-1252, CRLF, M/D/YYYY, $ amounts', () => {
    const i = inspect('fixtures/vendors/salesforce-report');
    const f = file(i, 'Opportunities Report.csv');
    expect(f).toMatchObject({ table: 'deals', layout: 'salesforce-report', encoding: 'windows-1252', rows: 5, rejected: 0 });
    expect(f.mapping).toMatchObject({ dealId: 'Opportunity Name', accountId: 'Account Name', stage: 'Stage', closedAt: 'Close Date', source: 'Lead Source' });
    expect(f.formats.closedAt!.format).toBe('M/D/YYYY');
    expect(f.formats.closedAt!.basis).toMatch(/3\/14\/2024/);
    expect(value(f, 'stage', 'Negotiation/Review')).toBe('open');
    expect(value(f, 'source', 'Trade Show')).toBe('sales');
    expect(value(f, 'type', 'Existing Customer - Renewal')).toBe('renewal');
    const report = analyzeJson('fixtures/vendors/salesforce-report');
    expect(report.inputs.tables.deals).toBe(5);
    // Too few deals to score (minN); the check says so rather than guessing.
    expect(check(report, 'sales-sourced-won-share').status).toBe('insufficient-data');
  });

  it('Salesforce Data Loader: API names, IsWon/IsClosed decide the stage; contacts and tasks', () => {
    const i = inspect('fixtures/vendors/salesforce-api');
    const opp = file(i, 'Opportunity.csv');
    expect(opp).toMatchObject({ table: 'deals', layout: 'salesforce-api', rows: 4, rejected: 0 });
    expect(opp.mapping).toMatchObject({ stage: 'StageName', isWon: 'IsWon', isClosed: 'IsClosed', createdAt: 'CreatedDate' });
    expect(value(opp, 'stage', 'Contract Signed')).toBe('won'); // IsWon=TRUE wins over the label
    expect(file(i, 'Contact.csv')).toMatchObject({ table: 'contacts', layout: 'salesforce-api' });
    expect(value(file(i, 'Contact.csv'), 'title', 'VP of Sales')).toBe('exec');
    expect(file(i, 'Task.csv')).toMatchObject({ table: 'activities', rows: 3 });
    expect(file(i, 'Task.csv').mapping).toMatchObject({ dealId: 'WhatId', contactId: 'WhoId' });
    expect(i.tables).toEqual({ deals: 4, activities: 3, contacts: 3 });
  });

  it('Salesforce warehouse sync in ALL CAPS snake_case', () => {
    const f = file(inspect('fixtures/vendors/salesforce-warehouse'), 'OPPORTUNITY.csv');
    expect(f).toMatchObject({ table: 'deals', layout: 'salesforce-api', rows: 3, rejected: 0 });
    expect(f.mapping).toMatchObject({ stage: 'STAGE_NAME', isWon: 'IS_WON', source: 'LEAD_SOURCE' });
    expect(value(f, 'source', 'Inbound')).toBe('product');
  });

  it('HubSpot UI exports with BOM: deals, contacts, companies, calls', () => {
    const i = inspect('fixtures/vendors/hubspot-ui');
    const deals = file(i, 'all-deals-2024-06-30.csv');
    expect(deals).toMatchObject({ table: 'deals', layout: 'hubspot', encoding: 'utf-8 (BOM)', rows: 4 });
    expect(deals.mapping).toMatchObject({ dealId: 'Record ID', stage: 'Deal Stage', accountId: 'Associated Company (Primary)', source: 'Original Source' });
    expect(value(deals, 'stage', 'closedwon')).toBe('won');
    expect(value(deals, 'source', 'Organic Search')).toBe('product');
    expect(file(i, 'companies-2024-06-30.csv').mapping).toMatchObject({ domain: 'Company Domain Name' });
    expect(file(i, 'calls-2024-06-30.csv')).toMatchObject({ table: 'activities', layout: 'hubspot-calls', rows: 3 });
    expect(i.tables).toEqual({ deals: 4, activities: 3, contacts: 2, accounts: 2 });
    const report = analyzeJson('fixtures/vendors/hubspot-ui');
    expect(report.inputs.tables.activities).toBe(3);
  });

  it('HubSpot property_* warehouse sync (real Fivetran seed slice is recognised)', () => {
    const dir = '/work/shared/real-exports/fivetran-hubspot';
    if (!existsSync(dir)) return;
    const i = inspect(dir);
    // Fivetran's deal table: its stage is an id into deal_pipeline_stage (a lookup, resolved after loading).
    expect(file(i, 'deal_data.csv')).toMatchObject({ table: 'deals', layout: 'hubspot' });
    expect(file(i, 'deal_data.csv').mapping).toMatchObject({ name: 'property_dealname', amount: 'property_amount', stage: 'deal_pipeline_stage_id' });
    expect(file(i, 'deal_pipeline_stage_data.csv')).toMatchObject({ table: null, kind: 'lookup', excluded: { DELETED_ROW: 2 } });
    expect(file(i, 'deal_stage_data.csv')).toMatchObject({ table: null, kind: 'history' });
    expect(file(i, 'owner_data.csv')).toMatchObject({ table: null, kind: 'staff' });
    expect(file(i, 'contact_data.csv').mapping).toMatchObject({ title: 'property_jobtitle' });
    expect(file(i, 'engagement_meeting_data.csv')).toMatchObject({ table: 'activities', rows: 100 });
  });

  it('Pipedrive: semicolons, en-dash headers, DD.MM.YYYY and European money', () => {
    const i = inspect('fixtures/vendors/pipedrive');
    const deals = file(i, 'deals-export.csv');
    expect(deals).toMatchObject({ table: 'deals', layout: 'pipedrive', delimiter: ';', rows: 3, rejected: 0 });
    expect(deals.mapping).toMatchObject({ name: 'Deal – Title', amount: 'Deal – Value', closedAt: 'Deal – Won time | Deal – Lost time' });
    expect(deals.formats.closedAt!.format).toBe('DD.MM.YYYY');
    expect(deals.formats.amount).toMatchObject({ format: 'decimal mark ","' });
    expect(file(i, 'activities-export.csv')).toMatchObject({ table: 'activities', rows: 3 });
  });

  it('the Maven CRM sample is recognised without config and yields sales metrics', () => {
    for (const dir of ['fixtures/vendors/maven', '/work/shared/real-exports/maven-crm-sales-opportunities']) {
      if (!existsSync(dir)) continue;
      const i = inspect(dir);
      const deals = file(i, 'sales_pipeline.csv');
      expect(deals).toMatchObject({ table: 'deals', layout: 'maven-crm', rejected: 0 });
      expect(deals.mapping).toMatchObject({ dealId: 'opportunity_id', stage: 'deal_stage', amount: 'close_value', createdAt: 'engage_date' });
      expect(value(deals, 'stage', 'Won')).toBe('won');
      expect(file(i, 'accounts.csv')).toMatchObject({ table: 'accounts', layout: 'maven-crm' });
      const report = analyzeJson(dir);
      expect(report.inputs.tables.deals).toBe(deals.rows);
      expect(report.categories.flatMap((c) => c.checks).filter((c) => c.status !== 'insufficient-data').length).toBeGreaterThan(0);
    }
    expect(file(inspect('/work/shared/real-exports/maven-crm-sales-opportunities'), 'sales_pipeline.csv').rows).toBe(8800);
  });
});

describe('product analytics and roadmap exports', () => {
  it('PostHog: properties JSON gives feature and account; accounts matched by domain', () => {
    const i = inspect('fixtures/vendors/posthog');
    const events = file(i, 'posthog-events.csv');
    expect(events).toMatchObject({ table: 'events', layout: 'posthog', rows: 5, rejected: 0, warnings: { BAD_JSON: 1 } });
    expect(events.mapping.feature).toMatch(/^properties → feature/);
    expect(i.accountMatch).toMatchObject({ matched: { id: 0, domain: 2, name: 0 } });
    expect(i.accountMatch!.rate).toBeCloseTo(2 / 3, 2);
  });

  it('Mixpanel JSON lines (epoch seconds) and CSV', () => {
    const i = inspect('fixtures/vendors/mixpanel-jsonl');
    const f = file(i, 'mixpanel-export.jsonl');
    expect(f).toMatchObject({ table: 'events', layout: 'mixpanel', delimiter: 'JSON lines', rows: 4, rejected: 1, rejectedByReason: { BAD_JSON: 1 } });
    expect(f.formats.timestamp!.format).toBe('epoch seconds');
    expect(i.accountMatch).toMatchObject({ rate: 1, matched: { name: 2 } });
    const csv = file(inspect('fixtures/vendors/mixpanel-csv'), 'mixpanel.csv');
    expect(csv).toMatchObject({ table: 'events', layout: 'mixpanel', rows: 2 });
    const report = analyzeJson('fixtures/vendors/mixpanel-jsonl');
    expect(report.inputs.tables.events).toBe(3);
  });

  it('Amplitude: event_properties / groups JSON; the real Fivetran slice too', () => {
    const i = inspect('fixtures/vendors/amplitude');
    expect(file(i, 'amplitude-events.csv')).toMatchObject({ table: 'events', layout: 'amplitude', rows: 3, rejected: 0 });
    expect(file(i, 'amplitude_event_data.csv')).toMatchObject({ table: 'events', layout: 'amplitude', rows: 5, rejected: 0 });
    const report = analyzeJson('fixtures/vendors/amplitude');
    expect(report.inputs.tables.events).toBe(8);
  });

  it('Segment tracks and users, Pendo feature events, changelog and requests', () => {
    const seg = inspect('fixtures/vendors/segment');
    expect(file(seg, 'tracks.csv')).toMatchObject({ table: 'events', layout: 'segment-tracks', rows: 2 });
    expect(file(seg, 'users.csv')).toMatchObject({ table: 'users', layout: 'segment-users', rows: 1 });
    const pendo = file(inspect('fixtures/vendors/pendo'), 'pendo-feature-events.csv');
    expect(pendo).toMatchObject({ table: 'events', layout: 'pendo', rows: 2 });
    expect(pendo.formats.timestamp!.format).toBe('epoch milliseconds');
    const roadmap = inspect('fixtures/vendors/roadmap');
    expect(roadmap.tables).toEqual({ releases: 3, feature_requests: 2 });
    // Release kinds are logged as mapped, like stages and sources.
    expect(file(roadmap, 'changelog.csv').values.kind).toEqual([
      { from: 'Bug fix', to: 'fix', rows: 1 },
      { from: 'Improvement', to: 'improvement', rows: 1 },
      { from: 'New feature', to: 'new', rows: 1 },
    ]);
    const report = analyzeJson('fixtures/vendors/roadmap');
    expect(check(report, 'improvement-release-share').status).not.toBe('error');
  });
});

describe('accounts without deals or events (real slice)', () => {
  it('RavenStack accounts: signup_date is the creation date, plan_tier the plan; every check says what is missing', () => {
    const i = inspect('fixtures/vendors/ravenstack');
    const f = file(i, 'ravenstack_accounts.csv');
    expect(f).toMatchObject({ table: 'accounts', layout: 'pullcheck', rows: 20, rejected: 0 });
    expect(f.mapping).toMatchObject({ accountId: 'account_id', name: 'account_name', createdAt: 'signup_date', plan: 'plan_tier' });
    const report = analyzeJson('fixtures/vendors/ravenstack');
    // The as-of date is the latest signup; with no deals or events no check can be scored.
    expect(report.asOf).toBe('2024-12-05');
    expect(report.verdict).toBe('insufficient-data');
    expect(check(report, 'sales-sourced-won-share').status).toBe('insufficient-data');
  });
});

describe('config, strict and unrecognised layouts', () => {
  it('a config file maps an in-house layout (D/M dates, decimal comma, value maps)', () => {
    const f = file(inspect('fixtures/vendors/custom-config'), 'opps.csv');
    expect(f).toMatchObject({ table: 'deals', layout: 'config', rows: 3, rejected: 0 });
    expect(f.formats.createdAt!.format).toBe('D/M/YYYY');
    expect(value(f, 'stage', 'Signed')).toBe('won');
    expect(value(f, 'source', 'Webinar')).toBe('inbound: product');
  });

  it('--strict exits 2 when rows were rejected, after writing the report', () => {
    const r = runCli(['analyze', 'fixtures/vendors/mixpanel-jsonl', '--format', 'json', '--strict']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).inputs.tables.events).toBe(3);
    expect(r.stderr).toMatch(/--strict: 1 row rejected .*BAD_JSON/);
    expect(runCli(['analyze', 'fixtures/vendors/pipedrive', '--format', 'json', '--strict']).code).toBe(0);
  });

  it('prints inspect for a terminal', () => {
    const r = runCli(['inspect', 'fixtures/vendors/pipedrive']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/deals — Pipedrive \(export\), confidence/);
    expect(r.stdout).toMatch(/closedAt: DD\.MM\.YYYY/);
  });
});
