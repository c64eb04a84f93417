// The benchmark's large sizes (scripts/bench.mjs): a company with the same users, accounts, deals
// and releases as the 5 M-event company and `factor` times the events per user. Each event of the
// 5 M company becomes `factor` events of the same user, account, event and feature, the k-th one
// k × 97 s after it (so a day keeps its events, as a busier product's users would), written in
// time order (then the source's order), as vendors export. DuckDB writes the CSV (generating 50 M rows with the fixture generator would take
// most of an hour); the CRM files are copied. A `.complete` file marks the company done.
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Seconds between the copies of one event. */
const COPY_SPACING_S = 97;

export async function scaleCompany(src, dst, factor) {
  rmSync(dst, { recursive: true, force: true });
  mkdirSync(dst, { recursive: true });
  for (const file of readdirSync(src)) if (file !== 'events.csv' && !file.startsWith('.')) copyFileSync(join(src, file), join(dst, file));
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const tmp = join(dst, '.duckdb-tmp');
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '4GB', temp_directory: tmp });
  const connection = await instance.connect();
  const literal = (path) => `'${path.replaceAll("'", "''")}'`;
  await connection.run("SET TimeZone = 'UTC'");
  await connection.run(
    `COPY (
       SELECT strftime(CAST(e.timestamp AS TIMESTAMP) + to_seconds(k.k * ${COPY_SPACING_S}), '%Y-%m-%dT%H:%M:%SZ') AS timestamp,
              e.user_id, e.account_id, e.event, e.feature
       FROM (SELECT *, row_number() OVER () AS r
             FROM read_csv(${literal(join(src, 'events.csv'))}, header = true, all_varchar = true)) e,
            range(${Number(factor)}) k(k)
       ORDER BY 1, e.r, k.k
     ) TO ${literal(join(dst, 'events.csv'))} (HEADER, DELIMITER ',')`,
  );
  connection.closeSync();
  instance.closeSync();
  rmSync(tmp, { recursive: true, force: true });
  writeFileSync(join(dst, '.complete'), '');
}
