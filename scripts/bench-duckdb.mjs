#!/usr/bin/env node
// Reference engine for the benchmark (scripts/bench.mjs), run as its own process: DuckDB reads
// the same events file (events.csv, or events.parquet for the Parquet variant) and does the aggregation issue 6 measured engines on (per account and
// feature: events and distinct users; per account: first and last timestamp), in one pass
// (grouping sets). Prints {"seconds": …, "maxRssKb": …, "groups": …} on stdout.
// Usage: node scripts/bench-duckdb.mjs path/to/events.csv|events.parquet
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/bench-duckdb.mjs EVENTS_CSV');
  process.exit(2);
}
const started = process.hrtime.bigint();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const quoted = `'${file.replaceAll("'", "''")}'`;
const source = file.endsWith('.parquet') ? `read_parquet(${quoted})` : `read_csv(${quoted}, header = true)`;
const reader = await connection.runAndReadAll(`
  SELECT count(*) AS groups FROM (
    SELECT account_id, feature, count(*) AS events, count(DISTINCT user_id) AS users, min(timestamp) AS first, max(timestamp) AS last
    FROM ${source}
    GROUP BY GROUPING SETS ((account_id, feature), (account_id))
  )`);
const groups = Number(reader.getRows()[0][0]);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, groups }));
