/**
 * An events file of pre-aggregated rows (pullcheck's event summary, docs/warehouse.md) gives the
 * report its events would: every check the same, whether a row stands for one event or many.
 * The company is fixtures/product-led; its events are summarised per user, account, event,
 * feature and UTC day (the first time and the count), and the same events are also written out
 * one row each, at that first time.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const company = join(ROOT, 'fixtures/product-led');

function summarise(): { summary: string; expanded: string; rows: number; events: number } {
  const [, ...lines] = readFileSync(join(company, 'events.csv'), 'utf8').trim().split('\n');
  const groups = new Map<string, { first: string; user: string; account: string; event: string; feature: string; count: number }>();
  for (const line of lines) {
    const [timestamp, user, account, event, feature] = line.split(',') as [string, string, string, string, string];
    const key = [user, account, event, feature, timestamp.slice(0, 10)].join('\u0000');
    const g = groups.get(key);
    if (!g) groups.set(key, { first: timestamp, user, account, event, feature, count: 1 });
    else {
      g.count++;
      if (timestamp < g.first) g.first = timestamp;
    }
  }
  const summary = ['first_at,user_id,anonymous_id,account_id,event,feature,event_count'];
  const expanded = ['timestamp,user_id,account_id,event,feature'];
  for (const g of groups.values()) {
    summary.push([g.first, g.user, '', g.account, g.event, g.feature, g.count].join(','));
    for (let k = 0; k < g.count; k++) expanded.push([g.first, g.user, g.account, g.event, g.feature].join(','));
  }
  return { summary: summary.join('\n') + '\n', expanded: expanded.join('\n') + '\n', rows: groups.size, events: lines.length };
}

function folderWith(eventsFile: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-summary-'));
  for (const f of readdirSync(company)) if (f !== 'events.csv') copyFileSync(join(company, f), join(dir, f));
  writeFileSync(join(dir, eventsFile), text);
  return dir;
}

describe('an events file of pre-aggregated rows', () => {
  const { summary, expanded, rows, events } = summarise();

  it('scores every check as the same events one row each', () => {
    expect(events - rows).toBeGreaterThan(10_000); // the fixture's events do summarise
    const fromSummary = runCli(['analyze', folderWith('event_summary.csv', summary), '--format', 'json', '-q']);
    const fromRows = runCli(['analyze', folderWith('events.csv', expanded), '--format', 'json', '-q']);
    expect(fromSummary.code, fromSummary.stderr).toBe(0);
    expect(fromRows.code, fromRows.stderr).toBe(0);
    const a = JSON.parse(fromSummary.stdout);
    const b = JSON.parse(fromRows.stdout);
    const file = a.inputs.files.find((f: { table?: string }) => f.table === 'events');
    expect(file).toMatchObject({ layout: 'pullcheck-summary', rows, events });
    const checks = (r: { categories: Array<{ checks: object[] }> }) => r.categories.flatMap((c) => c.checks);
    expect(checks(a)).toEqual(checks(b));
    expect([a.score, a.coverage, a.asOf]).toEqual([b.score, b.coverage, b.asOf]);
    expect(a.inputs.links).toEqual(b.inputs.links);
  });

  it('rejects a row whose count is not a whole number of events, with file and line', () => {
    const bad = summary.replace(/,(\d+)\n/, ',2.5\n');
    const result = runCli(['analyze', folderWith('event_summary.csv', bad), '--format', 'json', '-q']);
    expect(result.code, result.stderr).toBe(0);
    const file = JSON.parse(result.stdout).inputs.files.find((f: { table?: string }) => f.table === 'events');
    expect(file.rejectedByReason).toEqual({ BAD_NUMBER: 1 });
    const issue = JSON.parse(result.stdout).warnings.find((i: { code: string }) => i.code === 'BAD_NUMBER');
    expect(issue).toMatchObject({ line: 2, column: 'event_count' });
    expect(issue.message).toMatch(/"2\.5" is not a whole number of events/);
  });
});

describe('a count column named in the config', () => {
  it('reads an in-house daily events table as the events its rows stand for', () => {
    const dir = folderWith('daily_usage.csv', 'day,member,org,action,module,hits\n2024-05-01,u1,a1,open_report,reports,4\n2024-05-02,u1,a1,open_report,reports,3\n2024-05-02,u2,a1,open_report,reports,1\n');
    writeFileSync(
      join(dir, 'pullcheck.config.yaml'),
      'files:\n  "daily_usage.csv":\n    table: events\n    columns: { timestamp: day, userId: member, accountId: org, event: action, feature: module, count: hits }\n',
    );
    const result = runCli(['inspect', dir, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const file = JSON.parse(result.stdout).files.find((f: { path: string }) => f.path.endsWith('daily_usage.csv'));
    expect(file).toMatchObject({ table: 'events', rows: 3, events: 8 });
    expect(file.mapping).toMatchObject({ count: 'hits' });
  });
});
