/**
 * Delimited files as users export them, read through the built CLI: UTF-16 with a byte-order mark
 * and tabs, Windows-1252 with semicolons, gzip, CR LF, quoted multi-line cells, an unclosed quote,
 * ragged rows and bytes that are not valid UTF-8. Rows are counted, problems come with file and
 * line, nothing is dropped silently, and no stack trace is printed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

interface FileEntry { path: string; table: string; rows: number; rejected: number; encoding: string; delimiter: string; warnings: Record<string, number> }
interface Issue { code: string; file: string; line: number; message: string }

const RELEASE_FILLER = 6_000;
const tiny = (name: string): string => readFileSync(join(ROOT, 'fixtures/tiny', name), 'utf8');

function company(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-delimited-'));
  // Deals: UTF-16LE with a BOM, tabs, CR LF; a deal name over two lines; a last record whose
  // quote is never closed.
  const deals = tiny('deals.csv').trimEnd().split('\n').map((l) => l.split(',').join('\t'));
  deals[1] = deals[1]!.replace('Acme – annual', '"Acme –\r\nannual"');
  const dealsText = `${deals.join('\r\n')}\r\nD9\tA1\t"never closed\t100\twon\r\n`;
  writeFileSync(join(dir, 'deals.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(dealsText, 'utf16le')]));
  // Users: Windows-1252, semicolons; one row ragged (a cell missing).
  const users = tiny('users.csv').trimEnd().split('\n').map((l) => l.split(',').join(';'));
  users[1] = users[1]!.replace('Data Analyst', 'Responsable données');
  users.push('U9;A2;2026-03-05;2026-03-06');
  writeFileSync(join(dir, 'users.csv'), Buffer.from(`${users.join('\n')}\n`, 'latin1'));
  // Activities: gzip.
  writeFileSync(join(dir, 'activities.csv.gz'), gzipSync(tiny('activities.csv')));
  // Releases: UTF-8 (the encoding is decided on the first 256 KB), then one byte that is not (a
  // Windows-1252 é) on line RELEASE_FILLER + 3.
  const releases = tiny('releases.csv').split('\n');
  const filler = Array.from({ length: RELEASE_FILLER }, (_, k) => `feature-${k},2025-06-01,improvement,Filler ${k}\n`).join('');
  writeFileSync(join(dir, 'releases.csv'), Buffer.concat([
    Buffer.from(`${releases.slice(0, 2).join('\n')}\n${filler}`, 'utf8'),
    Buffer.from([0x63, 0x61, 0x66, 0xe9]),
    Buffer.from(`,2026-03-01,new,Caf\n${releases.slice(2).join('\n')}`, 'utf8'),
  ]));
  writeFileSync(join(dir, 'events.csv'), tiny('events.csv'));
  return dir;
}

describe('delimited files in every shape pullcheck reads', () => {
  const dir = company();
  const json = runCli(['analyze', dir, '--format', 'json']);
  const report = JSON.parse(json.stdout) as { inputs: { files: FileEntry[] }; warnings: Issue[] };
  const file = (name: string): FileEntry => report.inputs.files.find((f) => f.path.endsWith(name))!;
  const issues = (name: string, code: string): Issue[] => report.warnings.filter((w) => w.file.endsWith(name) && w.code === code);

  it('exits 0 with every file read, its encoding and delimiter said', () => {
    expect(json.code).toBe(0);
    expect(json.stderr).not.toMatch(/\n\s+at /);
    expect(file('deals.csv')).toMatchObject({ table: 'deals', encoding: 'utf-16le (BOM)', delimiter: 'tab' });
    expect(file('users.csv')).toMatchObject({ table: 'users', encoding: 'windows-1252', delimiter: ';' });
    expect(file('activities.csv.gz')).toMatchObject({ table: 'activities', rows: tiny('activities.csv').trimEnd().split('\n').length - 1, rejected: 0 });
    expect(file('releases.csv')).toMatchObject({ table: 'releases', encoding: 'utf-8' });
  });

  it('counts the unclosed quote as a rejected row at the line where it opens, and reads the multi-line cell', () => {
    const dealRows = tiny('deals.csv').trimEnd().split('\n').length - 1;
    expect(file('deals.csv')).toMatchObject({ rows: dealRows + 1, rejected: 1 });
    // The header, the deals (the first over two lines), then the unclosed one; csv-parse counts a
    // CR LF inside quotes as two lines (as the splitter did), so it is said to open one line later.
    const opens = 1 + dealRows + 1 + 1 + 1;
    expect(issues('deals.csv', 'CSV_QUOTE_NOT_CLOSED')).toEqual([
      expect.objectContaining({ line: opens, message: `a quoted cell is never closed (the quote opens here and runs to line ${opens + 1}, the end of the file)` }),
    ]);
  });

  it('warns of the ragged row and the invalid byte with their lines, and reads both rows', () => {
    const userRows = tiny('users.csv').trimEnd().split('\n').length;
    expect(file('users.csv')).toMatchObject({ rows: userRows, rejected: 0 });
    expect(issues('users.csv', 'RAGGED_ROW')).toEqual([expect.objectContaining({ line: userRows + 1 })]);
    expect(issues('releases.csv', 'BAD_ENCODING')).toEqual([expect.objectContaining({ line: RELEASE_FILLER + 3, message: expect.stringMatching(/not valid utf-8.*encoding: windows-1252/) })]);
    expect(file('releases.csv')).toMatchObject({ rows: tiny('releases.csv').trimEnd().split('\n').length + RELEASE_FILLER, rejected: 0 });
  });

  it('prints the same places in the text report', () => {
    const text = runCli(['analyze', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/deals\.csv:\d+: a quoted cell is never closed/);
    expect(text.stderr).not.toMatch(/\n\s+at /);
  });
});
