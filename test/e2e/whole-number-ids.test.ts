/**
 * Ids written as whole numbers in two forms, end to end (docs/data-model.md, "Links"):
 * fixtures/whole-number-ids (5 accounts, 8 deals, 15 contacts, 14 users and 42 events taken from
 * fixtures/sales-led, ids made numbers; fixtures/README.md) has events' user ids `620.0` against
 * users.csv's `620` and deals' account ids `107.0` against accounts.csv's `107`, as pandas writes
 * them. Its plain twin (the same files with those ids written `620` and `107`) is made here. Both
 * reading paths (DuckDB's day summaries and row by row) must give the twin's checks, and every
 * format must say what was joined.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineNote, ROOT, runCli } from './run-cli.js';

const FLOAT = 'fixtures/whole-number-ids';
const AS_OF = ['--as-of', '2026-03-31'];
const NOTES = [
  'event→user: 42 events joined by whole-number id (14 ids, e.g. 1007.0 = 1007)',
  'deal→account: 8 deals joined by whole-number id (5 ids, e.g. 107.0 = 107)',
];
const WARNING = 'ids joined by whole-number form (e.g. 1007.0 = 1007): event→user, deal→account; counts under Links';

let plain: string;
let rubric: string;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-float-ids-'));
  // The plain twin: the second column of events.csv (user_id) and deals.csv (account_id) without `.0`.
  plain = join(dir, 'plain');
  cpSync(join(ROOT, FLOAT), plain, { recursive: true });
  for (const file of ['events.csv', 'deals.csv']) {
    const path = join(plain, file);
    const text = readFileSync(path, 'utf8');
    const rewritten = text.replace(/^([^,\n]*),(\d+)\.0,/gm, '$1,$2,');
    expect(rewritten).not.toBe(text);
    writeFileSync(path, rewritten);
  }
  // The default rubric with small minimums, so the checks that join events to users measure on 5 accounts.
  rubric = join(dir, 'small.yaml');
  let text = readFileSync(join(ROOT, 'rubrics/default.yaml'), 'utf8');
  for (const [check, params] of [
    ['buyer-user-role-overlap', '{ minN: 3 }'],
    ['buyer-user-role-divergence', '{ minN: 3, minActiveUsers: 3 }'],
    ['post-close-shelfware-rate', '{ minN: 3 }'],
  ]) {
    const entry = `      - id: ${check}\n        metric: ${check}\n`;
    expect(text).toContain(entry);
    text = text.replace(entry, `${entry}        params: ${params}\n`);
  }
  writeFileSync(rubric, text);
});

interface Json {
  score: number | null;
  categories: Array<{ checks: Array<{ id: string; status: string; value: number | null }> }>;
  inputs: { wholeNumberIds?: unknown[]; links: Array<{ id: string; linked: number; rows: number; by: Record<string, number> }> };
  warnings: Array<{ code: string; message: string }>;
}

function analyze(dir: string, env: Record<string, string>): { json: Json; stdout: string } {
  const r = runCli(['analyze', dir, '--format', 'json', ...AS_OF, '--rubric', rubric], { env: { CI: '', ...env } });
  expect(r.code, r.stderr).toBe(0);
  return { json: JSON.parse(r.stdout) as Json, stdout: r.stdout };
}

describe('ids written 1.0 against 1', () => {
  for (const [path, env, engine] of [
    ['row by row', { PULLCHECK_DUCKDB_EVENTS: '0' }, null],
    ['DuckDB', {}, /^events grouped by DuckDB into \d+ rows/],
  ] as const) {
    it(`${path}: the checks are those of the same folder with plain ids, and the report says what was joined`, () => {
      const float = analyze(FLOAT, env);
      const twin = analyze(plain, env);
      if (engine === null) expect(engineNote(float.stdout)).toBeUndefined();
      else expect(engineNote(float.stdout)).toMatch(engine);
      // Byte for byte: every check's status, value, n, interval, evidence and reason, and the score.
      expect(JSON.stringify(float.json.categories)).toBe(JSON.stringify(twin.json.categories));
      expect(float.json.score).toBe(twin.json.score);
      // The comparison means something: the checks that read users through events' user ids measure.
      const status = new Map(float.json.categories.flatMap((c) => c.checks).map((k) => [k.id, k.status]));
      for (const id of ['buyer-user-role-overlap', 'buyer-user-role-divergence', 'post-close-shelfware-rate']) expect(status.get(id), id).not.toBe('insufficient-data');

      expect(float.json.inputs.wholeNumberIds).toEqual([
        { link: 'event→user', from: 'events', to: 'users', ids: 14, rows: 42, examples: [['1007.0', '1007'], ['1523.0', '1523'], ['1526.0', '1526']], leftAsWritten: 0, leftAsWrittenRows: 0, leftAsWrittenExamples: [] },
        { link: 'deal→account', from: 'deals', to: 'accounts', ids: 5, rows: 8, examples: [['107.0', '107'], ['126.0', '126'], ['167.0', '167']], leftAsWritten: 0, leftAsWrittenRows: 0, leftAsWrittenExamples: [] },
      ]);
      expect(float.json.warnings.filter((w) => w.code === 'WHOLE_NUMBER_IDS').map((w) => w.message)).toEqual([WARNING]);
      // The 2 events without an account reach it through their user; deals link by id (not by a name that looks like 107).
      const links = new Map(float.json.inputs.links.map((l) => [l.id, l]));
      expect(links.get('event→account')).toMatchObject({ rows: 42, linked: 42, by: { id: 40, via: 2 } });
      expect(links.get('deal→account')).toMatchObject({ rows: 8, linked: 8, by: { id: 8, name: 0 } });
      expect(float.json.inputs.links).toEqual(twin.json.inputs.links);
      expect(twin.json.inputs.wholeNumberIds).toBeUndefined();
      expect(twin.json.warnings.some((w) => w.code === 'WHOLE_NUMBER_IDS')).toBe(false);
    });
  }

  it('the default rubric gives the twin’s checks too', () => {
    const run = (dir: string): string => {
      const r = runCli(['analyze', dir, '--format', 'json', ...AS_OF]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.stringify((JSON.parse(r.stdout) as Json).categories);
    };
    expect(run(FLOAT)).toBe(run(plain));
  });

  it('terminal, Markdown, HTML and inspect show the notes under the links', () => {
    const terminal = runCli(['analyze', FLOAT, ...AS_OF]);
    expect(terminal.code, terminal.stderr).toBe(0);
    const links = terminal.stdout.slice(terminal.stdout.indexOf('\n  Links\n'));
    for (const note of NOTES) expect(links).toContain(`\n  ${note}\n`);
    expect(terminal.stdout).toContain(`! ${FLOAT}: ${WARNING}`);

    const markdown = runCli(['analyze', FLOAT, ...AS_OF, '--format', 'markdown']);
    expect(markdown.code, markdown.stderr).toBe(0);
    const section = markdown.stdout.slice(markdown.stdout.indexOf('<details><summary>Links between tables</summary>'));
    for (const note of NOTES) expect(section).toContain(`\n- ${note}\n`);

    const page = runCli(['analyze', FLOAT, ...AS_OF, '--format', 'html']);
    expect(page.code, page.stderr).toBe(0);
    for (const note of NOTES) expect(page.stdout).toContain(`<li>${note}</li>`);

    const inspect = runCli(['inspect', FLOAT]);
    expect(inspect.code, inspect.stderr).toBe(0);
    for (const note of NOTES) expect(inspect.stdout).toContain(`  ${note}\n`);

    const twin = runCli(['analyze', plain, ...AS_OF]);
    expect(twin.stdout).not.toContain('whole-number');
  });
});

describe('a product-only company whose users name their accounts 17.0 and whose events name them 17', () => {
  it('counts one account per whole number, as the same company with one spelling, on both reading paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-float-accounts-'));
    const twin = join(dir, 'plain');
    const float = join(dir, 'float');
    for (const target of [twin, float]) {
      // fixtures/product-led without its CRM files: accounts are then the product's own ids.
      for (const file of ['events.csv', 'users.csv', 'releases.csv']) cpSync(join(ROOT, 'fixtures/product-led', file), join(target, file));
      for (const file of ['events.csv', 'users.csv']) {
        const path = join(target, file);
        // A0017 → 17 in both; the users' file written as pandas writes a column with blanks: 17.0.
        const suffix = target === float && file === 'users.csv' ? '.0' : '';
        writeFileSync(path, readFileSync(path, 'utf8').replace(/,A0*(\d+),/g, (_, n: string) => `,${n}${suffix},`));
      }
    }
    expect(readFileSync(join(float, 'users.csv'), 'utf8')).toMatch(/^U00001,1\.0,/m);
    const categories = (folder: string, env: Record<string, string> = {}) => {
      const run = runCli(['analyze', folder, '--format', 'json', '-q'], { env: { CI: '', ...env } });
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { categories: unknown; inputs: { wholeNumberIds?: Array<{ link: string; ids: number }> } };
      return { categories: JSON.stringify(report.categories).replace(/\b(\d+)\.0\b/g, '$1'), joins: report.inputs.wholeNumberIds ?? [] };
    };
    const expected = categories(twin).categories;
    for (const env of [{}, { PULLCHECK_DUCKDB_EVENTS: '0' }]) {
      const got = categories(float, env);
      expect(got.categories).toBe(expected);
      expect(got.joins.map((j) => j.link)).toContain('event→account');
    }
  });
});

describe('events whose account ids are a DOUBLE column: as Parquet (126) and as the CSV a warehouse writes (126.0)', () => {
  it('give the same account match: one product account per whole number, not one per spelling', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-double-accounts-'));
    const parquet = join(dir, 'parquet');
    const csv = join(dir, 'csv');
    for (const target of [parquet, csv]) {
      cpSync(join(ROOT, FLOAT), target, { recursive: true });
      rmSync(join(target, 'events.csv'));
    }
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;
    // The users' account ids are written 126 (users.csv); the events' as a DOUBLE column holds them.
    const select = `SELECT timestamp, user_id, CAST(account_id AS DOUBLE) AS account_id, event, feature FROM read_csv(${quote(join(ROOT, FLOAT, 'events.csv'))}, header = true, all_varchar = true)`;
    await connection.run(`COPY (${select}) TO ${quote(join(parquet, 'events.parquet'))} (FORMAT parquet)`);
    await connection.run(`COPY (${select}) TO ${quote(join(csv, 'events.csv'))} (HEADER)`);
    connection.closeSync();
    expect(readFileSync(join(csv, 'events.csv'), 'utf8')).toMatch(/,126\.0,/);

    const match = (folder: string, env: Record<string, string> = {}) => {
      const r = runCli(['analyze', folder, '--format', 'json', ...AS_OF, '--rubric', rubric], { env: { CI: '', ...env } });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as Json & { inputs: { accountMatch: unknown } };
      return { accountMatch: report.inputs.accountMatch, categories: JSON.stringify(report.categories), score: report.score };
    };
    const expected = match(parquet);
    expect(expected.accountMatch).toMatchObject({ productAccounts: 5, matched: { id: 5, domain: 0, name: 0 }, rate: 1 });
    for (const env of [{}, { PULLCHECK_DUCKDB_EVENTS: '0' }]) expect(match(csv, env)).toEqual(expected);
  });
});
