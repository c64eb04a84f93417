/**
 * The dialect layer of `pullcheck sql` (src/warehouse/dialects.ts): quoting that keeps any name a
 * name, and each date and JSON function with its arguments in the order the vendor documents:
 * - DuckDB: strftime(timestamp, format); json_extract_string(json, path); json_type(json, path)
 * - PostgreSQL: to_char(timestamp, format); jsonb #> text[]; to_timestamp(seconds)
 * - BigQuery: FORMAT_TIMESTAMP(format, timestamp, time_zone); DATE(timestamp, time_zone);
 *   JSON_VALUE(json, path); TIMESTAMP_SECONDS(int64)
 * - Snowflake: TO_VARCHAR(timestamp, format); GET(variant, key); TO_TIMESTAMP_TZ(number, scale);
 *   CONVERT_TIMEZONE(target_tz, timestamp)
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, tableName } from '../../src/warehouse/dialects.js';

const { duckdb, postgres, bigquery, snowflake } = DIALECTS;

describe('quoting', () => {
  it('doubles the quote inside a quoted name (DuckDB, PostgreSQL, Snowflake)', () => {
    expect(duckdb.ident('a"b')).toBe('"a""b"');
    expect(postgres.ident('timestamp')).toBe('"timestamp"');
    expect(snowflake.ident('we"ird name')).toBe('"we""ird name"');
  });

  it('leaves a plain Snowflake name unquoted (case-insensitive), and quotes reserved words', () => {
    expect(snowflake.ident('EVENT_TYPE')).toBe('EVENT_TYPE');
    expect(snowflake.ident('event_type')).toBe('event_type');
    expect(snowflake.ident('order')).toBe('"order"');
    expect(snowflake.ident('$insert_id')).toBe('"$insert_id"');
  });

  it('escapes backticks and backslashes in BigQuery names', () => {
    expect(bigquery.ident('a`b\\c')).toBe('`a\\`b\\\\c`');
    expect(bigquery.ident('a\nb')).toBe('`a\\nb`');
  });

  it('quotes a qualified table name part by part', () => {
    expect(tableName(postgres, 'analytics.tracks')).toBe('"analytics"."tracks"');
    expect(tableName(bigquery, 'my-project.posthog.events')).toBe('`my-project`.`posthog`.`events`');
    expect(tableName(snowflake, 'AMPLITUDE.EVENTS_123')).toBe('AMPLITUDE.EVENTS_123');
  });

  it('escapes string literals', () => {
    expect(postgres.literal("it's")).toBe("'it''s'");
    expect(bigquery.literal("it's\\")).toBe("'it\\'s\\\\'");
    expect(snowflake.literal("it's")).toBe("'it''s'");
  });
});

describe('date functions, arguments in the documented order', () => {
  it('formats a UTC timestamp as ISO 8601 with milliseconds', () => {
    expect(duckdb.iso('ts')).toBe("strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ')");
    expect(postgres.iso('ts')).toBe(`to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);
    expect(bigquery.iso('ts')).toBe("FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', ts, 'UTC')");
    expect(snowflake.iso('ts')).toBe(`TO_VARCHAR(ts, 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"')`);
  });

  it('takes the UTC day', () => {
    expect(bigquery.day('ts')).toBe("DATE(ts, 'UTC')");
    expect(postgres.day('ts')).toBe('CAST(ts AS date)');
    expect(snowflake.day('ts')).toBe('TO_DATE(ts)');
  });

  it('reads epoch seconds and milliseconds', () => {
    expect(bigquery.utc('t', 'epoch-seconds')).toBe('TIMESTAMP_SECONDS(CAST(t AS INT64))');
    expect(bigquery.utc('t', 'epoch-milliseconds')).toBe('TIMESTAMP_MILLIS(CAST(t AS INT64))');
    expect(snowflake.utc('t', 'epoch-seconds')).toBe("CONVERT_TIMEZONE('UTC', TO_TIMESTAMP_TZ(t, 0))::TIMESTAMP_NTZ");
    expect(snowflake.utc('t', 'epoch-milliseconds')).toBe("CONVERT_TIMEZONE('UTC', TO_TIMESTAMP_TZ(t, 3))::TIMESTAMP_NTZ");
    expect(postgres.utc('t', 'epoch-seconds')).toBe("(to_timestamp(t) AT TIME ZONE 'UTC')");
    expect(duckdb.utc('t', 'epoch-milliseconds')).toBe("(to_timestamp(t / 1000.0) AT TIME ZONE 'UTC')");
  });

  it('reads epoch microseconds (GA4, Amplitude, Snowplow and Parquet-loaded tables keep them)', () => {
    // BigQuery TIMESTAMP_MICROS(INT64); Snowflake TO_TIMESTAMP_TZ(number, scale 6); DuckDB
    // make_timestamp(BIGINT µs), exact; PostgreSQL to_timestamp(double precision seconds).
    expect(bigquery.utc('t', 'epoch-microseconds')).toBe('TIMESTAMP_MICROS(CAST(t AS INT64))');
    expect(snowflake.utc('t', 'epoch-microseconds')).toBe("CONVERT_TIMEZONE('UTC', TO_TIMESTAMP_TZ(t, 6))::TIMESTAMP_NTZ");
    expect(duckdb.utc('t', 'epoch-microseconds')).toBe('make_timestamp(CAST(t AS BIGINT))');
    expect(postgres.utc('t', 'epoch-microseconds')).toBe("(to_timestamp(t / 1000000.0) AT TIME ZONE 'UTC')");
  });
});

describe('JSON scalars', () => {
  it('quotes every key as one JSONPath member (DuckDB, BigQuery)', () => {
    expect(duckdb.jsonScalar('j', ['$groups', 'company'])).toContain(`json_extract_string(j, '$."$groups"."company"')`);
    expect(duckdb.jsonScalar('j', ['a'])).toContain(`json_extract_string(j, '$."a"[0]')`);
    expect(bigquery.jsonScalar('j', ['$groups', 'company'])).toBe(`COALESCE(JSON_VALUE(j, '$."$groups"."company"'), JSON_VALUE(j, '$."$groups"."company"[0]'))`);
    expect(duckdb.jsonScalar('j', ['we"ird'])).toContain(`'$."we\\"ird"'`);
  });

  it('walks a path with the operator or function the dialect has', () => {
    expect(postgres.jsonScalar('j', ['$groups', 'company'])).toContain(`(j #> ARRAY['$groups', 'company']::text[])`);
    expect(postgres.jsonScalar('j', ["it's"])).toContain(`ARRAY['it''s']::text[]`);
    expect(snowflake.jsonScalar('j', ['$groups', 'company'])).toContain(`GET(GET(j, '$groups'), 'company')`);
    expect(snowflake.parseJson('properties')).toBe('TRY_PARSE_JSON(TO_VARCHAR(properties))');
  });
});
