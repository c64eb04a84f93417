/**
 * A config column naming a property inside a JSON column (`accountId: "properties.workspace_id"`,
 * docs/config.md): the field is read from that property, on both events paths, and the report is
 * the one of the same events with the account where the layout looks for it. Company:
 * fixtures/corpus/hubspot-posthog, its events' `$groups.company` renamed `workspace_id`.
 */
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeJson, ROOT, runCli, withoutEngineNotes } from './run-cli.js';
import { checksOf, linkOf } from './report-view.js';

const SOURCE = join(ROOT, 'fixtures/corpus/hubspot-posthog');
const EVENTS = 'posthog-events-export.csv';

function company(config: string | null): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-config-json-'));
  for (const f of readdirSync(SOURCE)) if (f !== EVENTS) copyFileSync(join(SOURCE, f), join(dir, f));
  const events = readFileSync(join(SOURCE, EVENTS), 'utf8');
  const renamed = events.replace(/""\$groups"":\{""company"":(""[^"]*"")\}/g, '""workspace_id"":$1');
  expect(renamed).not.toBe(events);
  writeFileSync(join(dir, EVENTS), renamed);
  if (config !== null) writeFileSync(join(dir, 'pullcheck.config.yaml'), config);
  return dir;
}

const analyze = (dir: string, env: Record<string, string> = {}) => JSON.parse(analyzeJson(dir, env));

describe('config: a column that names a JSON property', () => {
  it('reads the field from the property, on both events paths, as the layout reads its own keys', () => {
    const original = analyze(SOURCE);
    const without = analyze(company(null));
    // Without the config the renamed key is read by nothing: the events name no account of their
    // own (they reach one only through their users).
    expect(linkOf(original, 'event→account')!.by.domain).toBeGreaterThan(2900);
    expect(linkOf(without, 'event→account')!.by.domain).toBe(0);

    const dir = company('files:\n  "posthog-events*.csv":\n    columns: { accountId: "properties.workspace_id" }\n');
    const duckdb = analyze(dir);
    const javascript = analyze(dir, { PULLCHECK_DUCKDB_EVENTS: '0' });
    expect(linkOf(duckdb, 'event→account')).toEqual(linkOf(original, 'event→account'));
    expect(checksOf(duckdb)).toEqual(checksOf(original));
    expect(duckdb.score).toEqual(original.score);
    expect(withoutEngineNotes(JSON.stringify(duckdb))).toBe(withoutEngineNotes(JSON.stringify(javascript)));
    const file = duckdb.inputs.files.find((f: { path: string }) => f.path.endsWith(EVENTS));
    expect(file.mapping.accountId).toMatch(/properties → workspace_id/);
  }, 60_000);

  it('still says so when neither a column nor a JSON column the name starts with is in the file', () => {
    const dir = company('files:\n  "posthog-events*.csv":\n    columns: { accountId: "props.workspace_id" }\n');
    const run = runCli(['analyze', dir, '--format', 'json', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"props\.workspace_id" is not a column of .*posthog-events-export\.csv.*\[CONFIG_COLUMN_NOT_FOUND\]/);
  });

  it('takes a dotted name whose column holds text, not JSON, for a mistyped column (exit 2, did you mean)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-config-json-typo-'));
    const sales = join(ROOT, 'fixtures/sales-led');
    for (const f of readdirSync(sales)) copyFileSync(join(sales, f), join(dir, f));
    writeFileSync(join(dir, 'pullcheck.config.yaml'), 'files:\n  "deals.csv":\n    columns: { accountId: "account_id.name" }\n');
    const run = runCli(['analyze', dir, '--format', 'json', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr.replaceAll(`${dir}/`, '')).toContain(
      'pullcheck.config.yaml:3: files."deals.csv".columns.accountId: "account_id.name" is not a column of deals.csv, and its column "account_id" holds no JSON object to read "name" from; did you mean "account_id"? [CONFIG_COLUMN_NOT_FOUND]',
    );
  });
});
