import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFile, extensionOf, listFolder } from '../../src/ingest/list-files.js';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { NO_OVERRIDES } from '../../src/ingest/overrides.js';

const DEALS = 'deal_id,stage,amount\nD1,won,100\nD2,lost,50\n';

/** A temp folder with `files` (path → content; a path ending in / is an empty folder). */
function folder(files: Record<string, string | Buffer>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pullcheck-list-')));
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    if (name.endsWith('/')) {
      mkdirSync(path, { recursive: true });
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

const fates = (dir: string): Record<string, string> =>
  Object.fromEntries(listFolder(dir).entries.map((e) => [e.rel, e.format ? `${e.format}${e.compression ? `+${e.compression}` : ''}` : `skipped: ${e.skipped}`]));

describe('extensionOf / classifyFile', () => {
  it('reads the extension under .gz', () => {
    expect(extensionOf('deals.csv.gz')).toEqual({ ext: 'csv', gzip: true });
    expect(extensionOf('Deals.CSV')).toEqual({ ext: 'csv', gzip: false });
    expect(extensionOf('backup.gz')).toEqual({ ext: 'gz', gzip: false });
    expect(extensionOf('README')).toEqual({ ext: '', gzip: false });
  });

  it('says what to do with spreadsheets and archives it does not read', () => {
    expect(classifyFile('/x/a.xls', 'a.xls').skipped).toMatch(/\.xls workbook.*CSV UTF-8/);
    expect(classifyFile('/x/a.ods', 'a.ods').skipped).toMatch(/OpenDocument.*CSV/);
    expect(classifyFile('/x/a.zip', 'a.zip').skipped).toMatch(/unzip it/);
    expect(classifyFile('/x/a.pdf', 'a.pdf').skipped).toMatch(/not a data file \(\.pdf\)/);
    expect(classifyFile('/x/a.xlsx', 'a.xlsx').format).toBe('xlsx');
    expect(classifyFile('/x/a.parquet', 'a.parquet')).toMatchObject({ format: 'parquet', compression: null, skipped: null });
    expect(classifyFile('/x/a.parquet.gz', 'a.parquet.gz')).toMatchObject({ format: null, skipped: expect.stringMatching(/^a gzip file of something other than/) });
    expect(classifyFile('/x/a.jsonl.gz', 'a.jsonl.gz')).toMatchObject({ format: 'json', compression: 'gzip' });
  });
});

describe('listFolder', () => {
  it('walks subfolders in path order and accounts for every entry', () => {
    const dir = folder({
      'crm/deals.csv': DEALS,
      'crm/notes/README.md': '# notes',
      'product/events.jsonl.gz': Buffer.alloc(0),
      'accounts.csv': 'account_id\nA1\n',
      'Summary.xlsx': Buffer.alloc(0),
      'old.xls': Buffer.alloc(0),
      'picture.png': Buffer.alloc(0),
      'empty/': '',
    });
    expect(fates(dir)).toEqual({
      'Summary.xlsx': 'xlsx',
      'accounts.csv': 'delimited',
      'crm/deals.csv': 'delimited',
      'crm/notes/README.md': expect.stringMatching(/^skipped: not a data file \(\.md\)/),
      'old.xls': expect.stringMatching(/^skipped: an Excel 97-2003/),
      'picture.png': expect.stringMatching(/^skipped: not a data file \(\.png\)/),
      'product/events.jsonl.gz': 'json+gzip',
    });
  });

  it('skips hidden entries, node_modules and the config file, saying so, without looking into them', () => {
    const dir = folder({
      '.git/objects/a.csv': DEALS,
      '.DS_Store': 'x',
      '.pullcheck/baseline.json': '{}',
      'node_modules/x/deals.csv': DEALS,
      'pullcheck.config.yaml': 'files: []\n',
      'deals.csv': DEALS,
    });
    expect(fates(dir)).toEqual({
      '.DS_Store': 'skipped: a hidden file',
      '.git/': 'skipped: a hidden folder (not looked into)',
      '.pullcheck/': 'skipped: a hidden folder (not looked into)',
      'deals.csv': 'delimited',
      'node_modules/': 'skipped: a node_modules folder (not looked into)',
      'pullcheck.config.yaml': expect.stringMatching(/^skipped: pullcheck's config file/),
    });
  });

  it("recognises pullcheck's own outputs by their content, whatever they are called", () => {
    const dir = folder({
      'report.json': JSON.stringify({ schemaVersion: 1, tool: { name: 'pullcheck', version: '0.1.0' }, score: 50 }, null, 2),
      'report-v2.json': JSON.stringify({ schemaVersion: 2, tool: { name: 'pullcheck', version: '0.1.0' }, score: 50 }, null, 2),
      'gate.json': JSON.stringify({ kind: 'pullcheck-gate', schemaVersion: 1, report: { schemaVersion: 2, tool: { name: 'pullcheck', version: '0.1.0' } }, passed: true }, null, 2),
      'base.json': JSON.stringify({ baselineVersion: 1, tool: { name: 'pullcheck', version: '0.1.0' } }),
      'report.md': '<!-- pullcheck -->\n## pullcheck: PASS\n',
      'report.txt': 'pullcheck 0.1.0 · data · as of 2026-01-01 · rubric default v1\n\n  Score 50 / 100\n',
      'junit.xml': '<?xml version="1.0"?>\n<testsuites name="pullcheck" tests="3">\n',
      'answers.yaml': '# pullcheck survey answers (format: docs/survey.md).\nversion: 1\n',
      'other.json': '[{"deal_id":"D1","stage":"won"}]',
      'Account-Contact-plan.json': '[\n  {\n    "sobject": "Account",\n    "saveRefs": true,\n    "files": ["Accounts.json"]\n  }\n]\n',
    });
    const f = fates(dir);
    expect(f['report.json']).toMatch(/a pullcheck report \(JSON\)/);
    expect(f['report-v2.json']).toMatch(/a pullcheck report \(JSON\)/);
    expect(f['gate.json']).toMatch(/a pullcheck CI gate result/);
    expect(f['base.json']).toMatch(/a pullcheck baseline/);
    expect(f['report.md']).toMatch(/a pullcheck report \(Markdown\)/);
    expect(f['report.txt']).toMatch(/a pullcheck report \(text\)/);
    expect(f['junit.xml']).toMatch(/a pullcheck JUnit report/);
    expect(f['answers.yaml']).toMatch(/survey answers/);
    expect(f['other.json']).toBe('json');
    expect(f['Account-Contact-plan.json']).toMatch(/a Salesforce data tree plan/);
  });

  it('stops at the file limit and says so', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`f${String(i).padStart(2, '0')}.csv`] = DEALS;
    const listing = listFolder(folder(files), { maxFiles: 5 });
    expect(listing.truncated).toBe(true);
    expect(listing.entries.map((e) => e.rel)).toEqual(['f00.csv', 'f01.csv', 'f02.csv', 'f03.csv', 'f04.csv']);
    expect(listFolder(folder(files), { maxFiles: 12 }).truncated).toBe(false);
  });

  it('follows links inside the folder, warns about links that leave it, and stays harmless on loops', () => {
    const outside = folder({ 'shared-deals.csv': DEALS });
    const dir = folder({ 'crm/deals.csv': DEALS });
    symlinkSync(join(outside, 'shared-deals.csv'), join(dir, 'linked.csv'));
    symlinkSync(join(dir, 'crm/deals.csv'), join(dir, 'another-name.csv')); // the same file twice
    symlinkSync(dir, join(dir, 'crm/loop')); // a folder that contains itself
    symlinkSync(join(dir, 'nowhere.csv'), join(dir, 'broken.csv'));
    symlinkSync(join(dir, 'self-a'), join(dir, 'self-b'));
    symlinkSync(join(dir, 'self-b'), join(dir, 'self-a'));
    const { entries } = listFolder(dir);
    const by = (rel: string) => entries.find((e) => e.rel === rel)!;
    expect(by('linked.csv')).toMatchObject({ format: 'delimited', warning: { code: 'SYMLINK_OUTSIDE' } });
    expect(by('linked.csv').warning!.message).toContain(join(outside, 'shared-deals.csv'));
    expect(by('crm/deals.csv').format).toBe('delimited');
    expect(by('another-name.csv')).toMatchObject({ format: null, skipped: 'the same file as crm/deals.csv (already read)' });
    expect(by('crm/loop/').skipped).toMatch(/a folder already read/);
    expect(by('broken.csv')).toMatchObject({ format: null, warning: { code: 'BAD_SYMLINK' } });
    expect(by('self-a').skipped).toMatch(/loops/);
  });

  it('skips a FIFO with a warning and never opens it (a read would wait forever)', async () => {
    const dir = folder({ 'deals.csv': DEALS });
    execFileSync('mkfifo', [join(dir, 'pipe.csv')]);
    const entry = listFolder(dir).entries.find((e) => e.rel === 'pipe.csv')!;
    expect(entry).toMatchObject({ format: null, warning: { code: 'NOT_A_REGULAR_FILE' } });
    expect(entry.skipped).toMatch(/named pipe \(FIFO\)/);
    const dataset = await loadDataset(dir); // would hang if the FIFO were opened
    expect(dataset.tables.deals).toHaveLength(2);
    expect(dataset.files.find((f) => f.path.endsWith('pipe.csv'))).toMatchObject({ status: 'skipped', warnings: { NOT_A_REGULAR_FILE: 1 } });
  });
});

describe('loadDataset accounts for every file', () => {
  it('lists read and skipped files in path order, reads subfolders, and reports the file limit', async () => {
    const dir = folder({ 'crm/deals.csv': DEALS, 'notes.md': '# x', 'z.csv': 'a,b\n1,2\n' });
    const dataset = await loadDataset(dir, { limits: { maxFiles: 100, maxDecompressedBytes: 1e9 } });
    expect(dataset.files.map((f) => [f.path.slice(dir.length + 1), f.status, f.table])).toEqual([
      ['crm/deals.csv', 'read', 'deals'],
      ['notes.md', 'skipped', null],
      ['z.csv', 'skipped', null],
    ]);
    expect(dataset.files[2]!.reason).toMatch(/header not recognised/);
    const limited = await loadDataset(dir, { limits: { maxFiles: 1, maxDecompressedBytes: 1e9 } });
    expect(limited.issues.find((i) => i.code === 'TOO_MANY_FILES')?.message).toMatch(/more than 1 files/);
  });

  it('reads a file of no known kind when a config entry names it exactly (not through a glob)', async () => {
    const dir = folder({ 'export.dat': DEALS, 'notes.md': 'deal_id,stage\nX,won\n' });
    const overrides = { ...NO_OVERRIDES, files: [{ match: 'export.dat', table: 'deals' as const }, { match: '*.md' }] };
    const dataset = await loadDataset(dir, { overrides });
    expect(dataset.files[0]).toMatchObject({ status: 'read', table: 'deals', notes: ['read as delimited text because the config file names it'] });
    expect(dataset.files[1]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^not a data file \(\.md\)/) });
    expect(dataset.tables.deals).toHaveLength(2);
  });

  it('a folder without data files names what it found', async () => {
    const err = await loadDataset(folder({ 'README.md': '# x', 'a.xls': 'x' })).catch((e: Error) => e);
    expect(err.message).toMatch(/no data files in .*Found:\n {2}README.md: not a data file \(\.md\)/s);
    expect(err.message).toMatch(/a\.xls: an Excel 97-2003/);
  });
});
