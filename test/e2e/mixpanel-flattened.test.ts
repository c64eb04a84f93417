/**
 * Mixpanel's events as its UI exports them to CSV (properties as top-level columns) give the report
 * of the same events as JSON lines (properties nested): the account a `company` property names is
 * read from the column as from the JSON key. Company from fixtures/corpus/sfreport-mixpanel.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.js';

const SOURCE = join(ROOT, 'fixtures/corpus/sfreport-mixpanel');
const csvCell = (value: unknown): string => (value === undefined || value === null ? '' : /[",\n]/.test(String(value)) ? `"${String(value).replaceAll('"', '""')}"` : String(value));

describe('Mixpanel flattened CSV export', () => {
  it('reads the account from a company column as the JSON lines read it from properties.company', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-mixpanel-flat-'));
    for (const f of readdirSync(SOURCE)) if (f !== 'mixpanel-export.jsonl') copyFileSync(join(SOURCE, f), join(dir, f));
    const events = readFileSync(join(SOURCE, 'mixpanel-export.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { event: string; properties: Record<string, unknown> });
    const keys = [...new Set(events.flatMap((e) => Object.keys(e.properties)))];
    expect(keys).toContain('company');
    const rows = events.map((e) => [e.event, ...keys.map((k) => e.properties[k])].map(csvCell).join(','));
    writeFileSync(join(dir, 'mixpanel-export.csv'), [['event', ...keys].join(','), ...rows].join('\n') + '\n');

    const nested = runCli(['analyze', SOURCE, '--format', 'json', '-q']);
    const flat = runCli(['analyze', dir, '--format', 'json', '-q']);
    expect(nested.code, nested.stderr).toBe(0);
    expect(flat.code, flat.stderr).toBe(0);
    const a = JSON.parse(nested.stdout);
    const b = JSON.parse(flat.stdout);
    const file = b.inputs.files.find((f: { path: string }) => f.path.endsWith('mixpanel-export.csv'));
    expect(file).toMatchObject({ table: 'events', layout: 'mixpanel', rejected: 0 });
    const eventAccount = (r: { inputs: { links: Array<{ link: string }> } }) => r.inputs.links.find((l) => l.link === 'event→account');
    expect(eventAccount(b)).toEqual(eventAccount(a));
    expect(b.inputs.links).toEqual(a.inputs.links);
    const checks = (r: { categories: Array<{ checks: object[] }> }) => r.categories.flatMap((c) => c.checks);
    expect(checks(b)).toEqual(checks(a));
  }, 60_000);
});
