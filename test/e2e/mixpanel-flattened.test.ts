/**
 * Mixpanel's events as its UI exports them to CSV (properties as top-level columns) give the report
 * of the same events as JSON lines (properties nested): the account a `company` property names is
 * read from the column as from the JSON key. Company from fixtures/corpus/sfreport-mixpanel.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeJson, ROOT } from './run-cli.js';
import { checksOf, linkOf } from './report-view.js';

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

    const a = JSON.parse(analyzeJson(SOURCE));
    const b = JSON.parse(analyzeJson(dir));
    const file = b.inputs.files.find((f: { path: string }) => f.path.endsWith('mixpanel-export.csv'));
    expect(file).toMatchObject({ table: 'events', layout: 'mixpanel', rejected: 0 });
    expect(linkOf(b, 'event→account')).toEqual(linkOf(a, 'event→account'));
    expect(b.inputs.links).toEqual(a.inputs.links);
    expect(checksOf(b)).toEqual(checksOf(a));
  }, 60_000);
});
