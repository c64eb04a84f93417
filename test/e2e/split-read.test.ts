/**
 * A large events file read by two threads (src/ingest/events-split.ts) gives the same report,
 * byte for byte, as one thread: the golden fixtures, and events files built to be awkward at
 * the cut (a quoted cell with line breaks across it; bad dates, blank ids, ragged rows and
 * CR LF line ends on both sides). PULLCHECK_SPLIT_MIN_BYTES=1 makes every events file split.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { goldenFolders } from '../../scripts/golden.mjs';
import { reportWorkersOption, ROOT, runCli, withoutEngineNotes } from './run-cli.js';
import { readFileSync } from 'node:fs';

// CI is cleared: under CI every format pseudonymises names, and the goldens are made without it.
// DuckDB is off: it reads these events files whole (events-duckdb.ts); the split is the row-by-row path's.
const SPLIT = { PULLCHECK_SPLIT_MIN_BYTES: '1', PULLCHECK_READ_THREADS: '2', PULLCHECK_DUCKDB_EVENTS: '0', CI: '' };
const ONE_THREAD = { PULLCHECK_READ_THREADS: '1', PULLCHECK_DUCKDB_EVENTS: '0', CI: '' };


function analyzeJson(dir: string, env: Record<string, string>): string {
  const run = runCli(['analyze', dir, '--format', 'json', '--as-of', '2026-06-30'], { env });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

/** ~6,000 events (~400 KB): large enough that the cut falls after the format sample. */
function eventsCsv(options: { eol: string; quotedAt?: number; problems?: boolean }): string {
  const lines = ['timestamp,user_id,account_id,event,feature,note'];
  const rows = 6000;
  for (let k = 0; k < rows; k++) {
    const day = 1 + (k % 28);
    const ts = `2026-0${1 + (k % 6)}-${String(day).padStart(2, '0')}T${String(k % 24).padStart(2, '0')}:15:00Z`;
    const user = `user-${(k * 37) % 900}`;
    const account = `acct-${(k * 37) % 900 % 120}`;
    const event = ['feature_used', 'login', 'report_viewed', 'invite_sent'][k % 4];
    const feature = k % 4 === 0 ? `feature-${k % 31}` : '';
    let note = `plain note ${k}`;
    if (options.quotedAt !== undefined && k === Math.floor(rows * options.quotedAt)) {
      // A long quoted cell with line breaks and quotes: cuts inside it are not record starts.
      note = `"${Array.from({ length: 1500 }, (_, i) => `line ${i}, with ""quotes""`).join(options.eol)}"`;
    } else if (k % 97 === 5) note = `"a, quoted ""note"" ${k}"`;
    let line = `${ts},${user},${account},${event},${feature},${note}`;
    if (options.problems) {
      if (k % 1009 === 7) line = `not a date,${user},${account},${event},${feature},${note}`;
      else if (k % 1013 === 11) line = `${ts},,,${event},${feature},${note}`;
      else if (k % 1019 === 13) line = `${ts},${user},${account},${event}`;
      else if (k % 1021 === 17) line = `${line},extra`;
    }
    lines.push(line);
  }
  return lines.join(options.eol) + options.eol;
}

describe('events read by two threads', () => {
  for (const [name, folder] of goldenFolders() as Array<[string, string]>) {
    if (!['product-led', 'sales-led'].includes(name)) continue; // events files large enough to split
    it(`${name}: the golden report`, () => {
      const expected = readFileSync(join(ROOT, 'test/golden', `${name}.json`), 'utf8');
      const run = runCli(['analyze', folder, '--format', 'json'], { env: { ...SPLIT, NODE_OPTIONS: reportWorkersOption() } });
      expect(run.stderr).toContain('[worker started events-worker.js]');
      expect(withoutEngineNotes(run.stdout) === withoutEngineNotes(expected), `split report of ${folder} differs from test/golden/${name}.json`).toBe(true);
    });
  }

  for (const fault of ['throw', 'exit']) {
    it(`a worker that fails (${fault}): its part is read in the main thread, the same report`, () => {
      const expected = readFileSync(join(ROOT, 'test/golden', 'product-led.json'), 'utf8');
      const run = runCli(['analyze', 'fixtures/product-led', '--format', 'json'], { env: { ...SPLIT, PULLCHECK_TEST_READ_WORKER_FAULT: fault } });
      expect(run.code).toBe(0);
      expect(withoutEngineNotes(run.stdout) === withoutEngineNotes(expected), 'report differs from the golden').toBe(true);
    });
  }

  const variants: Array<[string, Parameters<typeof eventsCsv>[0]]> = [
    ['LF, bad rows on both sides', { eol: '\n', problems: true }],
    ['CR LF, bad rows on both sides', { eol: '\r\n', problems: true }],
    ['a quoted cell with line breaks across the cut (LF)', { eol: '\n', quotedAt: 0.84, problems: true }],
    ['a quoted cell with line breaks across the cut (CR LF)', { eol: '\r\n', quotedAt: 0.84 }],
  ];
  for (const [label, options] of variants) {
    it(label, () => {
      const dir = mkdtempSync(join(tmpdir(), 'pullcheck-split-'));
      writeFileSync(join(dir, 'events.csv'), eventsCsv(options));
      writeFileSync(join(dir, 'users.csv'), `user_id,account_id,signup_at,title\n${Array.from({ length: 900 }, (_, u) => `user-${u},acct-${u % 120},2025-12-0${1 + (u % 9)},Analyst`).join('\n')}\n`);
      const one = analyzeJson(dir, ONE_THREAD);
      const two = analyzeJson(dir, SPLIT);
      expect(two === one, 'reports differ').toBe(true);
      if (two !== one) expect(JSON.parse(two)).toEqual(JSON.parse(one));
      const events = (JSON.parse(one) as { inputs: { files: Array<{ table: string; rows: number; rejected: number }> } }).inputs.files.find((f) => f.table === 'events')!;
      expect(events.rows).toBe(6000);
      if (options.problems) expect(events.rejected).toBeGreaterThan(6);
    });
  }

  it('a PostHog export (account and feature in JSON properties), bad JSON and bad rows on both sides', () => {
    const lines = ['uuid,event,distinct_id,timestamp,properties'];
    for (let k = 0; k < 6000; k++) {
      const ts = `2026-0${1 + (k % 6)}-${String(1 + (k % 28)).padStart(2, '0')}T${String(k % 24).padStart(2, '0')}:15:00Z`;
      const props = { ...(k % 4 === 0 ? { feature: `feature-${k % 31}` } : {}), $groups: { company: `acct-${(k * 37) % 900 % 120}` }, $browser: 'Chrome' };
      let cell = `"${JSON.stringify(props).replaceAll('"', '""')}"`;
      if (k % 401 === 7) cell = '"{""feature"": ""broken"",}"'; // not JSON: warned, its properties blank
      let line = `0189-${k},${['feature_used', 'login', 'report_viewed'][k % 3]},user-${(k * 37) % 900},${k % 409 === 11 ? 'soon' : ts},${cell}`;
      if (k % 419 === 13) line = `0189-${k},login,user-1`;
      lines.push(line);
    }
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-split-'));
    writeFileSync(join(dir, 'posthog-events.csv'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'users.csv'), `user_id,account_id,signup_at,title\n${Array.from({ length: 900 }, (_, u) => `user-${u},acct-${u % 120},2025-12-0${1 + (u % 9)},Analyst`).join('\n')}\n`);
    const one = analyzeJson(dir, ONE_THREAD);
    // The worker is reported, so this test cannot pass by reading in one thread.
    const split = runCli(['analyze', dir, '--format', 'json', '--as-of', '2026-06-30'], { env: { ...SPLIT, NODE_OPTIONS: reportWorkersOption() } });
    expect(split.code).toBe(0);
    expect(split.stderr).toContain('[worker started events-worker.js]');
    const two = split.stdout;
    expect(two === one, 'reports differ').toBe(true);
    if (two !== one) expect(JSON.parse(two)).toEqual(JSON.parse(one));
    const report = JSON.parse(one) as { inputs: { files: Array<{ table: string; rows: number; rejected: number; mapping: Record<string, string> }> }; warnings: Array<{ code: string }> };
    const events = report.inputs.files.find((f) => f.table === 'events')!;
    expect(events.rows).toBe(6000);
    expect(events.rejected).toBeGreaterThan(5);
    expect(events.mapping.feature).toMatch(/properties/);
    expect(one).toContain('BAD_JSON');
  });

  for (const eol of ['\n', '\r\n']) {
    it(`Mixpanel JSON lines (${JSON.stringify(eol)}): bad and blank lines on both sides of the cut`, () => {
      const lines: string[] = [];
      for (let k = 0; k < 6000; k++) {
        const time = Date.UTC(2026, k % 6, 1 + (k % 28), k % 24, 15) / 1000;
        const properties = { time, distinct_id: `user-${(k * 37) % 900}`, account_id: `acct-${(k * 37) % 900 % 120}`, ...(k % 4 === 0 ? { feature: `feature-${k % 31}` } : {}), $insert_id: `i${k}` };
        let line = JSON.stringify({ event: ['feature_used', 'login', 'report_viewed'][k % 3], properties });
        if (k % 401 === 7) line = '{"event": "broken",'; // not JSON: a rejected row
        else if (k % 409 === 11) line = '';
        else if (k % 419 === 13) line = '[1, 2]';
        lines.push(line);
      }
      const dir = mkdtempSync(join(tmpdir(), 'pullcheck-split-'));
      writeFileSync(join(dir, 'mixpanel-export.jsonl'), lines.join(eol) + eol);
      writeFileSync(join(dir, 'users.csv'), `user_id,account_id,signup_at,title\n${Array.from({ length: 900 }, (_, u) => `user-${u},acct-${u % 120},2025-12-0${1 + (u % 9)},Analyst`).join('\n')}\n`);
      const one = analyzeJson(dir, ONE_THREAD);
      const split = runCli(['analyze', dir, '--format', 'json', '--as-of', '2026-06-30'], { env: { ...SPLIT, NODE_OPTIONS: reportWorkersOption() } });
      expect(split.code).toBe(0);
      expect(split.stderr).toContain('[worker started events-worker.js]');
      expect(split.stdout === one, 'reports differ').toBe(true);
      if (split.stdout !== one) expect(JSON.parse(split.stdout)).toEqual(JSON.parse(one));
      const events = (JSON.parse(one) as { inputs: { files: Array<{ table: string; rows: number; rejected: number }> } }).inputs.files.find((f) => f.table === 'events')!;
      expect(events.rows).toBeGreaterThan(5900);
      expect(events.rejected).toBeGreaterThan(20);
    });
  }

  it('a second events file after a split one: its rows come after the whole first file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-split-'));
    writeFileSync(join(dir, 'events-1.csv'), eventsCsv({ eol: '\n', problems: true }));
    writeFileSync(join(dir, 'events-2.csv'), eventsCsv({ eol: '\n' }).replaceAll('user-', 'member-'));
    writeFileSync(join(dir, 'users.csv'), `user_id,account_id,signup_at,title\n${Array.from({ length: 900 }, (_, u) => `user-${u},acct-${u % 120},2025-12-0${1 + (u % 9)},Analyst`).join('\n')}\n`);
    const one = analyzeJson(dir, ONE_THREAD);
    const two = analyzeJson(dir, SPLIT);
    expect(two === one, 'reports differ').toBe(true);
    expect((JSON.parse(one) as { inputs: { tables: { events: number } } }).inputs.tables.events).toBeGreaterThan(11_000);
  });
});
