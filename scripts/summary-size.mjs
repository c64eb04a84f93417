#!/usr/bin/env node
// How many rows a summary of an events file would have, keyed several ways (docs/engine-plan.md):
// DuckDB counts the distinct keys over the whole file. Canonical events CSV (timestamp, user_id,
// account_id, event, feature). Usage: node scripts/summary-size.mjs path/to/events.csv
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/summary-size.mjs EVENTS_CSV');
  process.exit(2);
}
const connection = await (await DuckDBInstance.create(':memory:', { threads: '2' })).connect();
const quoted = `'${file.replaceAll("'", "''")}'`;
await connection.run(`CREATE TABLE e AS SELECT CAST("timestamp" AS DATE) AS d, user_id, account_id, event, feature FROM read_csv(${quoted}, header = true)`);
const KEYS = [
  ['events', null],
  ['user·account·event·feature·day', 'd, user_id, account_id, event, feature'],
  ['user·account·feature·day', 'd, user_id, account_id, feature'],
  ['account·feature·day', 'd, account_id, feature'],
  ['user·day', 'd, user_id'],
];
for (const [name, keys] of KEYS) {
  const sql = keys ? `SELECT count(*) FROM (SELECT 1 FROM e GROUP BY ${keys})` : 'SELECT count(*) FROM e';
  console.log(`${name.padEnd(32)} ${Number((await connection.runAndReadAll(sql)).getRows()[0][0]).toLocaleString('en-US')}`);
}
