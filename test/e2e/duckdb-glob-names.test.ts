/**
 * File and folder names that DuckDB would read as glob patterns (`*`, `?`, `[…]`), through the
 * built CLI: DuckDB reads the file so named and no other. Before, `read_csv($1)` and
 * `read_parquet($1)` expanded the name: `events[1].csv` read `events1.csv` in its place,
 * `posthog-events*.parquet` read every Parquet file it matched (a copy, or a file the config
 * skips) as one.
 */
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeJson, engineNote, ROOT, withoutEngineNotes } from './run-cli.js';

interface FileEntry {
  path: string;
  table: string | null;
  status: string;
  rows: number;
}

function files(json: string): FileEntry[] {
  return (JSON.parse(json) as { inputs: { files: FileEntry[] } }).inputs.files;
}

describe('names DuckDB would read as glob patterns', () => {
  it('events[1].csv beside events1.csv: DuckDB reads events[1].csv, and the report is the row-by-row one', () => {
    const company = join(ROOT, 'fixtures/sales-led');
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-glob-names-'));
    for (const f of readdirSync(company)) if (f !== 'events.csv') copyFileSync(join(company, f), join(dir, f));
    const lines = readFileSync(join(company, 'events.csv'), 'utf8').trimEnd().split('\n');
    const [header, ...rows] = lines;
    // Two events files of as many rows: the first half of the events as they are, the second
    // half with every event renamed (`[1]` matches the one character `1` as a glob).
    const half = rows.slice(0, 3000);
    writeFileSync(join(dir, 'events[1].csv'), `${[header, ...half].join('\n')}\n`);
    writeFileSync(join(dir, 'events1.csv'), `${[header, ...rows.slice(3000, 6000).map((r) => r.replace(/^([^,]*,[^,]*,[^,]*,)/, '$1renamed_'))].join('\n')}\n`);
    const duckdb = analyzeJson(dir);
    const javascript = analyzeJson(dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
    const events = files(duckdb).filter((f) => f.table === 'events');
    expect(events.map((f) => f.path)).toEqual(['DIR/events1.csv', 'DIR/events[1].csv']);
    expect(engineNote(duckdb)).toMatch(/^events grouped by DuckDB/);
    expect(withoutEngineNotes(duckdb)).toBe(withoutEngineNotes(javascript));
  });

  it('posthog-events*.parquet beside a copy and a file the config skips: only its own rows are read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-glob-names-'));
    cpSync(join(ROOT, 'fixtures/parquet-events'), dir, { recursive: true });
    renameSync(join(dir, 'posthog-events-export.parquet'), join(dir, 'posthog-events*.parquet'));
    copyFileSync(join(dir, 'posthog-events*.parquet'), join(dir, 'posthog-events-copy.parquet'));
    copyFileSync(join(dir, 'persons.parquet'), join(dir, 'posthog-events-old.parquet'));
    writeFileSync(join(dir, 'pullcheck.config.yaml'), 'files:\n  "posthog-events-old.parquet":\n    skip: true\n');
    const glob = files(analyzeJson(dir)).find((f) => f.path === 'DIR/posthog-events*.parquet')!;
    // The same file under a plain name.
    const plain = mkdtempSync(join(tmpdir(), 'pullcheck-glob-names-'));
    cpSync(join(ROOT, 'fixtures/parquet-events'), plain, { recursive: true });
    const own = files(analyzeJson(plain)).find((f) => f.path === 'DIR/posthog-events-export.parquet')!;
    expect(own.rows).toBeGreaterThan(0);
    expect(glob).toMatchObject({ table: 'events', status: 'read', rows: own.rows });
  });
});
