#!/usr/bin/env node
// Writes fixtures/files/mixed: the rows of fixtures/tiny in the other file forms pullcheck reads
// (a .csv.gz, a JSON array, gzip-compressed JSON lines, an .xlsx workbook with a second sheet,
// subfolders), beside entries it must list as skipped (README, hidden files and folders, its own
// JSON report, an .xls, a .zip). test/e2e/files.test.ts checks that every file's fate is shown
// and that the report's checks equal those of fixtures/tiny. Run: node scripts/files-fixture.mjs
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';

const root = fileURLToPath(new URL('..', import.meta.url));
const tiny = join(root, 'fixtures/tiny');
const out = join(root, 'fixtures/files/mixed');

/** A small CSV (no quoted cells in fixtures/tiny) as objects of strings. */
function rows(name) {
  const [header, ...lines] = readFileSync(join(tiny, name), 'utf8').trim().split('\n');
  const keys = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i], v])));
}

rmSync(out, { recursive: true, force: true });
for (const dir of ['crm', 'product', '.pullcheck', 'exports-archive']) mkdirSync(join(out, dir), { recursive: true });

writeFileSync(join(out, 'crm/deals.csv.gz'), gzipSync(readFileSync(join(tiny, 'deals.csv'))));
writeFileSync(join(out, 'crm/activities.json'), `${JSON.stringify(rows('activities.csv'), null, 2)}\n`);
writeFileSync(join(out, 'product/events.jsonl.gz'), gzipSync(rows('events.csv').map((r) => JSON.stringify(r)).join('\n') + '\n'));
copyFileSync(join(tiny, 'releases.csv'), join(out, 'releases.csv'));

const book = new ExcelJS.Workbook();
book.created = book.modified = new Date(Date.UTC(2026, 5, 30));
const users = book.addWorksheet('Users');
const userRows = rows('users.csv');
users.addRow(Object.keys(userRows[0]));
const date = (v) => (v ? new Date(`${v}T00:00:00Z`) : null);
for (const u of userRows) users.addRow([u.user_id, u.account_id, date(u.signup_at), date(u.activated_at), u.title, u.invited_by || null]);
users.getColumn(3).numFmt = 'yyyy-mm-dd';
users.getColumn(4).numFmt = 'yyyy-mm-dd';
book.addWorksheet('Notes').addRow(['exported by hand']);
await book.xlsx.writeFile(join(out, 'product/users.xlsx'));

writeFileSync(join(out, 'README.md'), '# Exports of 2026-06-30\n\nCRM and product exports, for pullcheck.\n');
writeFileSync(join(out, '.DS_Store'), Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
writeFileSync(join(out, '.pullcheck/baseline.json'), '{"baselineVersion": 1}\n');
writeFileSync(join(out, 'report.json'), `${JSON.stringify({ schemaVersion: 1, tool: { name: 'pullcheck', version: '0.1.0' }, score: 61 }, null, 2)}\n`);
writeFileSync(join(out, 'exports-archive/old-deals.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
writeFileSync(join(out, 'exports-archive/2025.zip'), Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]));
console.log(`written ${out}`);
