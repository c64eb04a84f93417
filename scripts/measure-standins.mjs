#!/usr/bin/env node
// @ts-check
/**
 * Stand-ins for the held-out companies of issue 13: the corpus's vendor combinations at the
 * fixture profiles' full size, exported the way real tools export (no activation date, no
 * inviter: `writeCompany`'s `bare` option), analysed with no config. Prints, per company, how
 * many of the rubric's checks were measured from the vendor files and from the same company in
 * the canonical layout (every column present), and what left the rest unmeasured.
 *
 *   npm run build && node scripts/measure-standins.mjs [--keep DIR]
 *
 * Nothing is written under the repository; `--keep DIR` leaves the generated folders there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPANIES, writeCompany } from './generate-corpus.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Events at the profiles' base size (generate-fixtures.mjs PROFILES.baseEvents): hundreds of deals. */
const FULL_EVENTS = { 'sales-led': 38_000, 'product-led': 90_000 };
const MEASURED = new Set(['pass', 'warn', 'fail']);

/** @param {string} dir */
function analyse(dir) {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/pullcheck.js'), 'analyze', dir, '--format', 'json'], { env: { ...process.env, CI: '' }, maxBuffer: 1 << 28 });
  const report = JSON.parse(out.toString());
  const checks = report.categories.flatMap((/** @type {any} */ c) => c.checks);
  return { report, checks, measured: checks.filter((/** @type {any} */ c) => MEASURED.has(c.status)) };
}

const keepAt = process.argv.indexOf('--keep');
const root = keepAt === -1 ? mkdtempSync(path.join(tmpdir(), 'pullcheck-standins-')) : path.resolve(process.argv[keepAt + 1]);
const rows = [];
for (const company of COMPANIES.filter((c) => c.product !== null)) {
  const full = { ...company, events: FULL_EVENTS[company.profile] };
  const vendorDir = path.join(root, company.name);
  const canonicalDir = path.join(root, `${company.name}-canonical`);
  await writeCompany(full, vendorDir, canonicalDir, { bare: true });
  const vendor = analyse(vendorDir);
  const canonical = analyse(canonicalDir);
  rows.push({ company, vendor, canonical });
  const missing = vendor.checks.filter((/** @type {any} */ c) => !MEASURED.has(c.status));
  process.stdout.write(`${company.name} (${company.profile}): measured ${vendor.measured.length}/${vendor.checks.length} from vendor files, ${canonical.measured.length}/${canonical.checks.length} canonical; score ${vendor.report.score ?? `range ${vendor.report.range?.join('–')}`} vs ${canonical.report.score ?? `range ${canonical.report.range?.join('–')}`}\n`);
  for (const c of missing) {
    const same = canonical.checks.find((/** @type {any} */ k) => k.id === c.id);
    process.stdout.write(`  ${c.id}: ${c.status}${same && MEASURED.has(same.status) ? ' (measured canonical)' : ''}: ${String(c.reason ?? '').slice(0, 140)}\n`);
  }
}
const share = rows.map((r) => r.vendor.measured.length / r.vendor.checks.length);
process.stdout.write(`lowest share measured: ${(Math.min(...share) * 100).toFixed(0)}% (target ≥ 80%)\n`);
if (keepAt === -1) rmSync(root, { recursive: true, force: true });
