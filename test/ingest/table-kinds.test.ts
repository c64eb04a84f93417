/**
 * Table-level recognition on small hand-checked headers and rows: files that are not tables,
 * lookups and their resolution, rows excluded by flags, and the config suggested for a file no
 * layout recognised.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { emptyTables, type Deal, type FileSummary, type IngestIssue, type User } from '../../src/core/model.js';
import { excludedRow, fileExclusions } from '../../src/ingest/exclusions.js';
import { readLookupRows, resolveAside, type AsideTables } from '../../src/ingest/lookups.js';
import { recognise, recogniseLookup, recogniseNotATable, suggestMapping } from '../../src/ingest/recognise.js';
import { ROW_BUILDERS, RowReader } from '../../src/ingest/rows.js';
import { ALL_LAYOUTS, LOOKUP_LAYOUTS, NOT_A_TABLE_SHAPES } from '../../src/ingest/vendor-layouts.js';
import { deal, event, user } from '../helpers/factories.js';

const summary = (path: string): FileSummary => ({ path, table: null, layout: null, confidence: null, rows: 0, rejected: 0, rejectedByReason: {}, warnings: {}, unmappedColumns: [] });

describe('files that are not tables', () => {
  const kind = (header: string[], file = 'x.csv'): string | null => recogniseNotATable(header, file, NOT_A_TABLE_SHAPES)?.kind ?? null;

  it('history, staff and page views by their headers, whatever the casing', () => {
    expect(kind(['Id', 'OpportunityId', 'StageName', 'Amount', 'CloseDate'])).toBe('history');
    expect(kind(['id', 'opportunity_id', 'stage_name'])).toBe('history');
    expect(kind(['_fivetran_start', 'deal_id', 'date_entered', 'value'])).toBe('history');
    expect(kind(['snapshot_date', 'deal_id', 'stage'])).toBe('history');
    expect(kind(['deal_id', 'name', 'value', 'source', 'source_id', 'timestamp'])).toBe('history');
    expect(kind(['Id', 'Username', 'Email', 'Title', 'ProfileId'])).toBe('staff');
    expect(kind(['owner_id', 'email', 'first_name', 'last_name', 'active_user_id'])).toBe('staff');
    expect(kind(['id', 'user_id', 'path', 'url', 'referrer', 'title'])).toBe('page-views');
  });

  it('not when a column makes the file a table after all, nor on look-alikes', () => {
    expect(kind(['event', 'user_id', 'url', 'path', 'timestamp'])).toBeNull(); // events with a page url
    expect(kind(['Id', 'AccountId', 'StageName', 'IsWon'])).toBeNull(); // the Opportunity itself
    expect(kind(['id', 'username', 'email', 'created_at', 'role'])).toBeNull(); // a product's users
    expect(kind(['Record ID', 'First Name', 'Last Name', 'Job Title', 'Owner ID'])).toBeNull(); // HubSpot contacts
    expect(kind(['id', 'user_id', 'name', 'received_at'], 'identifies.csv')).toBeNull(); // screens only by file name
    expect(kind(['id', 'user_id', 'name', 'received_at'], 'screens.csv')).toBe('page-views');
    expect(kind([])).toBeNull();
  });

  it('a Salesforce User export is never contacts, and an events file never users', () => {
    expect(recognise(['Id', 'FirstName', 'LastName', 'Title', 'Email'], 'User.csv', ALL_LAYOUTS)?.table).toBe('contacts'); // what happens without the shape check
    expect(recognise(['id', 'email', 'created_at', 'event', 'user_id', 'timestamp'], 'x.csv', ALL_LAYOUTS)?.table).toBe('events');
  });
});

describe('lookups', () => {
  it('recognised by signature; the shape with most fields found wins', () => {
    expect(recogniseLookup(['_fivetran_deleted', 'closed_won', 'is_closed', 'stage_id', 'label', 'pipeline_id'], LOOKUP_LAYOUTS)?.layout.lookup).toBe('deal-stage');
    expect(recogniseLookup(['pipeline_id', 'label', 'display_order'], LOOKUP_LAYOUTS)?.layout.lookup).toBe('deal-pipeline');
    expect(recogniseLookup(['id', 'name', 'is_core_event', 'last_updated_at'], LOOKUP_LAYOUTS)?.layout.lookup).toBe('feature');
    expect(recogniseLookup(['feature_id', 'name'], LOOKUP_LAYOUTS)).toBeNull(); // no signature: could be anything
    expect(recogniseLookup(['stage_id', 'closed_won'], LOOKUP_LAYOUTS)).toBeNull(); // no label
  });

  const stageTable = (rows: string[][]): AsideTables['lookups'][number] => {
    const header = ['stage_id', 'label', 'closed_won', 'is_closed'];
    const recognition = recogniseLookup(header, LOOKUP_LAYOUTS)!;
    return readLookupRows(recognition, rows.map((cells, k) => ({ line: k + 2, cells })), summary('stages.csv'));
  };

  it('deal stage ids: resolved by the won/closed flags, default pipeline ids without a table, unknown ids rejected and counted', () => {
    const tables = emptyTables();
    const deals: Deal[] = [deal({ dealId: 'a', stage: 'open' }), deal({ dealId: 'b', stage: 'open' }), deal({ dealId: 'c', stage: 'open' }), deal({ dealId: 'd', stage: 'open' }), deal({ dealId: 'e', stage: 'open' })];
    tables.deals = [...deals];
    const file = summary('deal.csv');
    const aside: AsideTables = {
      lookups: [stageTable([['s1', 'Signed', 'true', 'true'], ['s2', 'No decision', 'false', 'true'], ['s3', 'Demo', 'false', 'false'], ['', 'blank id', '', '']])],
      refs: [{ summary: file, table: 'deals', field: 'stage', lookup: 'deal-stage', column: 'deal_pipeline_stage_id', rows: deals.map((d, k) => ({ record: d, id: ['s1', 's2', 's3', 'closedlost', 'nope'][k]!, line: k + 2 })) }],
      merges: [],
    };
    const issues: IngestIssue[] = [];
    resolveAside(tables, aside, issues);
    expect(tables.deals.map((d) => [d.dealId, d.stage])).toEqual([['a', 'won'], ['b', 'lost'], ['c', 'open'], ['d', 'lost']]);
    expect(file.lookups!.stage).toEqual({ lookup: 'deal-stage', from: ['stages.csv'], resolved: 4, unresolved: 1, unit: 'rows', unresolvedExamples: ['nope'] });
    expect(file.rejectedByReason).toEqual({ UNRESOLVED_STAGE_ID: 1 });
    expect(issues.find((i) => i.code === 'UNRESOLVED_STAGE_ID')).toMatchObject({ line: 6 });
    expect(aside.lookups[0]!.summary.rejectedByReason).toEqual({ MISSING_VALUE: 1 }); // the blank id row
    expect(aside.lookups[0]!.summary.lookup).toMatchObject({ entries: 3, usedBy: ['deal.csv'] });
  });

  it('without any stage table: every custom id is unresolved (never guessed open), and it says so', () => {
    const tables = emptyTables();
    const d = deal({ dealId: 'a', stage: 'open' });
    tables.deals = [d];
    const file = summary('deal.csv');
    const issues: IngestIssue[] = [];
    resolveAside(tables, { lookups: [], refs: [{ summary: file, table: 'deals', field: 'stage', lookup: 'deal-stage', column: 'stage_id', rows: [{ record: d, id: '123456', line: 2 }] }], merges: [] }, issues);
    expect(tables.deals).toEqual([]);
    expect(file.lookups!.stage).toMatchObject({ from: [], resolved: 0, unresolved: 1 });
    expect(issues.find((i) => i.code === 'UNRESOLVED_STAGE_ID')!.message).toMatch(/there is none/);
  });

  it('unknown feature ids in events are shown by value, whatever the order the rows came in', () => {
    const examples = (ids: string[]) => {
      const tables = emptyTables();
      for (const id of ['f1', ...ids]) tables.events.push(event({ event: id, feature: id }));
      const recognition = recogniseLookup(['id', 'name', 'is_core_event', 'last_updated_at'], LOOKUP_LAYOUTS)!;
      const features = readLookupRows(recognition, [{ line: 2, cells: ['f1', 'Export', 'true', '2026-01-01'] }], summary('feature_history.csv'));
      const file = summary('feature_event.csv');
      resolveAside(tables, { lookups: [features], refs: [{ summary: file, table: 'events', field: 'feature', lookup: 'feature', column: 'feature_id', rows: [] }], merges: [] }, []);
      return file.lookups!.feature;
    };
    const ids = ['f9', 'f3', 'f7', 'f2', 'f8', 'f5', 'f4'];
    expect(examples(ids)).toMatchObject({ resolved: 1, unresolved: 7, unresolvedExamples: ['f2', 'f3', 'f4'] });
    expect(examples([...ids].reverse())).toEqual(examples(ids));
  });

  it('feature ids in events: renamed to names in place, unknown ids kept; no rows is no resolution', () => {
    const tables = emptyTables();
    tables.events.push(event({ event: 'f1', feature: 'f1' }), event({ event: 'f2', feature: 'f2' }), event({ event: 'f1', feature: 'f1' }));
    const recognition = recogniseLookup(['id', 'name', 'is_core_event', 'last_updated_at'], LOOKUP_LAYOUTS)!;
    const features = readLookupRows(recognition, [
      { line: 2, cells: ['f1', 'Old name', 'true', '2026-01-01'] },
      { line: 3, cells: ['f1', 'Export', 'true', '2026-02-01'] },
      { line: 4, cells: ['f1', 'Older name', 'true', '2025-12-01'] },
    ], summary('feature_history.csv'));
    const file = summary('feature_event.csv');
    resolveAside(tables, { lookups: [features], refs: [{ summary: file, table: 'events', field: 'feature', lookup: 'feature', column: 'feature_id', rows: [] }], merges: [] }, []);
    expect([...tables.events].map((e) => e.feature)).toEqual(['Export', 'f2', 'Export']);
    expect(file.lookups!.feature).toMatchObject({ resolved: 1, unresolved: 1, unit: 'distinct ids', unresolvedExamples: ['f2'] });
  });

  it("only the file's own ids are resolved and counted: another events file's names are left alone", () => {
    const tables = emptyTables();
    tables.events.push(event({ event: 'login', feature: 'Export' })); // an earlier file, already by name
    tables.events.push(event({ event: 'f1', feature: 'f1' }), event({ event: 'f9', feature: 'f9' }));
    const recognition = recogniseLookup(['id', 'name', 'is_core_event'], LOOKUP_LAYOUTS)!;
    const features = readLookupRows(recognition, [{ line: 2, cells: ['f1', 'Export', 'true'] }, { line: 3, cells: ['login', 'Sign-in page', 'true'] }], summary('features.csv'));
    const file = summary('feature_event.csv');
    resolveAside(tables, {
      lookups: [features],
      refs: [
        { summary: file, table: 'events', field: 'event', lookup: 'feature', column: 'feature_id', rows: [], poolIds: { from: 1, to: 3 } },
        { summary: file, table: 'events', field: 'feature', lookup: 'feature', column: 'feature_id', rows: [], poolIds: { from: 1, to: 3 } },
      ],
      merges: [],
    }, []);
    expect([...tables.events].map((e) => [e.event, e.feature])).toEqual([['login', 'Export'], ['Export', 'Export'], ['f9', 'f9']]);
    expect(file.lookups!.event).toMatchObject({ resolved: 1, unresolved: 1, unresolvedExamples: ['f9'] });
    expect(file.lookups!.feature).toMatchObject({ resolved: 1, unresolved: 1 });
    expect(tables.events.features.values).toEqual(['Export', 'f9']); // equal names merge into one id
  });

  it('identify rows merge into one user: blanks filled, the earliest sign-up kept', () => {
    const tables = emptyTables();
    const rows: User[] = [user({ userId: 'u1', title: null, signupAt: '2026-03-04' }), user({ userId: 'u2' }), user({ userId: 'u1', title: 'CTO', signupAt: '2026-03-01' })];
    tables.users = [...rows];
    const file = summary('identifies.csv');
    resolveAside(tables, { lookups: [], refs: [], merges: [{ summary: file, field: 'userId', records: rows }] }, []);
    expect(tables.users.map((u) => u.userId)).toEqual(['u1', 'u2']);
    expect(tables.users[0]).toMatchObject({ title: 'CTO', signupAt: Date.UTC(2026, 2, 1) });
    expect(file.warnings).toEqual({ MERGED_ROWS: 1 });
  });
});

describe('release sheets in their own words', () => {
  const read = (header: string[]) => {
    const r = recognise(header, 'sheet.csv', ALL_LAYOUTS);
    return r && { table: r.table, layout: r.layout.id, feature: header[r.columns.feature!], releasedAt: header[r.columns.releasedAt!], kind: r.columns.kind === undefined ? undefined : header[r.columns.kind] };
  };

  it('changelog variants', () => {
    expect(read(['Title', 'Published', 'Category', 'Customer'])).toEqual({ table: 'releases', layout: 'changelog', feature: 'Title', releasedAt: 'Published', kind: 'Category' });
    expect(read(['Version', 'Date', 'Change', 'Type of change'])).toEqual({ table: 'releases', layout: 'changelog', feature: 'Change', releasedAt: 'Date', kind: 'Type of change' });
    expect(read(['Feature name', 'Shipped on', 'Tag', 'Requested by'])).toMatchObject({ table: 'releases', layout: 'changelog', releasedAt: 'Shipped on' });
    expect(read(['Name', 'Release Date', 'Description', 'Released'])).toMatchObject({ layout: 'jira-versions', feature: 'Name' });
  });

  it('more sheets: "What changed", a release name, a changelog naming its customers', () => {
    expect(read(['Release', 'Date', 'What changed', 'Type'])).toEqual({ table: 'releases', layout: 'changelog', feature: 'What changed', releasedAt: 'Date', kind: 'Type' });
    expect(read(['Release Name', 'Release Date', 'Features', 'Category'])).toMatchObject({ layout: 'changelog', feature: 'Release Name' });
    expect(read(['Feature', 'Release date', 'Customer'])).toMatchObject({ layout: 'changelog' });
  });

  it('request sheets stay requests', () => {
    const requests = (header: string[]) => {
      const r = recognise(header, 'sheet.csv', ALL_LAYOUTS);
      return r && { table: r.table, columns: Object.fromEntries(Object.entries(r.columns).map(([f, i]) => [f, header[i]])) };
    };
    expect(requests(['Note ID', 'Title', 'Content', 'Company', 'Source', 'Created at', 'Features'])).toMatchObject({ table: 'feature_requests', columns: { feature: 'Features', accountId: 'Company' } });
    expect(requests(['Request', 'Customer', 'Requested on', 'Source', 'Status', 'Feature'])).toMatchObject({ table: 'feature_requests', columns: { feature: 'Feature', accountId: 'Customer', createdAt: 'Requested on' } });
    expect(requests(['Feature Request', 'Account', 'Opportunity', 'Date Requested', 'Requested By'])).toMatchObject({ table: 'feature_requests', columns: { dealId: 'Opportunity', createdAt: 'Date Requested' } });
  });

  it('not a changelog: a title with a non-release date, a requests board, an events file', () => {
    expect(read(['meeting_title', 'attendees'])).toBeNull();
    expect(read(['title', 'votes', 'company', 'created'])?.table).toBe('feature_requests');
    expect(read(['event', 'title', 'date', 'user_id'])?.table).not.toBe('releases');
  });
});

describe('rows excluded by flags', () => {
  it('deleted and superseded rows; layout exclusions; blank and any-value rules', () => {
    const header = ['id', 'IsDeleted', '_fivetran_active', 'Completed', 'Canceled'];
    const linear = ALL_LAYOUTS.find((l) => l.id === 'linear-issues')!;
    const exclusions = fileExclusions(header, linear);
    expect(exclusions.map((e) => e.code)).toEqual(['DELETED_ROW', 'SUPERSEDED_ROW', 'NOT_COMPLETED', 'CANCELED']);
    const row = (cells: string[]) => excludedRow(exclusions, (k) => cells[k])?.code ?? null;
    expect(row(['1', 'false', 'true', '2026-01-01', ''])).toBeNull();
    expect(row(['1', 'TRUE', 'true', '2026-01-01', ''])).toBe('DELETED_ROW');
    expect(row(['1', 'false', 'FALSE', '2026-01-01', ''])).toBe('SUPERSEDED_ROW');
    expect(row(['1', '', '', '', ''])).toBe('NOT_COMPLETED');
    expect(row(['1', '0', '1', '2026-01-01', '2026-01-02'])).toBe('CANCELED');
    expect(fileExclusions(['id', 'name'], null)).toEqual([]);
  });
});

describe('people and release rows', () => {
  it('a JSON list of distinct ids gives the first; the e-mail gives the domain', () => {
    const u = ROW_BUILDERS.users(new RowReader({ userId: '["u_1","anon"]', email: 'Ana@North.Example', signupAt: '2026-01-01' })) as User;
    expect(u).toMatchObject({ userId: 'u_1', email: 'Ana@North.Example', domain: 'north.example' });
    const blank = new RowReader({ userId: '[]' });
    ROW_BUILDERS.users(blank);
    expect(blank.rejection).toMatchObject({ code: 'MISSING_VALUE', field: 'userId' });
  });

  it('release kinds as changelogs write them, then keywords; unknown is new with a warning', () => {
    const kind = (v: string) => {
      const r = new RowReader({ feature: 'x', releasedAt: '2026-01-01', kind: v });
      return [(ROW_BUILDERS.releases(r) as { kind: string }).kind, r.problems.length];
    };
    expect(kind('Added')).toEqual(['new', 0]);
    expect(kind('Changed')).toEqual(['improvement', 0]);
    expect(kind('Enhancement')).toEqual(['improvement', 0]);
    expect(kind('Security')).toEqual(['fix', 0]);
    expect(kind('Hot-fix release')).toEqual(['fix', 0]);
    expect(kind('Frontend')).toEqual(['new', 1]);
  });
});

describe('suggested config for an unrecognised file', () => {
  it('an events-like file is suggested as events, never as deals', () => {
    expect(suggestMapping(['usage_id', 'subscription_id', 'usage_date', 'feature_name', 'usage_count'])).toEqual({
      table: 'events', columns: { timestamp: 'usage_date', event: 'feature_name', accountId: 'subscription_id' },
    });
    expect(suggestMapping(['visitorKey', 'eventName', 'eventTime', 'dealStage'])).toBeNull(); // deal-ish word: not events; event word: not deals
  });

  it('picks the column that names the field best, not the first that shares a word (GA4 export)', () => {
    // event_date shares "event" with the event field and event_timestamp "event" with nothing better:
    // the time is event_timestamp (its own word first), the event event_name (no word of another
    // field), the user user_id (no other word), whatever the header order.
    const ga4 = ['event_date', 'event_timestamp', 'event_name', 'user_pseudo_id', 'user_id', 'platform'];
    const expected = { table: 'events', columns: { timestamp: 'event_timestamp', event: 'event_name', userId: 'user_id' } };
    expect(suggestMapping(ga4)).toEqual(expected);
    expect(suggestMapping([...ga4].reverse())).toEqual(expected);
  });

  it('a deals-like file in its own words', () => {
    expect(suggestMapping(['Opp #', 'Opportunity Status', 'Value', 'Closed On'])).toEqual({
      table: 'deals', columns: { dealId: 'Opp #', stage: 'Opportunity Status', amount: 'Value', closedAt: 'Closed On' },
    });
    expect(suggestMapping(['Opportunity ID', 'Phase', 'Value'])).toEqual({ table: 'deals', columns: { dealId: 'Opportunity ID', stage: 'Phase', amount: 'Value' } });
  });

  it('nothing plausible: null (no header, association tables, price lists)', () => {
    expect(suggestMapping([])).toBeNull();
    expect(suggestMapping(['company_id', 'deal_id', 'type_id', 'category'])).toBeNull();
    expect(suggestMapping(['product', 'series', 'sales_price'])).toBeNull();
  });
});

describe('a folder with no recognised table', () => {
  const folder = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-kinds-'));
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    return dir;
  };

  it('suggests the config of a file that plausibly is a table, never events as deals', async () => {
    const error = await loadDataset(folder({ 'usage.csv': 'visitor,page_event,event_time\nv1,open,2026-01-01\n' })).catch((e: Error) => e);
    expect((error as Error).message).toContain('"usage.csv":\n      table: events');
    expect((error as Error).message).not.toMatch(/table: deals/);
  });

  it('says the example is made up when no file resembles a table; history and staff files are not offered', async () => {
    const error = await loadDataset(folder({ 'prices.csv': 'product,price\nA,1\n', 'OpportunityHistory.csv': 'OpportunityId,StageName\n1,Won\n' })).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/made-up example: none of these files resembles a table/);
    expect((error as Error).message).not.toContain('"prices.csv"');
  });
});
