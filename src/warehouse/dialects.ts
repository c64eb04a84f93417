/**
 * The SQL dialects `pullcheck sql` writes (docs/warehouse.md): how each quotes names and text,
 * casts to text, reads a scalar from a JSON column, reads a timestamp as UTC, and formats it.
 * Everything else in the summary query is standard SQL the four share. Names from the user (the
 * table, its columns) and keys from the layouts only ever reach SQL through `ident` and `literal`.
 */

export type DialectId = 'duckdb' | 'postgres' | 'bigquery' | 'snowflake';
export const DIALECT_IDS: readonly DialectId[] = ['duckdb', 'postgres', 'bigquery', 'snowflake'];

/** How a source's timestamp column holds time. */
export type TimestampKind = 'timestamp' | 'epoch-seconds' | 'epoch-milliseconds' | 'epoch-microseconds';
export const TIMESTAMP_KINDS: readonly TimestampKind[] = ['timestamp', 'epoch-seconds', 'epoch-milliseconds', 'epoch-microseconds'];

export interface Dialect {
  id: DialectId;
  name: string;
  /** One identifier (a column or one part of a table name), quoted so any text is only a name. */
  ident(name: string): string;
  /** A string literal. */
  literal(text: string): string;
  /** `expr` as text. */
  text(expr: string): string;
  /**
   * A JSON column (JSON text or the dialect's JSON type) read once per row, for `jsonScalar`;
   * text that is not JSON gives NULL where the dialect can say so.
   */
  parseJson(column: string): string;
  /**
   * The scalar at `path` (object keys) in `json` (from `parseJson`), as text: an array gives its
   * first element, an object NULL.
   */
  jsonScalar(json: string, path: readonly string[]): string;
  /** `expr` (of `kind`) as the dialect's timestamp, in UTC. */
  utc(expr: string, kind: TimestampKind): string;
  /** The UTC calendar day of a timestamp from `utc`. */
  day(ts: string): string;
  /** A timestamp from `utc` as ISO 8601 text with milliseconds and `Z`: 2024-05-01T09:30:00.000Z. */
  iso(ts: string): string;
  /** How to run the query and export its result, for the header comment (`file` = the query's file). */
  exportSteps(file: string): string[];
}

/** `"a"."b"` style quoting: the quote doubled inside. */
const doubleQuoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;
/** SQL-standard string literal: the quote doubled inside. */
const standardLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;
/** A JSONPath member, quoted so any key is one member: `."$groups"`. */
const jsonPathMember = (key: string): string => `."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

const duckdb: Dialect = {
  id: 'duckdb',
  name: 'DuckDB',
  ident: doubleQuoted,
  literal: standardLiteral,
  text: (expr) => `CAST(${expr} AS VARCHAR)`,
  // TRY_CAST reads a text column as JSON, or a STRUCT from read_json; NULL for text that is not JSON.
  parseJson: (column) => `TRY_CAST(${column} AS JSON)`,
  // json_type(json, path) / json_extract_string(json, path) (DuckDB's JSON extension).
  jsonScalar(json, path) {
    const at = standardLiteral(`$${path.map(jsonPathMember).join('')}`);
    const first = standardLiteral(`$${path.map(jsonPathMember).join('')}[0]`);
    return `CASE json_type(${json}, ${at}) WHEN 'ARRAY' THEN json_extract_string(${json}, ${first}) WHEN 'OBJECT' THEN NULL ELSE json_extract_string(${json}, ${at}) END`;
  },
  // to_timestamp(seconds) gives a TIMESTAMPTZ; AT TIME ZONE 'UTC' turns any TIMESTAMPTZ into UTC wall time.
  utc(expr, kind) {
    if (kind === 'epoch-seconds') return `(to_timestamp(${expr}) AT TIME ZONE 'UTC')`;
    if (kind === 'epoch-milliseconds') return `(to_timestamp(${expr} / 1000.0) AT TIME ZONE 'UTC')`;
    // make_timestamp(µs since the epoch) is the UTC wall time, exactly (a division would round).
    if (kind === 'epoch-microseconds') return `make_timestamp(CAST(${expr} AS BIGINT))`;
    return `(CAST(${expr} AS TIMESTAMPTZ) AT TIME ZONE 'UTC')`;
  },
  day: (ts) => `CAST(${ts} AS DATE)`,
  // strftime(timestamp, format); %g is milliseconds, zero-padded.
  iso: (ts) => `strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%gZ')`,
  exportSteps: (file) => [
    `duckdb my.db -c "SET TimeZone = 'UTC'; COPY ($(cat ${file})) TO 'event_summary.csv' (HEADER)"`,
    "or, for Parquet: ... TO 'event_summary.parquet' (FORMAT parquet)",
  ],
};

const postgres: Dialect = {
  id: 'postgres',
  name: 'PostgreSQL',
  ident: doubleQuoted,
  literal: standardLiteral,
  text: (expr) => `CAST(${expr} AS text)`,
  // A json, jsonb or text column as jsonb (text that is not JSON stops the query: docs/warehouse.md).
  parseJson: (column) => `CAST(${column} AS jsonb)`,
  // jsonb #> text[] (the value at a path), jsonb_typeof, ->> 0 (an array's first element as text),
  // #>> '{}' (a scalar as text).
  jsonScalar(json, path) {
    const value = `(${json} #> ARRAY[${path.map(standardLiteral).join(', ')}]::text[])`;
    return `CASE jsonb_typeof(${value}) WHEN 'array' THEN ${value} ->> 0 WHEN 'object' THEN NULL ELSE ${value} #>> '{}' END`;
  },
  // to_timestamp(double precision seconds) is a timestamptz; AT TIME ZONE 'UTC' gives UTC wall time.
  utc(expr, kind) {
    if (kind === 'epoch-seconds') return `(to_timestamp(${expr}) AT TIME ZONE 'UTC')`;
    if (kind === 'epoch-milliseconds') return `(to_timestamp(${expr} / 1000.0) AT TIME ZONE 'UTC')`;
    if (kind === 'epoch-microseconds') return `(to_timestamp(${expr} / 1000000.0) AT TIME ZONE 'UTC')`;
    return `(CAST(${expr} AS timestamptz) AT TIME ZONE 'UTC')`;
  },
  day: (ts) => `CAST(${ts} AS date)`,
  // to_char(timestamp, format); MS is milliseconds.
  iso: (ts) => `to_char(${ts}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  exportSteps: (file) => [`PGTZ=UTC psql "$DATABASE_URL" -X -q --csv -f ${file} > event_summary.csv`],
};

const bigquery: Dialect = {
  id: 'bigquery',
  name: 'BigQuery (GoogleSQL)',
  // Backticks; quoted identifiers take the escape sequences of string literals (GoogleSQL
  // "Lexical structure"): a backtick, backslash or line break inside is escaped.
  ident: (name) => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('\n', '\\n').replaceAll('\r', '\\r')}\``,
  literal: (text) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n').replaceAll('\r', '\\r')}'`,
  text: (expr) => `CAST(${expr} AS STRING)`,
  // JSON_VALUE reads a STRING or a JSON column alike (NULL for text that is not JSON), so the
  // column is passed as it is.
  parseJson: (column) => column,
  // JSON_VALUE(json_string_or_json, json_path) gives a scalar as STRING and NULL for an array or
  // object; double-quoted members take any key.
  jsonScalar(json, path) {
    const at = `$${path.map(jsonPathMember).join('')}`;
    return `COALESCE(JSON_VALUE(${json}, ${bigquery.literal(at)}), JSON_VALUE(${json}, ${bigquery.literal(`${at}[0]`)}))`;
  },
  // TIMESTAMP_SECONDS / TIMESTAMP_MILLIS (INT64); a TIMESTAMP is an instant, shown in UTC.
  utc(expr, kind) {
    if (kind === 'epoch-seconds') return `TIMESTAMP_SECONDS(CAST(${expr} AS INT64))`;
    if (kind === 'epoch-milliseconds') return `TIMESTAMP_MILLIS(CAST(${expr} AS INT64))`;
    if (kind === 'epoch-microseconds') return `TIMESTAMP_MICROS(CAST(${expr} AS INT64))`;
    return `CAST(${expr} AS TIMESTAMP)`;
  },
  // DATE(timestamp, time_zone)
  day: (ts) => `DATE(${ts}, 'UTC')`,
  // FORMAT_TIMESTAMP(format, timestamp, time_zone); %E3S is seconds with 3 decimals.
  iso: (ts) => `FORMAT_TIMESTAMP('%Y-%m-%dT%H:%M:%E3SZ', ${ts}, 'UTC')`,
  exportSteps: () => [
    'EXPORT DATA OPTIONS (uri = \'gs://BUCKET/pullcheck/event_summary-*.csv\', format = \'CSV\', header = true) AS <this query>',
    'then: gsutil cat gs://BUCKET/pullcheck/event_summary-*.csv > event_summary.csv (keep one header line), or format = \'PARQUET\'',
  ],
};

/** Snowflake's reserved keywords (its "Reserved & limited keywords" page): a column so named was created quoted. */
const SNOWFLAKE_RESERVED = new Set(
  ('ALL ALTER AND ANY AS BETWEEN BY CASE CAST CHECK COLUMN CONNECT CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME ' +
    'CURRENT_TIMESTAMP CURRENT_USER DELETE DISTINCT DROP ELSE EXISTS FALSE FOLLOWING FOR FROM FULL GRANT GROUP HAVING ILIKE IN ' +
    'INCREMENT INNER INSERT INTERSECT INTO IS JOIN LATERAL LEFT LIKE LOCALTIME LOCALTIMESTAMP MINUS NATURAL NOT NULL OF ON OR ' +
    'ORDER QUALIFY REGEXP REVOKE RIGHT RLIKE ROW ROWS SAMPLE SELECT SET SOME START TABLE TABLESAMPLE THEN TO TRIGGER TRUE ' +
    'TRY_CAST UNION UNIQUE UPDATE USING VALUES WHEN WHENEVER WHERE WITH').split(' '),
);

const snowflake: Dialect = {
  id: 'snowflake',
  name: 'Snowflake',
  // Unquoted names are case-insensitive (stored upper case), so a plain name stays unquoted and
  // matches however the table spelled it; any other name is quoted exactly.
  ident: (name) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !SNOWFLAKE_RESERVED.has(name.toUpperCase()) ? name : doubleQuoted(name)),
  literal: (text) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`,
  text: (expr) => `TO_VARCHAR(${expr})`,
  // A VARCHAR or VARIANT column as a VARIANT (NULL for text that is not JSON).
  parseJson: (column) => `TRY_PARSE_JSON(TO_VARCHAR(${column}))`,
  // GET(object, key) / GET(array, index) on a VARIANT; IS_ARRAY / IS_OBJECT.
  jsonScalar(json, path) {
    let value = json;
    for (const key of path) value = `GET(${value}, ${snowflake.literal(key)})`;
    return `CASE WHEN IS_ARRAY(${value}) THEN TO_VARCHAR(GET(${value}, 0)) WHEN IS_OBJECT(${value}) THEN NULL ELSE TO_VARCHAR(${value}) END`;
  },
  // TO_TIMESTAMP_TZ(number, scale): scale 0 = seconds, 3 = milliseconds; CONVERT_TIMEZONE('UTC', tz)
  // gives UTC; a TIMESTAMP_NTZ column is read in the session's time zone (set it to UTC).
  utc(expr, kind) {
    if (kind === 'epoch-seconds') return `CONVERT_TIMEZONE('UTC', TO_TIMESTAMP_TZ(${expr}, 0))::TIMESTAMP_NTZ`;
    if (kind === 'epoch-milliseconds') return `CONVERT_TIMEZONE('UTC', TO_TIMESTAMP_TZ(${expr}, 3))::TIMESTAMP_NTZ`;
    if (kind === 'epoch-microseconds') return `CONVERT_TIMEZONE('UTC', TO_TIMESTAMP_TZ(${expr}, 6))::TIMESTAMP_NTZ`;
    return `CONVERT_TIMEZONE('UTC', TO_TIMESTAMP_TZ(${expr}))::TIMESTAMP_NTZ`;
  },
  day: (ts) => `TO_DATE(${ts})`,
  // TO_VARCHAR(timestamp, format); FF3 is milliseconds.
  iso: (ts) => `TO_VARCHAR(${ts}, 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"')`,
  exportSteps: () => [
    "in a worksheet: ALTER SESSION SET TIMEZONE = 'UTC'; then run this query and download the result as CSV",
    "or unload it: ALTER SESSION SET TIMEZONE = 'UTC'; COPY INTO @STAGE/event_summary.csv FROM (<this query>) FILE_FORMAT = (TYPE = CSV) HEADER = TRUE SINGLE = TRUE; then GET @STAGE/event_summary.csv file://./",
  ],
};

export const DIALECTS: Record<DialectId, Dialect> = { duckdb, postgres, bigquery, snowflake };

/** `a.b.c` (a qualified table name) quoted part by part. */
export function tableName(dialect: Dialect, qualified: string): string {
  return qualified.split('.').map((part) => dialect.ident(part)).join('.');
}
