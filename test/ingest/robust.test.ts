import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { sniffFile } from '../../src/ingest/read-csv.js';
import { normaliseCompanyName, domainOf, matchAccounts } from '../../src/ingest/match.js';
import { emptyTables } from '../../src/core/model.js';
import { deal } from '../helpers/factories.js';

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-robust-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
const RELEASES = 'feature,released_at,kind\nsso,2026-01-01,new\ncafé,2026-02-01,improvement\n';

describe('encodings and delimiters', () => {
  it.each([
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(RELEASES, 'utf8')]), 'utf-8'],
    ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(RELEASES, 'utf16le')]), 'utf-16le'],
    ['utf-16be with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(RELEASES, 'utf16le').swap16()]), 'utf-16be'],
    ['utf-16le without BOM', Buffer.from(RELEASES, 'utf16le'), 'utf-16le'],
    ['windows-1252', Buffer.from(RELEASES, 'latin1'), 'windows-1252'],
  ])('reads %s', async (_name, bytes, encoding) => {
    const dir = folder({ 'r.csv': bytes });
    expect(sniffFile(join(dir, 'r.csv')).encoding).toBe(encoding);
    const dataset = await loadDataset(dir);
    expect(dataset.tables.releases.map((r) => r.feature)).toEqual(['sso', 'café']);
    expect(dataset.files[0]!.rejected).toBe(0);
  });

  it.each([[';'], ['\t'], ['|']])('detects the %j delimiter, with CRLF and quoted multi-line cells', async (d) => {
    const text = `feature${d}released_at${d}title\r\nsso${d}2026-01-01${d}"line one\r\nline two"\r\nsearch${d}2026-02-01${d}x\r\n`;
    const dataset = await loadDataset(folder({ 'r.csv': text }));
    expect(dataset.tables.releases).toHaveLength(2);
    expect(dataset.tables.releases[0]!.title).toBe('line one\r\nline two');
  });

  it('reads a 600-column file', async () => {
    const extra = Array.from({ length: 600 }, (_, i) => `c${i}`);
    const text = `${['feature', 'released_at', ...extra].join(',')}\n${['sso', '2026-01-01', ...extra.map(() => 'x')].join(',')}\n`;
    const dataset = await loadDataset(folder({ 'wide.csv': text }));
    expect(dataset.tables.releases).toHaveLength(1);
    expect(dataset.files[0]!.unmappedColumns).toHaveLength(600);
  });
});

describe('malformed input gets a message with file and line', () => {
  it('flags bytes that are not valid in the detected encoding, with the line', async () => {
    // The first 256 KiB are plain ASCII (so UTF-8 is assumed); a Windows-1252 é comes later.
    const rows = Array.from({ length: 20_000 }, (_, i) => `f${i},2026-01-01`).join('\n');
    const dir = folder({ 'r.csv': Buffer.concat([Buffer.from(`feature,released_at\n${rows}\n`), Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(',2026-01-01\n')]) });
    const dataset = await loadDataset(dir);
    const issue = dataset.issues.find((i) => i.code === 'BAD_ENCODING')!;
    expect(issue.line).toBe(20_002);
    expect(issue.message).toMatch(/not valid utf-8.*encoding: windows-1252/);
  });

  it('explains binary files (xlsx), empty and header-only files, and unterminated quotes', async () => {
    const dir = folder({
      'a.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
      'b.csv': '',
      'c.csv': 'feature,released_at\r\n',
      'd.csv': 'feature,released_at\nsso,2026-01-01\n"open,2026-01-02\nx,2026-01-03\n',
    });
    const dataset = await loadDataset(dir);
    const by = (code: string) => dataset.issues.find((i) => i.code === code)!;
    expect(by('BINARY_FILE')).toMatchObject({ line: 1 });
    expect(by('BINARY_FILE').message).toMatch(/xlsx/);
    expect(by('EMPTY_FILE').file).toMatch(/b\.csv$/);
    expect(by('HEADER_ONLY').file).toMatch(/c\.csv$/);
    expect(by('CSV_QUOTE_NOT_CLOSED')).toMatchObject({ line: 3 });
  });

  it('an unrecognisable folder lists what was found, what is expected and a config example', async () => {
    const err = await loadDataset(folder({ 'x.csv': 'Opp,Phase\n1,Won\n' })).catch((e: Error) => e);
    expect(err.message).toMatch(/x\.csv: columns Opp, Phase/);
    expect(err.message).toMatch(/deals: deal_id, stage/);
    expect(err.message).toMatch(/columns: \{ dealId: "Opp", stage: "Phase" \}/);
  });
});

describe('date order decided per column', () => {
  it('reads D/M columns day-first and reports why; ambiguous columns say they assumed', async () => {
    const dir = folder({ 'r.csv': 'feature,released_at\na,01/02/2026\nb,13/02/2026\n', 's.csv': 'request_id,feature,created_at\n1,a,01/02/2026\n' });
    const dataset = await loadDataset(dir);
    expect(dataset.tables.releases[0]!.releasedAt).toBe(Date.UTC(2026, 1, 1));
    expect(dataset.files[0]!.formats!.releasedAt).toMatchObject({ format: 'D/M/YYYY' });
    expect(dataset.files[1]!.formats!.createdAt!.basis).toMatch(/assumed month-first/);
  });
});

describe('account matching', () => {
  it('normalises company names and domains', () => {
    expect(normaliseCompanyName('The ACME, Inc.')).toBe('acme');
    expect(normaliseCompanyName('Müller & Söhne GmbH')).toBe('muller and sohne');
    expect(domainOf('ann@Acme.com')).toBe('acme.com');
    expect(domainOf('https://www.acme.com/about')).toBe('acme.com');
    expect(domainOf('Acme Inc')).toBeNull();
    // Numbers are not domains: a top-level domain starts with a letter.
    expect(domainOf('1.5')).toBeNull();
    expect(domainOf('10.0.0.1')).toBeNull();
    expect(domainOf('acme.co.uk')).toBe('acme.co.uk');
    expect(domainOf('x-1.io')).toBe('x-1.io');
  });

  it('does not match a product id to a CRM id by the digits they share', () => {
    const t = emptyTables();
    // The CRM's deals name their account by id (CRMs often export the account's key as its name).
    t.accounts.push({ accountId: '1.0', name: 'Acme', domain: null, createdAt: null, plan: null }, { accountId: '1', name: 'Globex', domain: null, createdAt: null, plan: null });
    t.deals.push(deal({ dealId: 'd1', accountId: '1.0' }), deal({ dealId: 'd2', accountId: '1' }));
    const ev = (accountId: string) => ({ timestamp: 0, userId: null, accountId, event: 'x', feature: null });
    t.events.push(ev('10'), ev('1.5'), ev('1'));
    const m = matchAccounts(t)!;
    expect(m).toMatchObject({ productAccounts: 3, matched: { id: 1, domain: 0, name: 0 } });
    expect(t.events.map((e) => e.accountId)).toEqual(['10', '1.5', '1']);
  });

  it('matches by id, domain and name, re-keys product accounts and reports the rate', () => {
    const t = emptyTables();
    t.accounts.push({ accountId: 'A1', name: 'Acme Inc', domain: 'acme.com', createdAt: null, plan: null });
    t.accounts.push({ accountId: 'A2', name: 'Globex LLC', domain: null, createdAt: null, plan: null });
    t.accounts.push({ accountId: 'A3', name: 'Initech', domain: null, createdAt: null, plan: null });
    const ev = (accountId: string) => ({ timestamp: 0, userId: null, accountId, event: 'x', feature: null });
    t.events.push(ev('A3'), ev('bob@acme.com'), ev('GLOBEX'), ev('Hooli'));
    const m = matchAccounts(t)!;
    expect(m).toMatchObject({ productAccounts: 4, matched: { id: 1, domain: 1, name: 1 }, rate: 0.75, unmatchedExamples: { product: ['Hooli'] } });
    expect(t.events.map((e) => e.accountId)).toEqual(['A3', 'A1', 'A2', 'Hooli']);
  });
});
