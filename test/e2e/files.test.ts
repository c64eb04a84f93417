/**
 * Which files the built CLI reads, as a user sees it: every entry of the folder in `inspect`
 * (text and JSON) and in the report, with what was done with it and why; the other file forms
 * (.csv.gz, JSON arrays, JSON lines .gz, .xlsx, subfolders) giving the same checks as the CSV
 * fixture they were made from (scripts/files-fixture.mjs); FIFOs and links out of the folder;
 * the file-count and decompressed-size limits.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { reportWorkersOption, runCli } from './run-cli.js';

const MIXED = 'fixtures/files/mixed';
const NO_CI = { CI: '' };

interface InspectFile {
  path: string;
  status: string;
  reason?: string;
  table: string | null;
  rows: number;
  notes?: string[];
  warnings: Record<string, number>;
}

function inspectJson(dir: string, env: Record<string, string> = NO_CI): { files: InspectFile[] } {
  const run = runCli(['inspect', dir, '--format', 'json'], { env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as { files: InspectFile[] };
}

function tempCopy(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pullcheck-files-')));
  cpSync(MIXED, dir, { recursive: true });
  return dir;
}

describe('every file of the folder is accounted for', () => {
  it('inspect --format json gives each entry its fate, in path order', () => {
    const fates = inspectJson(MIXED).files.map((f) => [f.path.slice(MIXED.length + 1), f.status, f.table ?? f.reason]);
    expect(fates).toEqual([
      ['.DS_Store', 'skipped', 'a hidden file'],
      ['.pullcheck/', 'skipped', 'a hidden folder (not looked into)'],
      ['README.md', 'skipped', expect.stringMatching(/^not a data file \(\.md\)/)],
      ['crm/activities.json', 'read', 'activities'],
      ['crm/deals.csv.gz', 'read', 'deals'],
      ['exports-archive/2025.zip', 'skipped', expect.stringMatching(/^a zip archive: unzip it/)],
      ['exports-archive/old-deals.xls', 'skipped', expect.stringMatching(/^an Excel 97-2003 \.xls workbook.*CSV UTF-8/)],
      ['product/events.jsonl.gz', 'read', 'events'],
      ['product/users.xlsx', 'read', 'users'],
      ['releases.csv', 'read', 'releases'],
      ['report.json', 'skipped', 'a pullcheck report (JSON), not an export'],
    ]);
    const users = inspectJson(MIXED).files.find((f) => f.path.endsWith('users.xlsx'))!;
    expect(users.notes).toEqual(['only the first sheet ("Users") was read; not read: "Notes"']);
  });

  it('inspect and the terminal report say it in words', () => {
    const inspect = runCli(['inspect', MIXED], { env: NO_CI });
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toContain(`${MIXED}/report.json\n  skipped   a pullcheck report (JSON), not an export`);
    expect(inspect.stdout).toContain('  read as   utf-8, JSON array; 5 rows, 0 rejected');
    expect(inspect.stdout).toContain('  note      gzip-compressed, decompressed while read');
    const analyze = runCli(['analyze', MIXED], { env: NO_CI });
    expect(analyze.code).toBe(0);
    expect(analyze.stdout).toContain(`  ${MIXED}/.pullcheck/: skipped — a hidden folder (not looked into)`);
    expect(analyze.stdout).toContain(`  ${MIXED}/product/users.xlsx: users, 3 rows`);
  });

  it('the other file forms give the same checks as the CSV files they were made from', () => {
    const report = (dir: string) => JSON.parse(runCli(['analyze', dir, '--format', 'json'], { env: NO_CI }).stdout) as Record<string, unknown> & { inputs: { tables: unknown } };
    const mixed = report(MIXED);
    const tiny = report('fixtures/tiny');
    expect(mixed.categories).toEqual(tiny.categories);
    expect(mixed.score).toEqual(tiny.score);
    expect(mixed.inputs.tables).toEqual(tiny.inputs.tables);
  });

  it('a FIFO is skipped with a warning and never waited on; a link out of the folder is read, naming its target', () => {
    const dir = tempCopy();
    execFileSync('mkfifo', [join(dir, 'stream.csv')]);
    const outside = realpathSync(mkdtempSync(join(tmpdir(), 'pullcheck-outside-')));
    writeFileSync(join(outside, 'extra-releases.csv'), 'feature,released_at,kind\nexports,2026-04-01,new\n');
    symlinkSync(join(outside, 'extra-releases.csv'), join(dir, 'extra-releases.csv'));
    symlinkSync(dir, join(dir, 'crm', 'loop'));
    const run = runCli(['analyze', dir, '--format', 'json'], { env: NO_CI });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { inputs: { files: InspectFile[] }; warnings: Array<{ code: string; file: string; message: string }> };
    const file = (name: string) => report.inputs.files.find((f) => f.path === join(dir, name))!;
    expect(file('stream.csv')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/named pipe \(FIFO\)/) });
    expect(file('extra-releases.csv')).toMatchObject({ status: 'read', table: 'releases', rows: 1 });
    expect(file('crm/loop/')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/already read/) });
    const warning = report.warnings.find((w) => w.code === 'SYMLINK_OUTSIDE')!;
    expect(warning.message).toContain(join(outside, 'extra-releases.csv'));
    expect(report.warnings.map((w) => w.code)).toContain('NOT_A_REGULAR_FILE');
  });

  it('the file-count limit and the decompressed-size limit end with warnings, not a crash', () => {
    const limited = runCli(['analyze', MIXED, '--format', 'json'], { env: { ...NO_CI, PULLCHECK_MAX_FILES: '6' } });
    expect(limited.code).toBe(0);
    const warnings = (JSON.parse(limited.stdout) as { warnings: Array<{ code: string; message: string }> }).warnings;
    expect(warnings.find((w) => w.code === 'TOO_MANY_FILES')?.message).toMatch(/more than 6 files and folders; only the first 6/);

    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pullcheck-bomb-')));
    const rows = Array.from({ length: 200_000 }, (_, i) => `2026-05-01T10:00:00Z,U${i % 50},A1,login,`).join('\n');
    writeFileSync(join(dir, 'events.csv.gz'), gzipSync(`timestamp,user_id,account_id,event,feature\n${rows}\n`));
    const bomb = runCli(['inspect', dir, '--format', 'json'], { env: { ...NO_CI, PULLCHECK_MAX_DECOMPRESSED_BYTES: '100000' } });
    expect(bomb.code).toBe(0);
    const events = (JSON.parse(bomb.stdout) as { files: InspectFile[] }).files[0]!;
    expect(events.warnings.DECOMPRESSED_LIMIT).toBe(1);
    expect(events.rows).toBeLessThan(3_000);
  });

  it('a compressed events file gives the result of the plain file (both read by DuckDB into day summaries)', () => {
    const rows = Array.from({ length: 20_000 }, (_, k) => `2026-0${1 + (k % 6)}-${String(1 + (k % 28)).padStart(2, '0')}T10:00:00Z,user-${k % 300},acct-${k % 40},${['login', 'feature_used'][k % 2]},${k % 2 ? `f-${k % 9}` : ''}`);
    const text = `timestamp,user_id,account_id,event,feature\n${rows.join('\n')}\n`;
    const users = `user_id,account_id,signup_at,title\n${Array.from({ length: 300 }, (_, u) => `user-${u},acct-${u % 40},2025-12-01,Analyst`).join('\n')}\n`;
    const plain = realpathSync(mkdtempSync(join(tmpdir(), 'pullcheck-plain-')));
    writeFileSync(join(plain, 'events.csv'), text);
    writeFileSync(join(plain, 'users.csv'), users);
    const zipped = realpathSync(mkdtempSync(join(tmpdir(), 'pullcheck-gz-')));
    writeFileSync(join(zipped, 'events.csv.gz'), gzipSync(text));
    writeFileSync(join(zipped, 'users.csv'), users);
    const env = { ...NO_CI, PULLCHECK_SPLIT_MIN_BYTES: '1', PULLCHECK_READ_THREADS: '2', PULLCHECK_SCAN_THREAD_MIN_BYTES: '1', NODE_OPTIONS: reportWorkersOption() };
    const one = runCli(['analyze', plain, '--format', 'json', '--as-of', '2026-06-30'], { env });
    const gz = runCli(['analyze', zipped, '--format', 'json', '--as-of', '2026-06-30'], { env });
    // DuckDB read both (no split-read worker); the byte scan of each ran on its own thread.
    for (const run of [one, gz]) {
      expect(run.stderr).not.toContain('[worker started events-worker.js]');
      expect(run.stderr).toContain('[worker started data-lines-worker.js]');
    }
    expect(gz.code).toBe(0);
    const a = JSON.parse(one.stdout) as { categories: unknown; inputs: { tables: unknown } };
    const b = JSON.parse(gz.stdout) as typeof a;
    expect(b.categories).toEqual(a.categories);
    expect(b.inputs.tables).toEqual(a.inputs.tables);
  });

  it('the terminal report sums up many skipped files per reason; JSON lists each', () => {
    const dir = tempCopy();
    for (let i = 0; i < 25; i++) writeFileSync(join(dir, `shot-${String(i).padStart(2, '0')}.png`), 'x');
    const text = runCli(['analyze', dir], { env: NO_CI });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`  25 skipped — not a data file (.png); pullcheck reads .csv, .tsv, .txt, .json, .jsonl (and their .gz), .xlsx and .parquet: ${dir}/shot-00.png, …`);
    expect(text.stdout).not.toContain('shot-01.png');
    const json = JSON.parse(runCli(['analyze', dir, '--format', 'json'], { env: NO_CI }).stdout) as { inputs: { files: InspectFile[] } };
    expect(json.inputs.files.filter((f) => f.path.endsWith('.png'))).toHaveLength(25);
  });

  it('a folder with no data file exits 2 naming what it found', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'pullcheck-none-')));
    writeFileSync(join(dir, 'notes.pdf'), '%PDF-1.4');
    const run = runCli(['analyze', dir], { env: NO_CI });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no data files in .*Found:\n {2}notes\.pdf: not a data file \(\.pdf\)/s);
  });
});
