/**
 * Numbers and dates at the edges (issue 17, item 8): a JSON line nested 5,000 deep is one
 * rejected row (it overflowed the stack: exit 3); epoch microseconds and nanoseconds are read by
 * magnitude; `--12000`, `1e308` and a `+99:99` offset are refused with a reason, not read.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Report {
  asOf: string;
  inputs: { files: Array<{ path: string; rows: number; rejected: number; rejectedByReason: Record<string, number>; warnings: Record<string, number>; formats?: Record<string, { format: string }> }> };
  warnings: Array<{ code: string; file: string; line: number; column?: string; message: string }>;
}

function analyze(files: Record<string, string>, args: string[] = []): { code: number | null; report: Report | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-edge-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const r = runCli(['analyze', dir, '--format', 'json', ...args], { env: { CI: '' } });
  return { code: r.code, report: r.code === 0 ? (JSON.parse(r.stdout) as Report) : null, stderr: r.stderr };
}

const event = (i: number, time: string | number, extra = '') =>
  `{"event":"login","user_id":"u${i}","account_id":"a1","timestamp":${typeof time === 'number' ? time : `"${time}"`}${extra}}`;

describe('edge values', () => {
  it('a JSON line nested 5,000 deep is one rejected row', () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const lines = [event(1, '2026-01-01T00:00:00Z'), `{"event":${deep},"user_id":"u2","account_id":"a1","timestamp":"2026-01-02T00:00:00Z"}`, event(3, '2026-01-03T00:00:00Z')];
    const { code, report, stderr } = analyze({ 'events.jsonl': `${lines.join('\n')}\n` });
    expect(code, stderr.slice(0, 300)).toBe(0);
    const file = report!.inputs.files.find((f) => f.path.endsWith('events.jsonl'))!;
    expect(file.rows).toBe(3);
    expect(file.rejected).toBe(1);
    expect(report!.warnings.some((w) => w.line === 2 && /nested more than 64 levels/.test(w.message))).toBe(true);
  });

  for (const [unit, factor, label] of [['microseconds', 1e3, 'epoch microseconds'], ['nanoseconds', 1e6, 'epoch nanoseconds']] as const) {
    it(`epoch ${unit} are read by magnitude`, () => {
      const ms = Date.UTC(2026, 0, 15, 12);
      const lines = [0, 1, 2].map((d) => event(d, (ms + d * 86_400_000) * factor));
      const { code, report, stderr } = analyze({ 'events.jsonl': `${lines.join('\n')}\n` });
      expect(code, stderr.slice(0, 300)).toBe(0);
      expect(report!.asOf).toBe('2026-01-17');
      const file = report!.inputs.files[0]!;
      expect(file.rejected).toBe(0);
      expect(Object.values(file.formats ?? {}).map((f) => f.format)).toContain(label);
    });
  }

  it('--12000 and 1e308 amounts and a +99:99 offset are refused with a reason', () => {
    const deals = [
      'deal_id,account_id,amount,stage,created_at,closed_at',
      'D1,A1,12000,won,2026-01-01,2026-01-10',
      'D2,A1,--12000,won,2026-01-01,2026-01-10',
      'D3,A1,1e308,won,2026-01-01,2026-01-10',
      'D4,A1,5000,won,2026-01-01T10:00:00+99:99,2026-01-10',
      'D5,A1,-$5,won,2026-01-01,2026-01-10',
    ].join('\n');
    const { code, report, stderr } = analyze({ 'deals.csv': `${deals}\n` });
    expect(code, stderr.slice(0, 300)).toBe(0);
    const messages = report!.warnings.map((w) => `${w.line}: ${w.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^3: amount "--12000" is not read: two signs in a row/));
    expect(messages).toContainEqual(expect.stringMatching(/^4: amount "1e308" is not read: beyond ±10\^15/));
    expect(messages).toContainEqual(expect.stringMatching(/^5: .*"2026-01-01T10:00:00\+99:99"/));
    expect(messages.some((m) => m.startsWith('6:'))).toBe(false); // -$5 is a number
  });

  it('one date far after the others does not set the as-of date, and is reported', () => {
    const deals = ['deal_id,account_id,amount,stage,created_at,closed_at'];
    for (let i = 1; i <= 30; i++) deals.push(`D${i},A1,1000,won,2026-01-${String(i).padStart(2, '0')},2026-02-${String(Math.min(i, 28)).padStart(2, '0')}`);
    deals.push('D99,A1,1000,won,2026-01-15,9999-12-31');
    const lines = Array.from({ length: 2000 }, (_, i) => event(i, new Date(Date.UTC(2026, 0, 1) + (i % 40) * 86_400_000).toISOString()));
    lines.push(event(2001, '2031-06-01T00:00:00Z'));
    const { code, report, stderr } = analyze({ 'deals.csv': `${deals.join('\n')}\n`, 'events.jsonl': `${lines.join('\n')}\n` });
    expect(code, stderr.slice(0, 300)).toBe(0);
    expect(report!.asOf).toBe('2026-02-28');
    const outliers = report!.warnings.filter((w) => w.code === 'DATE_OUTLIER');
    expect(outliers.map((w) => w.message)).toEqual([
      expect.stringMatching(/^closed_at 9999-12-31 \(D99\) is more than 90 days after 99\.9% of its column: an outlier, ignored for the default as-of date/),
      expect.stringMatching(/^timestamp 2031-06-01 is more than 90 days after/),
    ]);
    // an as-of given by the user is the user's: no outlier rule
    const given = analyze({ 'deals.csv': `${deals.join('\n')}\n` }, ['--as-of', '2026-03-01']);
    expect(given.report!.warnings.filter((w) => w.code === 'DATE_OUTLIER')).toEqual([]);
  });

  it('a date outlier names the file and line it was read at, each of equal outliers its own', () => {
    const header = 'deal_id,account_id,amount,stage,created_at,closed_at';
    const first = [header];
    // more than 1,000 dates: two equal outliers lie above the 99.9th percentile only in such a column
    for (let i = 1; i <= 1100; i++) first.push(`D${i},A1,1000,won,2026-01-${String((i % 28) + 1).padStart(2, '0')},2026-02-${String((i % 28) + 1).padStart(2, '0')}`);
    const second = [header, 'E1,A2,900,won,2026-01-03,2026-02-03', 'E2,A2,900,won,2026-01-04,9999-12-31', 'E3,A2,900,won,2026-01-05,2026-02-05', 'E4,A2,900,won,2026-01-06,9999-12-31'];
    const users = ['user_id,account_id,signup_at', 'u1,A1,2026-01-02', 'u2,A1,2206-01-02', 'u3,A1,2026-01-03'];
    for (let i = 4; i <= 30; i++) users.push(`u${i},A1,2026-01-${String(i % 28 + 1).padStart(2, '0')}`);
    const files = { 'deals.csv': `${first.join('\n')}\n`, 'deals-more.csv': `${second.join('\n')}\n`, 'users.csv': `${users.join('\n')}\n` };
    const { code, report, stderr } = analyze(files);
    expect(code, stderr.slice(0, 300)).toBe(0);
    const outliers = report!.warnings.filter((w) => w.code === 'DATE_OUTLIER').map((w) => ({ file: w.file.replace(/^.*[\\/]/, ''), line: w.line, column: w.column, message: w.message }));
    expect(outliers).toEqual([
      expect.objectContaining({ file: 'deals-more.csv', line: 3, column: 'closed_at', message: expect.stringMatching(/^closed_at 9999-12-31 \(E2\)/) }),
      expect.objectContaining({ file: 'deals-more.csv', line: 5, column: 'closed_at', message: expect.stringMatching(/^closed_at 9999-12-31 \(E4\)/) }),
      expect.objectContaining({ file: 'users.csv', line: 3, column: 'signup_at', message: expect.stringMatching(/^signup_at 2206-01-02 \(u2\)/) }),
    ]);
    // the terminal says file:line like every other warning
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-edge-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const terminal = runCli(['analyze', dir], { env: { CI: '', COLUMNS: '200' } });
    expect(terminal.stdout).toMatch(/deals-more\.csv:3: closed_at 9999-12-31 \(E2\) is more than 90 days after/);
    expect(terminal.stdout).toMatch(/users\.csv:3: signup_at 2206-01-02 \(u2\)/);
  });

  // Events are read on their own path (events-file.ts), and a large file partly on a second
  // thread (events-split.ts): each path says where an outlying event time was read.
  const eventsCsv = (rows: number, outlierAt: number[]): string => {
    const lines = ['timestamp,event,user_id,account_id'];
    for (let i = 1; i <= rows; i++) {
      const day = outlierAt.includes(i + 1) ? '2031-06-01T00:00:00Z' : new Date(Date.UTC(2026, 0, 1) + (i % 40) * 86_400_000).toISOString();
      lines.push(`${day},login,u${i % 300},a${i % 7}`);
    }
    return `${lines.join('\n')}\n`;
  };
  const outlierPlaces = (report: Report) =>
    report.warnings.filter((w) => w.code === 'DATE_OUTLIER').map((w) => `${w.file.replace(/^.*[\\/]/, '')}:${w.line}: ${w.message.slice(0, 23)}`);

  it('an outlying event time names the events file and line, in CSV and JSON lines', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => event(i, new Date(Date.UTC(2026, 0, 1) + (i % 40) * 86_400_000).toISOString()));
    lines.splice(1500, 0, event(9999, '2031-06-01T00:00:00Z'));
    const json = analyze({ 'events.jsonl': `${lines.join('\n')}\n` });
    expect(json.code, json.stderr.slice(0, 300)).toBe(0);
    expect(outlierPlaces(json.report!)).toEqual(['events.jsonl:1501: timestamp 2031-06-01 is']);
    const csv = analyze({ 'events.csv': eventsCsv(3000, [7, 2500]) });
    expect(csv.code, csv.stderr.slice(0, 300)).toBe(0);
    expect(outlierPlaces(csv.report!)).toEqual(['events.csv:7: timestamp 2031-06-01 is', 'events.csv:2500: timestamp 2031-06-01 is']);
  });

  it('an outlying event time read by the second thread has its line in the whole file', () => {
    const text = eventsCsv(60_000, [12, 59_990]);
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-edge-'));
    writeFileSync(join(dir, 'events.csv'), text);
    const env = { CI: '', PULLCHECK_READ_THREADS: '2', PULLCHECK_SPLIT_MIN_BYTES: '1' };
    const split = runCli(['analyze', dir, '--format', 'json'], { env });
    expect(split.code, split.stderr.slice(0, 300)).toBe(0);
    const one = runCli(['analyze', dir, '--format', 'json'], { env: { CI: '', PULLCHECK_READ_THREADS: '1' } });
    const places = outlierPlaces(JSON.parse(split.stdout) as Report);
    expect(places).toEqual(['events.csv:12: timestamp 2031-06-01 is', 'events.csv:59990: timestamp 2031-06-01 is']);
    expect(outlierPlaces(JSON.parse(one.stdout) as Report)).toEqual(places);
  });
});
