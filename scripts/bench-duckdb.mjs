#!/usr/bin/env node
// Reference engine for the benchmark (scripts/bench.mjs), run as its own process: DuckDB reads
// the same events file and does the aggregation issue 6 measured engines on (per account and
// feature: events and distinct users; per account: first and last timestamp), in one pass
// (grouping sets), reading only the columns it needs. The file is the canonical events.csv,
// events.parquet (Parquet variant), posthog-events.csv (account and feature are JSON paths in
// `properties`, extracted), posthog-events.jsonl (the same as JSON lines) or mixpanel-export.jsonl
// (every field a path in `properties`, read as JSON text and extracted). Prints {"seconds": …, "maxRssKb": …, "groups": …} on stdout.
// `floor` instead groups the same rows by day as the summaries issue 14 prescribes must (per user ×
// feature, and per account: their first and last day, active days and active users, need the
// distinct days and users under them): (user, feature, day) and (account, user, day), counts
// only, nothing handed over. No engine that gives those summaries from raw events does less.
// Usage: node scripts/bench-duckdb.mjs EVENTS_FILE [floor]
import { DuckDBInstance } from '@duckdb/node-api';

const [file, query = 'reference'] = process.argv.slice(2);
if (!file || !['reference', 'floor'].includes(query)) {
  console.error('usage: node scripts/bench-duckdb.mjs EVENTS_FILE [floor]');
  process.exit(2);
}
const started = process.hrtime.bigint();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const quoted = `'${file.replaceAll("'", "''")}'`;
const SOURCES = [
  [/\.parquet$/, `read_parquet(${quoted})`],
  [
    /posthog-events\.csv$/,
    `(SELECT distinct_id AS user_id, json_extract_string(properties, '$."$groups"."company"') AS account_id,
        json_extract_string(properties, '$."feature"') AS feature, CAST(timestamp AS TIMESTAMPTZ) AS timestamp
      FROM read_csv(${quoted}, header = true, columns = {'uuid': 'VARCHAR', 'event': 'VARCHAR', 'distinct_id': 'VARCHAR', 'timestamp': 'VARCHAR', 'properties': 'VARCHAR'}))`,
  ],
  [
    /posthog-events\.jsonl$/,
    `(SELECT distinct_id AS user_id, json_extract_string(properties, '$."$groups"."company"') AS account_id,
        json_extract_string(properties, '$."feature"') AS feature, CAST(timestamp AS TIMESTAMPTZ) AS timestamp
      FROM read_json(${quoted}, format = 'newline_delimited', columns = {'distinct_id': 'VARCHAR', 'timestamp': 'VARCHAR', 'properties': 'JSON'}))`,
  ],
  [
    /\.jsonl$/,
    `(SELECT json_extract_string(properties, '$."distinct_id"') AS user_id, json_extract_string(properties, '$."account_id"') AS account_id,
        json_extract_string(properties, '$."feature"') AS feature, to_timestamp(CAST(json_extract(properties, '$."time"') AS BIGINT)) AS timestamp
      FROM read_json(${quoted}, format = 'newline_delimited', columns = {'event': 'VARCHAR', 'properties': 'JSON'}))`,
  ],
];
const source = SOURCES.find(([pattern]) => pattern.test(file))?.[1] ?? `read_csv(${quoted}, header = true)`;
const QUERIES = {
  reference: `SELECT account_id, feature, count(*) AS events, count(DISTINCT user_id) AS users, min(timestamp) AS first, max(timestamp) AS last
    FROM ${source}
    GROUP BY GROUPING SETS ((account_id, feature), (account_id))`,
  floor: `SELECT user_id, account_id, feature, day, count(*) AS events
    FROM (SELECT user_id, account_id, feature, CAST(timestamp AS DATE) AS day FROM ${source})
    GROUP BY GROUPING SETS ((user_id, feature, day), (account_id, user_id, day))`,
};
const reader = await connection.runAndReadAll(`SELECT count(*) AS groups FROM (${QUERIES[query]})`);
const groups = Number(reader.getRows()[0][0]);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, groups }));
