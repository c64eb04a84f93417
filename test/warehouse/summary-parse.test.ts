/**
 * The BigQuery and Snowflake queries cannot run here, so a parser that knows those dialects
 * (node-sql-parser) reads every source's query: it must parse, read exactly the table given, and
 * only columns of that table. The same logical query runs for real in DuckDB and PostgreSQL
 * (summary-duckdb.test.ts, summary-postgres.test.ts).
 */
import nodeSqlParser from 'node-sql-parser';
import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/run-cli.js';
import { WAREHOUSE_SOURCES, SOURCE_IDS } from '../../src/warehouse/sources.js';

const parser = new nodeSqlParser.Parser();
const DATABASES = { bigquery: 'BigQuery', snowflake: 'Snowflake' } as const;
const TABLES = { bigquery: 'my-project.analytics.events_2024', snowflake: 'RAW.PRODUCT.EVENTS' } as const;

describe.each(Object.keys(DATABASES) as Array<keyof typeof DATABASES>)('%s', (dialect) => {
  it.each(SOURCE_IDS)('parses the %s summary, reading only its table and columns', (source) => {
    const printed = runCli(['sql', '--dialect', dialect, '--source', source, '--table', TABLES[dialect]]);
    expect(printed.code, printed.stderr).toBe(0);
    // node-sql-parser's BigQuery grammar lacks ORDER BY … NULLS FIRST, which GoogleSQL has.
    const sql = dialect === 'bigquery' ? printed.stdout.replaceAll(' NULLS FIRST', '') : printed.stdout;
    const options = { database: DATABASES[dialect] };
    expect(() => parser.astify(sql, options)).not.toThrow();
    const tables = parser.tableList(sql, options).map((t) => t.split('::').slice(1).join('.').toLowerCase());
    expect(tables).toEqual([TABLES[dialect].split('.').slice(-1)[0]!.toLowerCase()].map((t) => expect.stringContaining(t)));
    // Every column the query names is the source's, an alias of the query's own, or a parsed JSON alias.
    const own = new Set(['ts', 'event_day', 'user_id', 'anonymous_id', 'account_id', 'event', 'feature', 'first_at', 'event_count']);
    const known = new Set(WAREHOUSE_SOURCES[source].columns.map((c) => c.toLowerCase()));
    const columns = parser.columnList(sql, options).map((c) => c.split('::').pop()!.toLowerCase());
    const stray = columns.filter((c) => !own.has(c) && !known.has(c) && !/^pc_json_\d+$/.test(c) && c !== '(.*)');
    expect(stray).toEqual([]);
  });
});

describe('crafted names in the BigQuery and Snowflake queries', () => {
  it.each([
    // (node-sql-parser's BigQuery grammar does not know the backslash escape of a backtick inside
    // a quoted name, which GoogleSQL has: dialects.test.ts checks that escape.)
    ['bigquery', `proj.ds.t'; DROP TABLE users; --"`],
    ['snowflake', 'DB.S.T"; DROP TABLE USERS; --'],
  ] as const)('%s: a crafted table name stays one name in one SELECT statement', (dialect, table) => {
    const printed = runCli(['sql', '--dialect', dialect, '--source', 'segment', '--table', table, '--columns', `timestamp,user_id,event,feat"u're`]);
    expect(printed.code, printed.stderr).toBe(0);
    const sql = dialect === 'bigquery' ? printed.stdout.replaceAll(' NULLS FIRST', '') : printed.stdout;
    const ast = parser.astify(sql, { database: DATABASES[dialect] });
    const statements = Array.isArray(ast) ? ast : [ast];
    expect(statements.map((s) => s.type)).toEqual(['select']);
    expect(parser.tableList(sql, { database: DATABASES[dialect] })).toHaveLength(1);
  });
});

describe('a table with a sync’s row flags', () => {
  it.each(Object.keys(DATABASES) as Array<keyof typeof DATABASES>)('%s: the flags are kept as columns of the summary, grouped, and the query parses', (dialect) => {
    const columns = [...WAREHOUSE_SOURCES.segment.columns, '_fivetran_deleted', '_fivetran_active'];
    const printed = runCli(['sql', '--dialect', dialect, '--source', 'segment', '--table', TABLES[dialect], '--columns', columns.join(',')]);
    expect(printed.code, printed.stderr).toBe(0);
    const sql = dialect === 'bigquery' ? printed.stdout.replaceAll(' NULLS FIRST', '') : printed.stdout;
    const options = { database: DATABASES[dialect] };
    expect(() => parser.astify(sql, options)).not.toThrow();
    expect(sql).toMatch(/pc_flag_0 AS .?_fivetran_deleted.?,\n {2}pc_flag_1 AS .?_fivetran_active.?,\n {2}COUNT\(\*\) AS event_count/);
    expect(sql).toMatch(/GROUP BY event_day, user_id, anonymous_id, account_id, event, feature, pc_flag_0, pc_flag_1\n/);
  });
});

describe('a timestamp column of epoch microseconds', () => {
  it.each(Object.keys(DATABASES) as Array<keyof typeof DATABASES>)('%s: the query reads it with the dialect\'s microsecond function and parses', (dialect) => {
    const printed = runCli(['sql', '--dialect', dialect, '--source', 'canonical', '--table', TABLES[dialect], '--timestamp', 'epoch-microseconds']);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain(dialect === 'bigquery' ? 'TIMESTAMP_MICROS(CAST(' : 'TO_TIMESTAMP_TZ(');
    const sql = dialect === 'bigquery' ? printed.stdout.replaceAll(' NULLS FIRST', '') : printed.stdout;
    expect(() => parser.astify(sql, { database: DATABASES[dialect] })).not.toThrow();
  });
});
