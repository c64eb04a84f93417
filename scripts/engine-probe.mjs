#!/usr/bin/env node
// A probe for the engine of issue 14 (docs/engine-plan.md): how long DuckDB takes to turn a
// canonical events CSV into a user × feature × day summary of core events with dictionary ids,
// and to hand it to JavaScript as Int32Array columns (not as values). Not the engine: a
// measurement to design it by. Usage: node scripts/engine-probe.mjs path/to/events.csv
import { DuckDBInstance } from '@duckdb/node-api';
const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/engine-probe.mjs EVENTS_CSV');
  process.exit(2);
}
const t0 = performance.now();
const c = await (await DuckDBInstance.create(':memory:', { threads: '2' })).connect();
await c.run("SET TimeZone='UTC'");
await c.run(`CREATE TEMP TABLE e AS SELECT CAST(CAST("timestamp" AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS DATE) AS d, user_id, coalesce(feature, '') AS feature, event FROM read_csv('${file.replaceAll("'", "''")}', header=true)`);
await c.run(`CREATE TEMP TABLE users AS SELECT user_id, CAST(row_number() OVER (ORDER BY user_id) - 1 AS INTEGER) AS uid FROM (SELECT DISTINCT user_id FROM e)`);
await c.run(`CREATE TEMP TABLE feats AS SELECT feature, CAST(row_number() OVER (ORDER BY feature) - 1 AS INTEGER) AS fid FROM (SELECT DISTINCT feature FROM e)`);
const t1 = performance.now();
const res = await c.stream(`SELECT uid, fid, CAST(d - DATE '1970-01-01' AS INTEGER) AS day, CAST(count(*) AS INTEGER) AS n
  FROM e JOIN users USING (user_id) JOIN feats USING (feature) WHERE event NOT IN ('login', 'pageview') GROUP BY uid, fid, d ORDER BY day, uid, fid`);
const cols = [[], [], [], []];
let rows = 0;
for (;;) {
  const chunk = await res.fetchChunk();
  if (!chunk || chunk.rowCount === 0) break;
  const n = chunk.rowCount;
  for (let k = 0; k < 4; k++) {
    const v = chunk.getColumnVector(k);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = v.getItem(i);
    cols[k].push(out);
  }
  rows += n;
}
const t2 = performance.now();
console.log(JSON.stringify({ prepare_ms: Math.round(t1 - t0), query_transfer_ms: Math.round(t2 - t1), rows, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) }));
