/**
 * The sample companies with one join broken at a time (every value of a reference column prefixed
 * with `X`, so it names nothing), end to end with the built CLI: each check that rests on that
 * join says insufficient data naming the link, never a score measured on what did not join
 * (docs/data-model.md, "Link floors"). These are the severe cases of stop 23's audit, where a check
 * fell to 0 or rose to 1 (or flipped pass/fail) on a join that had failed entirely.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROOT, analyzeJson } from './run-cli.js';
import { checkOf, type ReportView } from './report-view.js';

const cell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** A copy of fixtures/<fixture> with every non-blank value of table.column (each) prefixed by X. */
function broken(fixture: string, breaks: Array<[table: string, column: string]>): string {
  const dir = mkdtempSync(join(tmpdir(), `pullcheck-failed-join-${fixture}-`));
  cpSync(join(ROOT, 'fixtures', fixture), dir, { recursive: true });
  for (const table of new Set(breaks.map(([t]) => t))) {
    const file = join(dir, `${table}.csv`);
    const [header, ...rows] = parse(readFileSync(file, 'utf8')) as string[][];
    const columns = breaks.filter(([t]) => t === table).map(([, c]) => header!.indexOf(c));
    expect(columns.every((c) => c >= 0), `${table} has the columns`).toBe(true);
    for (const row of rows) for (const c of columns) if (row[c]) row[c] = `X${row[c]}`;
    writeFileSync(file, [header!, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n');
  }
  return dir;
}

const CASES: Array<{ fixture: string; breaks: Array<[string, string]>; link: string; checks: string[] }> = [
  { fixture: 'sales-led', breaks: [['deals', 'account_id']], link: 'deal→account', checks: ['post-close-shelfware-rate', 'promised-feature-adoption'] },
  { fixture: 'product-led', breaks: [['deals', 'account_id']], link: 'deal→account', checks: ['post-close-shelfware-rate', 'free-to-paid-conversion-90d'] },
  { fixture: 'sales-led', breaks: [['activities', 'deal_id']], link: 'activity→deal', checks: ['touches-per-won-deal-small', 'touches-per-won-deal-mid', 'self-serve-won-share'] },
  { fixture: 'sales-led', breaks: [['activities', 'deal_id'], ['activities', 'account_id'], ['activities', 'contact_id']], link: 'activity→account', checks: ['unassisted-activation-rate'] },
  { fixture: 'product-led', breaks: [['events', 'account_id']], link: 'event→account', checks: ['buyer-user-role-overlap', 'post-close-shelfware-rate'] },
  { fixture: 'product-led', breaks: [['releases', 'feature']], link: 'release→feature', checks: ['unused-feature-share', 'new-feature-core-entry-rate'] },
  { fixture: 'sales-led', breaks: [['releases', 'feature']], link: 'request→release', checks: ['sales-requested-release-share'] },
];

describe('a join broken entirely is insufficient data, never a score (sample companies, built CLI)', () => {
  for (const { fixture, breaks, link, checks } of CASES) {
    it(`${fixture} with ${breaks.map(([t, c]) => `${t}.${c}`).join(' + ')} naming nothing: ${checks.join(', ')} name ${link}`, () => {
      const report = JSON.parse(analyzeJson(broken(fixture, breaks))) as ReportView;
      for (const id of checks) {
        const check = checkOf(report, id);
        expect({ id, status: check.status }).toEqual({ id, status: 'insufficient-data' });
        expect(check.reason, id).toContain(link);
      }
    });
  }
});
