/**
 * Variants of a bundled sample company for the CI tests, written to a temp folder: the same
 * company made clearly more sales-driven, and the same company with a small seeded random
 * perturbation. They start from whatever fixtures/<name> holds, so they do not depend on exact
 * fixture scores.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { mulberry32 } from '../../src/stats/stats.js';
import { ROOT } from './run-cli.js';

export function tempDir(prefix = 'pullcheck-ci-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A copy of fixtures/<name> in a new temp folder. */
export function copyFixture(name: string): string {
  const dir = tempDir();
  cpSync(join(ROOT, 'fixtures', name), dir, { recursive: true });
  return dir;
}

type Rows = string[][];

export function readCsv(file: string): Rows {
  return parse(readFileSync(file, 'utf8'), { relax_column_count: true }) as Rows;
}

export function writeCsv(file: string, rows: Rows): void {
  const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  writeFileSync(file, `${rows.map((r) => r.map(cell).join(',')).join('\n')}\n`);
}

/**
 * The same company, clearly more sales-driven: every deal sourced by outbound sales and closed
 * at a 30% discount off list price.
 */
export function makeSalesDriven(dir: string): void {
  const file = join(dir, 'deals.csv');
  const [header, ...rows] = readCsv(file);
  const col = (name: string): number => header!.indexOf(name);
  const source = col('source');
  const discount = col('discount');
  const amount = col('amount');
  const list = col('list_amount');
  for (const row of rows) {
    if (source >= 0) row[source] = 'outbound';
    if (discount >= 0) row[discount] = '0.3';
    if (amount >= 0 && list >= 0 && row[list] && Number(row[list]) > 0) row[amount] = String(Math.round(Number(row[list]) * 0.7));
  }
  writeCsv(file, [header!, ...rows]);
}

/**
 * The same company with a small random perturbation: each data row of every table except
 * accounts and releases is dropped with probability `share`, from a seeded PRNG.
 */
export function perturb(dir: string, seed: number, share = 0.03): void {
  const rand = mulberry32(seed);
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    if (name === 'accounts.csv' || name === 'releases.csv') continue;
    const file = join(dir, name);
    const [header, ...rows] = readCsv(file);
    writeCsv(file, [header!, ...rows.filter(() => rand() >= share)]);
  }
}
