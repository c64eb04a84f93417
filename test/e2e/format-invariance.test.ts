/**
 * The same export in another file format gives the same checks, through the built CLI: each
 * corpus company's events (PostHog with a JSON properties cell, Amplitude with JSON columns,
 * Segment tracks) written as JSON lines, as a JSON array, gzipped, and as Parquet, against the
 * company's CSV. Where the DuckDB-against-row-by-row tests compare two readings of one file, this
 * compares formats, so a rule both paths lose in one format (a column not read past the format
 * sample, say) shows.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';
import { csvRowObjects } from '../helpers/csv-objects.js';

interface Report {
  categories: Array<{ checks: Array<{ id: string; status: string; value: unknown; n: number }> }>;
  inputs: {
    files: Array<{ table: string | null; rows: number; rejected: number; excluded?: unknown; warnings: unknown }>;
    tables: unknown;
    derived: unknown;
    identity: unknown;
  };
}

/** What a format must not change: each check's status, value and sample size, the events file's accounting, what was derived from the events. */
function checks(dir: string): string[] {
  const run = runCli(['analyze', dir, '--format', 'json', '-q'], { env: { CI: '' } });
  expect(run.code, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as Report;
  const events = report.inputs.files.find((f) => f.table === 'events')!;
  return [
    ...report.categories.flatMap((c) => c.checks.map((k) => `${k.id} ${k.status} ${JSON.stringify(k.value)} n=${k.n}`)),
    `events rows=${events.rows} rejected=${events.rejected} excluded=${JSON.stringify(events.excluded ?? {})} warnings=${JSON.stringify(events.warnings)}`,
    `tables ${JSON.stringify(report.inputs.tables)}`,
    `derived ${JSON.stringify(report.inputs.derived)}`,
    `identity ${JSON.stringify(report.inputs.identity)}`,
  ];
}

/** The company's folder with its events file replaced by `name`, written by `write(path)`. */
async function companyWith(source: string, events: string, name: string, write: (path: string) => void | Promise<void>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-format-'));
  for (const f of readdirSync(source)) if (f !== events) copyFileSync(join(source, f), join(dir, f));
  await write(join(dir, name));
  return dir;
}

const corpus: Array<[string, string]> = [
  ['hubspot-posthog', 'posthog-events-export.csv'],
  ['pipedrive-amplitude', 'amplitude-export-2026-06-30.csv'],
  ['sfapi-segment', 'tracks.csv'],
];

describe('one export, any file format: the same checks', () => {
  for (const [company, events] of corpus) {
    it(`${company}: JSON lines, a JSON array, gzip and Parquet give the CSV's checks`, async () => {
      const source = join(ROOT, 'fixtures/corpus', company);
      const csv = join(source, events);
      const expected = checks(source);
      const objects = csvRowObjects(csv);
      expect(objects.length).toBeGreaterThan(2000); // past the format sample and the first read
      const base = events.replace(/\.csv$/, '');
      const formats: Array<[string, (path: string) => void | Promise<void>]> = [
        [`${base}.jsonl`, (path) => writeFileSync(path, `${objects.map((o) => JSON.stringify(o)).join('\n')}\n`)],
        [`${base}.json`, (path) => writeFileSync(path, `[\n${objects.map((o) => JSON.stringify(o)).join(',\n')}\n]\n`)],
        [`${base}.csv.gz`, (path) => writeFileSync(path, gzipSync(readFileSync(csv)))],
        [
          `${base}.parquet`,
          async (path) => {
            // Every column as text, as a warehouse export of text columns writes them.
            const connection = await (await DuckDBInstance.create(':memory:')).connect();
            await connection.run(`COPY (SELECT * FROM read_csv($1, all_varchar = true, header = true)) TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`, [csv]);
            connection.closeSync();
          },
        ],
      ];
      for (const [name, write] of formats) {
        const dir = await companyWith(source, events, name, write);
        expect(checks(dir), name).toEqual(expected);
      }
    });
  }
});
