import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { declaredTotals, flattenSalesforce, jsonShape } from '../../src/ingest/read-json.js';

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-json-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** An Opportunity as the Salesforce REST query API returns it. */
const opportunity = (id: string, stage: string, amount: number) => ({
  attributes: { type: 'Opportunity', url: `/services/data/v60.0/sobjects/Opportunity/${id}` },
  Id: id,
  Name: `Deal ${id}`,
  StageName: stage,
  Amount: amount,
  CloseDate: '2026-03-01',
  CreatedDate: '2026-01-05T10:00:00.000+0000',
  IsWon: stage === 'Closed Won',
  IsClosed: stage.startsWith('Closed'),
  AccountId: '001A',
  Account: { attributes: { type: 'Account', url: '/x' }, Name: 'Acme Inc', Owner: { attributes: { type: 'User' }, Name: 'Sam' } },
});

describe('jsonShape', () => {
  it('tells JSON lines, arrays, records files and other documents apart', () => {
    expect(jsonShape('{"a":1}\n{"a":2}\n')).toBe('lines');
    expect(jsonShape('  [\n {"a":1}\n]')).toBe('array');
    expect(jsonShape('{"totalSize":1,"done":true,"records":[{"Id":"1"}]}')).toBe('records');
    expect(jsonShape('{\n  "status": 0,\n  "result": {\n    "records": [\n')).toBe('records');
    expect(jsonShape('{\n  "data": {"x": 1}\n}\n')).toBe('document');
    // A JSON-lines file whose first line is broken is still JSON lines (the bad line is reported).
    expect(jsonShape('{"a":\n{"a":2}\n')).toBe('lines');
    // Each line an object with its own records array: JSON lines.
    expect(jsonShape('{"records":[]}\n{"records":[]}\n')).toBe('lines');
  });

  it('reads the declared totals before the records only', () => {
    expect(declaredTotals('{"totalSize": 3222, "done": false, "records": [')).toEqual({ totalSize: 3222, done: false });
    expect(declaredTotals('{"result": {"records": [{"Contacts": {"totalSize": 2, "done": true')).toEqual({ totalSize: null, done: null });
  });
});

describe('flattenSalesforce', () => {
  it('drops attributes, flattens parents to dotted keys and keeps child relationships whole', () => {
    const contacts = { totalSize: 1, done: true, records: [{ attributes: { type: 'Contact' }, Name: 'Ann' }] };
    expect(flattenSalesforce({ ...opportunity('006A', 'Closed Won', 10), Contacts: contacts })).toEqual({
      Id: '006A', Name: 'Deal 006A', StageName: 'Closed Won', Amount: 10, CloseDate: '2026-03-01', CreatedDate: '2026-01-05T10:00:00.000+0000',
      IsWon: true, IsClosed: true, AccountId: '001A', 'Account.Name': 'Acme Inc', 'Account.Owner.Name': 'Sam', Contacts: contacts,
    });
  });

  it('keeps a "__proto__" key as data', () => {
    const flat = flattenSalesforce(JSON.parse('{"__proto__": {"polluted": 1}, "Id": "1"}') as Record<string, unknown>);
    expect(Object.keys(flat)).toEqual(['__proto__.polluted', 'Id']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('JSON arrays and Salesforce records files', () => {
  it('reads an array of objects like the same rows in CSV', async () => {
    const rows = [{ deal_id: 'D1', stage: 'won', amount: 100 }, { deal_id: 'D2', stage: 'lost', amount: null }, { deal_id: 'D3', stage: 'open', amount: '1,200' }];
    const csv = await loadDataset(folder({ 'deals.csv': 'deal_id,stage,amount\nD1,won,100\nD2,lost,\nD3,open,"1,200"\n' }));
    const dataset = await loadDataset(folder({ 'deals.json': JSON.stringify(rows, null, 2) }));
    expect(dataset.tables.deals).toEqual(csv.tables.deals);
    expect(dataset.files[0]).toMatchObject({ status: 'read', delimiter: 'JSON array', rows: 3, rejected: 0 });
  });

  it('reads REST query records, with the record type as a hint and the flattened parent fields', async () => {
    const body = { totalSize: 2, done: true, records: [opportunity('006A', 'Closed Won', 1000), opportunity('006B', 'Prospecting', 500)] };
    const dataset = await loadDataset(folder({ 'query-result.json': JSON.stringify(body) }));
    const file = dataset.files[0]!;
    expect(file).toMatchObject({ status: 'read', table: 'deals', layout: 'salesforce-api', delimiter: 'JSON records', rows: 2 });
    expect(file.notes).toEqual(['Salesforce Opportunity records']);
    expect(file.unmappedColumns).toContain('Account.Name');
    expect(file.unmappedColumns).not.toContain('attributes');
    expect(dataset.tables.deals.map((d) => [d.dealId, d.stage, d.amount])).toEqual([['006A', 'won', 1000], ['006B', 'open', 500]]);
  });

  it('reads `sf data query --json` output (records under result), gzip-compressed too', async () => {
    const body = { status: 0, result: { records: [opportunity('006A', 'Closed Won', 1000)], totalSize: 1, done: true }, warnings: [] };
    const dataset = await loadDataset(folder({ 'opps.json.gz': gzipSync(JSON.stringify(body, null, 2)) }));
    expect(dataset.tables.deals.map((d) => d.dealId)).toEqual(['006A']);
  });

  it('warns when a records file is one page of a larger query, or its count disagrees', async () => {
    const page = { totalSize: 3222, done: false, nextRecordsUrl: '/services/data/v60.0/query/01g-500', records: [opportunity('006A', 'Closed Won', 1)] };
    const wrong = { totalSize: 5, done: true, records: [opportunity('006A', 'Closed Won', 1)] };
    const dataset = await loadDataset(folder({ 'a.json': JSON.stringify(page), 'b.json': JSON.stringify(wrong) }));
    expect(dataset.issues.find((i) => i.code === 'JSON_PARTIAL_EXPORT')?.message).toMatch(/one page of a query of 3,222 records/);
    expect(dataset.issues.find((i) => i.code === 'JSON_RECORD_COUNT')?.message).toMatch(/totalSize 5 but holds 1 records/);
  });

  it('counts elements that are not objects, and JSON that breaks off, as rejected rows', async () => {
    const dataset = await loadDataset(folder({ 'deals.json': '[{"deal_id":"D1","stage":"won"}, 42, ["x"], {"deal_id":"D2","stage":"lost"}, {"deal_id": "D3", "sta' }));
    const file = dataset.files[0]!;
    expect(dataset.tables.deals.map((d) => d.dealId)).toEqual(['D1', 'D2']);
    expect(file.rejectedByReason).toEqual({ BAD_JSON: 3 });
    const messages = dataset.issues.filter((i) => i.code === 'BAD_JSON').map((i) => `${i.line}: ${i.message}`);
    expect(messages[0]).toBe('2: element 2 is 42, not a JSON object');
    expect(messages[2]).toMatch(/^5: the JSON breaks off after element 4/);
  });

  it('an element nested 5,000 deep ends the file with the reason, not a crash', async () => {
    // The parser stops at the chunk holding it; the elements of the chunks before are read.
    const before = Array.from({ length: 4000 }, (_, i) => `{"deal_id":"D${i}","stage":"won"}`).join(',');
    const deep = `[${before},{"deal_id":"X","stage":"won","x":${'['.repeat(5000)}${']'.repeat(5000)}}]`;
    const dataset = await loadDataset(folder({ 'deals.json': deep }));
    const read = dataset.tables.deals.length;
    expect(read).toBeGreaterThan(1000);
    expect(read).toBeLessThan(4000);
    expect(dataset.files[0]!.rejectedByReason).toEqual({ BAD_JSON: 1 });
    expect(dataset.issues.find((i) => i.code === 'BAD_JSON')?.message).toMatch(new RegExp(`breaks off after element ${read} .*nesting depth.*rest of the file is not read`));
  });

  it('a file whose first element is too deep is skipped with that reason', async () => {
    const dataset = await loadDataset(folder({ 'deep.json': `[{"x":${'['.repeat(5000)}${']'.repeat(5000)}}]`, 'deals.csv': 'deal_id,stage\nD1,won\n' }));
    expect(dataset.files[1]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^no JSON object could be read \(the JSON breaks off after element 0 .*nesting depth/) });
  });

  it('streams a large array: rows past the header sample keep their columns', async () => {
    const rows = Array.from({ length: 3500 }, (_, i) => ({ deal_id: `D${i}`, stage: i % 2 ? 'won' : 'lost', ...(i === 3400 ? { late_key: 'x' } : {}) }));
    const dataset = await loadDataset(folder({ 'deals.json': JSON.stringify(rows) }));
    expect(dataset.tables.deals).toHaveLength(3500);
    expect(dataset.tables.deals[3499]).toMatchObject({ dealId: 'D3499', stage: 'won' });
  });

  it('reads an events array like the same events in CSV, rows past the sample going straight into the columns', async () => {
    const events = Array.from({ length: 2500 }, (_, k) => ({
      timestamp: k % 777 === 5 ? 'not a date' : `2026-05-${String(1 + (k % 28)).padStart(2, '0')}T10:00:00Z`,
      user_id: `U${k % 90}`,
      account_id: `A${k % 7}`,
      event: k % 3 ? 'feature_used' : 'login',
      feature: k % 3 ? `f${k % 5}` : '',
    }));
    const csv = `timestamp,user_id,account_id,event,feature\n${events.map((e) => Object.values(e).join(',')).join('\n')}\n`;
    const fromCsv = await loadDataset(folder({ 'events.csv': csv }));
    const fromJson = await loadDataset(folder({ 'events.json': JSON.stringify(events) }));
    // The CSV file is read by DuckDB into day summaries (events-duckdb.ts): the same events, per day.
    const perDay = (d: typeof fromCsv) => {
      const days = new Map<string, { first: number; count: number }>();
      for (const e of d.tables.events) {
        const key = [Math.floor(e.timestamp / 86_400_000), e.userId, e.accountId, e.event, e.feature].join('|');
        const seen = days.get(key);
        days.set(key, { first: Math.min(seen?.first ?? e.timestamp, e.timestamp), count: (seen?.count ?? 0) + (e.count ?? 1) });
      }
      return [...days].sort(([a], [b]) => (a < b ? -1 : 1));
    };
    expect(perDay(fromJson)).toEqual(perDay(fromCsv));
    expect(fromJson.tables.events.eventCount()).toBe(fromCsv.tables.events.eventCount());
    expect(fromJson.files[0]).toMatchObject({ rows: 2500, rejected: 4, rejectedByReason: { BAD_DATE: 4 } });
    // Element numbers stand for lines: element k + 1 is CSV line k + 2.
    const lines = (d: typeof fromCsv) => d.issues.filter((i) => i.code === 'BAD_DATE' && i.line > 0).map((i) => i.line);
    expect(lines(fromJson)).toEqual([6, 783, 1560]);
    expect(lines(fromCsv)).toEqual([7, 784, 1561]);
  });

  it('skips empty arrays and JSON documents that hold no table, saying why', async () => {
    const dataset = await loadDataset(folder({ 'a.json': '[]', 'b.json': '{\n  "data": {"x": 1}\n}\n', 'deals.csv': 'deal_id,stage\nD1,won\n' }));
    expect(dataset.files[0]).toMatchObject({ status: 'skipped', reason: 'the JSON holds no objects' });
    expect(dataset.files[1]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/neither JSON lines, an array of objects nor records/) });
  });
});

describe('readJsonDocument', () => {
  it('reports a bad element after the records before it and before those after it, among the first elements too (file order)', async () => {
    const { readJsonDocument } = await import('../../src/ingest/read-json.js');
    const path = join(folder({ 'events.json': JSON.stringify([{ a: 1 }, null, { a: 2 }, 5, { a: 3 }]) }), 'events.json');
    const seen: string[] = [];
    const options = { onBadRecord: (bad: { line: number }) => seen.push(`bad ${bad.line}`) } as unknown as import('../../src/ingest/read-csv.js').ReadOptions;
    for await (const batch of readJsonDocument(path, 'array', options)) for (const record of batch) if (record.line > 0) seen.push(`record ${record.line}`);
    expect(seen).toEqual(['record 1', 'bad 2', 'record 3', 'bad 4', 'record 5']);
  });
});
