import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { NO_OVERRIDES } from '../../src/ingest/overrides.js';
import { differingFields, duplicateHeaders, DuplicateTracker, identicalFiles, RowHashSet, rowFindings, unknownStages } from '../../src/ingest/sanity.js';
import { isBlank, isDeclaredBlank } from '../../src/ingest/coerce.js';
import { RowReader } from '../../src/ingest/rows.js';
import { closedBeforeCreated, type Deal, type FileSummary } from '../../src/core/model.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-sanity-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe('duplicateHeaders', () => {
  it('finds names given twice, compared as headers are matched', () => {
    expect(duplicateHeaders(['deal_id', 'Amount', 'amount ', 'Deal ID', 'x'])).toEqual([
      { name: 'deal_id', columns: [0, 3] },
      { name: 'Amount', columns: [1, 2] },
    ]);
  });
  it('none in a clean header, an empty header, or among blank column names', () => {
    expect(duplicateHeaders(['a', 'b'])).toEqual([]);
    expect(duplicateHeaders([])).toEqual([]);
    expect(duplicateHeaders(['', '', 'a'])).toEqual([]);
  });
});

describe('DuplicateTracker', () => {
  it('a row key ignores column order, surrounding spaces and blank cells, and nothing else', () => {
    const a = DuplicateTracker.rowKey(DuplicateTracker.rowKeyOrder(['id', 'stage', 'note']), ['D1', 'won ', '']);
    const b = DuplicateTracker.rowKey(DuplicateTracker.rowKeyOrder(['stage', 'ID', 'note']), ['won', 'D1']);
    const c = DuplicateTracker.rowKey(DuplicateTracker.rowKeyOrder(['id', 'stage']), ['D1', 'lost']);
    // The same values under other headers are other content.
    const d = DuplicateTracker.rowKey(DuplicateTracker.rowKeyOrder(['deal', 'stage']), ['D1', 'won']);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(d);
  });

  it("a row key is the first 64 bits of the SHA-1 of the row's UTF-8 text, as two little-endian int32s", () => {
    const order = DuplicateTracker.rowKeyOrder(['id', 'name']);
    // Digests whose bytes 3 and 7 have their top bit set or not (the sign of each half), and a non-ASCII cell.
    for (const cells of [['D1', 'Zoë'], ['D2', '株式会社'], ...Array.from({ length: 64 }, (_, i) => [`D${i}`, 'x'])]) {
      const text = order.map(({ key, index }) => `${key}\u0001${cells[index]}\u0002`).join('');
      const digest = createHash('sha1').update(text, 'utf8').digest();
      expect(DuplicateTracker.rowKey(order, cells)).toEqual({ hi: digest.readInt32LE(0), lo: digest.readInt32LE(4) });
    }
  });

  it('row keys of 300 k near-identical rows are all distinct (one character changed, one bit of it, the cell split elsewhere)', () => {
    const order = DuplicateTracker.rowKeyOrder(['id', 'stage', 'amount', 'note']);
    const keys = new Set<string>();
    let rows = 0;
    const add = (cells: string[]) => {
      const { hi, lo } = DuplicateTracker.rowKey(order, cells);
      keys.add(`${hi}:${lo}`);
      rows++;
    };
    for (let i = 0; i < 100_000; i++) {
      add([`D${i}`, 'won', '1000', 'renewal']);
      // The same text but for one bit of one code unit: a low bit, and the top bit of a non-ASCII unit.
      add([`D${i}`, 'wom', '1000', 'renewal']);
      add([`D${i}`, 'won', '1000', String.fromCharCode(0x8000 ^ (i & 0x7fff)) + 'enewal']);
    }
    // A cell boundary moved: "ab" + "c" is other content than "a" + "bc".
    add(['a', 'bc', '', '']);
    add(['ab', 'c', '', '']);
    expect(keys.size).toBe(rows);
  });

  it('remembers the first place of each content and id per table, across files', () => {
    const t = new DuplicateTracker();
    const f1 = t.addFile('a.csv');
    const f2 = t.addFile('b.csv');
    const k1 = { hi: 1, lo: -5 };
    expect(t.seenRow('deals', k1, f1, 2)).toBeNull();
    expect(t.seenRow('deals', k1, f2, 9)).toEqual({ file: 'a.csv', line: 2 });
    expect(t.seenRow('deals', { hi: 2, lo: -5 }, f2, 9)).toBeNull(); // both halves count
    expect(t.seenRow('contacts', k1, f2, 9)).toBeNull(); // tables are separate
    expect(t.idPlace('deals', 'D1')).toBeNull();
    t.addId('deals', 'D1', f1, 2, 0);
    expect(t.idPlace('deals', 'D1')).toEqual({ file: 'a.csv', line: 2, index: 0 });
    expect(t.idPlace('users', 'D1')).toBeNull();
  });
});

describe('RowHashSet', () => {
  it('keeps every hash with its value through growth, colliding slots included', () => {
    const set = new RowHashSet();
    const n = 5000;
    // Hashes whose low halves are equal land in nearby slots: probing must tell them apart.
    for (let i = 0; i < n; i++) expect(set.getOrAdd(i, 7, i * 10)).toBeNull();
    for (let i = 0; i < n; i++) expect(set.getOrAdd(i, 7, -1)).toBe(i * 10);
    expect(set.getOrAdd(0, 8, 0)).toBeNull();
    expect(set.getOrAdd(0, 8, 1)).toBe(0); // a stored 0 is not an empty slot
  });
});

describe('differingFields', () => {
  it('names but never prints deal and company names, domains and owners', () => {
    expect(differingFields({ name: 'Acme renewal', domain: 'acme.com', owner: 'Ann', amount: 1 }, { name: 'Acme Inc', domain: 'acme.io', owner: 'Bob', amount: 2 })).toEqual([
      'name', 'domain', 'owner', 'amount (1 vs 2)',
    ]);
  });

  it('lists the fields that differ, dates as days, and never prints the owner', () => {
    const day = Date.UTC(2026, 0, 5);
    expect(
      differingFields(
        { dealId: 'D1', stage: 'won', amount: 100, closedAt: day, owner: 'Ann', promisedFeatures: [] },
        { dealId: 'D1', stage: 'open', amount: 100, closedAt: null, owner: 'Bob', promisedFeatures: ['sso'] },
      ),
    ).toEqual(['stage ("won" vs "open")', 'closedAt (2026-01-05 vs blank)', 'owner', 'promisedFeatures (blank vs sso)']);
    expect(differingFields({ a: 1 }, { a: 1 })).toEqual([]);
    expect(differingFields({ a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 }, {}, 4)).toHaveLength(5);
  });
});

describe('identicalFiles', () => {
  it('finds byte-identical copies and calls the shortest name the original', async () => {
    const dir = folder({ 'deals (1).csv': 'a,b\n1,2\n', 'deals.csv': 'a,b\n1,2\n', 'other.csv': 'a,b\n1,3\n', 'empty.csv': '', 'empty2.csv': '' });
    const copies = await identicalFiles(['deals (1).csv', 'deals.csv', 'other.csv', 'empty.csv', 'empty2.csv'].map((f) => join(dir, f)));
    expect([...copies]).toEqual([[join(dir, 'deals (1).csv'), join(dir, 'deals.csv')]]);
    expect(await identicalFiles([])).toEqual(new Map());
  });
});

describe('duplicates while loading a folder', () => {
  const header = 'deal_id,stage,amount,created_at,closed_at\n';
  it('an exact duplicate row is read once; a reused id keeps the first row; both counted with lines', async () => {
    const dir = folder({
      'a.csv': `${header}D1,won,100,2026-01-01,2026-02-01\nD1,won,100,2026-01-01,2026-02-01\nD2,won,50,2026-01-01,2026-02-01\n`,
      'b.csv': `${header}D2,lost,60,2026-01-01,2026-02-02\nD3,open,,2026-01-01,\n`,
    });
    const d = await loadDataset(dir);
    expect(d.tables.deals.map((x) => [x.dealId, x.stage, x.amount])).toEqual([['D1', 'won', 100], ['D2', 'won', 50], ['D3', 'open', null]]);
    // Value counts are of the rows kept.
    expect(d.files[1]!.values!.stage).toEqual([{ from: 'open', to: 'open', rows: 1 }]);
    const [a, b] = d.files;
    expect(a!.warnings).toEqual({ DUPLICATE_ROW: 1 });
    expect(b!.warnings).toEqual({ DUPLICATE_ID: 1 });
    expect(d.issues.find((i) => i.code === 'DUPLICATE_ROW')).toMatchObject({ line: 3, message: 'the same row as line 2; read once' });
    const id = d.issues.find((i) => i.code === 'DUPLICATE_ID')!;
    expect(id.line).toBe(2);
    expect(id.message).toMatch(/deal id "D2" was already read at .*a\.csv:4 with a different amount \(50 vs 60\), stage \("won" vs "lost"\), closedAt/);
  });

  it('a file whose every row was read before is named a duplicate file; a byte-identical copy is skipped unread', async () => {
    const rows = `${header}D1,won,100,2026-01-01,2026-02-01\n`;
    const d = await loadDataset(folder({ 'deals.csv': rows, 'deals (1).csv': rows, 'z-deals.csv': `deal_id,amount,stage,created_at,closed_at\nD1,100,won,2026-01-01,2026-02-01\n` }));
    expect(d.tables.deals).toHaveLength(1);
    const byName = (n: string) => d.files.find((f) => f.path.endsWith(n))!;
    expect(byName('deals (1).csv')).toMatchObject({ rows: 0, table: null, warnings: { DUPLICATE_FILE: 1 } });
    expect(byName('z-deals.csv')).toMatchObject({ rows: 1, warnings: { DUPLICATE_ROW: 1, DUPLICATE_FILE: 1 } });
  });

  it('a rejected row does not hold its id: a later valid row with that id is kept', async () => {
    const d = await loadDataset(folder({ 'deals.csv': `${header}D1,,100,2026-01-01,\nD1,won,100,2026-01-01,2026-02-01\n` }));
    expect(d.tables.deals.map((x) => x.stage)).toEqual(['won']);
    expect(d.files[0]!.rejectedByReason).toEqual({ MISSING_VALUE: 1 });
    expect(d.files[0]!.warnings).toEqual({});
  });

  it('a repeated row in a file without its id column says the id would tell such rows apart', async () => {
    const d = await loadDataset(folder({ 'activities.csv': 'type,occurred_at,deal_id\ncall,2026-01-02,D1\ncall,2026-01-02,D1\n' }));
    expect(d.tables.activities.length).toBe(1);
    expect(d.issues.find((i) => i.code === 'DUPLICATE_ROW')!.message).toBe(
      'the same row as line 2; read once (the file has no activity id column: export it if such rows are distinct activities)',
    );
  });

  it('a copy of a file the config skips is read (the skipped file is no original)', async () => {
    const rows = `${header}D1,won,100,2026-01-01,2026-02-01\n`;
    const overrides = { ...NO_OVERRIDES, files: [{ match: 'deals.csv', skip: true }] };
    const d = await loadDataset(folder({ 'deals.csv': rows, 'deals (1).csv': rows }), { overrides });
    expect(d.tables.deals).toHaveLength(1);
    expect(d.files.map((f) => Object.keys(f.warnings))).toEqual([[], ['SKIPPED_BY_CONFIG']]);
  });

  it('rows without an id (releases) are checked by content only; events are not checked row by row', async () => {
    const d = await loadDataset(
      folder({
        'releases.csv': 'feature,released_at,kind\nsso,2026-01-01,new\nsso,2026-02-01,improvement\nsso,2026-02-01,improvement\n',
        'events.csv': 'timestamp,user_id,event\n2026-01-01T00:00:00Z,U1,login\n2026-01-01T00:00:00Z,U1,login\n',
      }),
    );
    expect(d.tables.releases).toHaveLength(2);
    expect(d.issues.find((i) => i.code === 'DUPLICATE_ROW')!.message).toBe('the same row as line 3; read once');
    // Both events count (DuckDB's day summary holds them as one row standing for two).
    expect(d.tables.events.eventCount()).toBe(2);
    expect(d.tables.events.rowCount()).toBe(2);
  });

  it('a duplicated header column is reported with which one is read', async () => {
    const d = await loadDataset(folder({ 'deals.csv': 'deal_id,stage,Amount,amount\nD1,won,,5\n' }));
    expect(d.tables.deals[0]!.amount).toBe(5);
    expect(d.issues.find((i) => i.code === 'DUPLICATE_HEADER')!.message).toBe(
      'the header names "Amount" 2 times (columns 3, 4); amount is read from column 3, else from column 4 when blank',
    );
  });
});

describe('close before create', () => {
  const deal = (createdAt: string | null, closedAt: string | null) => ({ createdAt: createdAt && Date.parse(createdAt), closedAt: closedAt && Date.parse(closedAt) });
  it('is a close on a day before the creation day, not earlier the same day', () => {
    expect(closedBeforeCreated(deal('2026-03-10', '2026-03-01'))).toBe(true);
    expect(closedBeforeCreated(deal('2026-03-02T00:30:00Z', '2026-03-01T23:30:00Z'))).toBe(true);
    expect(closedBeforeCreated(deal('2026-03-01T15:00:00Z', '2026-03-01'))).toBe(false);
    expect(closedBeforeCreated(deal('2026-03-01', '2026-03-01'))).toBe(false);
    expect(closedBeforeCreated(deal(null, '2026-03-01'))).toBe(false);
    expect(closedBeforeCreated(deal('2026-03-01', null))).toBe(false);
  });
  it('is a finding on deals only, naming both dates; the row is kept', async () => {
    expect(rowFindings('deals', { ...deal('2026-03-10', '2026-03-01'), dealId: 'D1' })).toEqual([
      { code: 'CLOSE_BEFORE_CREATE', field: 'closedAt', message: 'close date 2026-03-01 is before the creation date 2026-03-10; the deal is kept, but has no sales cycle (sales-cycle-ratio excludes it)' },
    ]);
    expect(rowFindings('deals', deal('2026-03-01', '2026-03-10'))).toEqual([]);
    expect(rowFindings('users', deal('2026-03-10', '2026-03-01'))).toEqual([]);
    const d = await loadDataset(folder({ 'deals.csv': 'deal_id,stage,created_at,closed_at\nD1,won,2026-03-10,2026-03-01\n' }));
    expect(d.tables.deals).toHaveLength(1);
    expect(d.files[0]!.warnings).toEqual({ CLOSE_BEFORE_CREATE: 1 });
    expect(d.issues[0]).toMatchObject({ code: 'CLOSE_BEFORE_CREATE', line: 2, column: 'closed_at' });
  });
});

describe('placeholder numbers', () => {
  it('N/A-like cells are declared blanks, counted; an empty cell or a database NULL is not', () => {
    for (const v of ['N/A', 'n/a', 'NA', 'none', '-', '—', '–', '#N/A', ' N/A ']) expect(isDeclaredBlank(v), v).toBe(true);
    for (const v of [undefined, '', '  ', 'NULL', 'null', 'TBD', '0', 'see notes']) expect(isDeclaredBlank(v), String(v)).toBe(false);
    expect(isBlank('—')).toBe(true);
    expect(isBlank('#N/A')).toBe(true);
  });
  it('a number field reads N/A as blank with a PLACEHOLDER_NUMBER problem, TBD as BAD_NUMBER', () => {
    const read = (amount: string) => {
      const r = new RowReader({ amount });
      return { value: r.number('amount'), codes: r.problems.map((p) => p.code) };
    };
    expect(read('N/A')).toEqual({ value: null, codes: ['PLACEHOLDER_NUMBER'] });
    expect(read('—')).toEqual({ value: null, codes: ['PLACEHOLDER_NUMBER'] });
    expect(read('TBD')).toEqual({ value: null, codes: ['BAD_NUMBER'] });
    expect(read('')).toEqual({ value: null, codes: [] });
    expect(read('NULL')).toEqual({ value: null, codes: [] });
    expect(read('1,200')).toEqual({ value: 1200, codes: [] });
    const f = new RowReader({ discount: 'n/a' });
    expect(f.fraction('discount')).toBeNull();
    expect(f.problems[0]).toMatchObject({ code: 'PLACEHOLDER_NUMBER', value: 'n/a', message: 'discount "n/a" stands for no number; read as blank' });
  });
});

describe('unknownStages', () => {
  const deal = (stage: 'won' | 'lost' | 'open') => ({ stage }) as Deal;
  const files = [
    { values: { stage: [{ from: 'Signed', to: 'open', rows: 3 }, { from: 'Dead', to: 'open', rows: 1 }] } },
    { values: { stage: [{ from: 'Signed', to: 'open', rows: 2 }] } },
  ] as unknown as FileSummary[];
  it('fires when deals were read and none is won or lost, naming the stages and a value map to add', () => {
    const found = unknownStages([deal('open'), deal('open')], files)!;
    expect(found.message).toMatch(/^no deal stage means won or lost: all 2 deals read as open \(stages: "Signed" 5, "Dead" 1\)/);
    expect(found.message).toMatch(/values: \{ stage: \{ "Signed": won, "Dead": lost \} \}/);
    expect(found.reason).toMatch(/won deals cannot be told from open ones; map them in pullcheck\.config\.yaml/);
  });
  it('is silent with no deals, or with any won or lost deal', () => {
    expect(unknownStages([], files)).toBeNull();
    expect(unknownStages([deal('open'), deal('lost')], files)).toBeNull();
    expect(unknownStages([deal('won')], files)).toBeNull();
  });
  it('one stage value, or none logged, still gives a usable example', () => {
    expect(unknownStages([deal('open')], [{ values: { stage: [{ from: 'Open', to: 'open', rows: 1 }] } }] as unknown as FileSummary[])!.message).toMatch(/\{ "Open": won \}/);
    expect(unknownStages([deal('open')], [])!.message).toMatch(/stages: none/);
  });
});
