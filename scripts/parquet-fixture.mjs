#!/usr/bin/env node
// Writes fixtures/parquet-events: the company of fixtures/corpus/hubspot-posthog with its product
// side as Parquet, written by DuckDB from the corpus CSV files (so the rows are the same):
//   posthog-events-export.parquet  uuid UUID, event, properties JSON, distinct_id,
//                                  timestamp TIMESTAMP WITH TIME ZONE (as PostHog's batch export)
//   persons.parquet                id UUID, distinct_ids VARCHAR[], created_at TIMESTAMP, properties JSON
// and the CRM and roadmap files copied as CSV. test/e2e/parquet.test.ts checks that its report
// equals the corpus company's. Run: node scripts/parquet-fixture.mjs
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const root = fileURLToPath(new URL('..', import.meta.url));
const from = join(root, 'fixtures/corpus/hubspot-posthog');
const out = join(root, 'fixtures/parquet-events');
const PARQUET = new Set(['posthog-events-export.csv', 'persons.csv']);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of readdirSync(from)) if (!PARQUET.has(name)) copyFileSync(join(from, name), join(out, name));

const instance = await DuckDBInstance.create(':memory:', { threads: '1' }); // one thread: the same bytes every time
const connection = await instance.connect();
const literal = (path) => `'${path.replaceAll("'", "''")}'`;
const write = (select, file) => connection.run(`COPY (${select}) TO ${literal(join(out, file))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000)`);

await write(
  `SELECT uuid::UUID AS uuid, event,
     properties::JSON AS properties,
     distinct_id, timestamp::TIMESTAMPTZ AS timestamp
   FROM read_csv(${literal(join(from, 'posthog-events-export.csv'))}, header = true, all_varchar = true)`,
  'posthog-events-export.parquet',
);
await write(
  `SELECT id::UUID AS id, from_json(distinct_ids, '["VARCHAR"]') AS distinct_ids,
     created_at::TIMESTAMP AS created_at, properties::JSON AS properties
   FROM read_csv(${literal(join(from, 'persons.csv'))}, header = true, all_varchar = true)`,
  'persons.parquet',
);
connection.closeSync();
instance.closeSync();
console.log(`wrote ${out}`);
