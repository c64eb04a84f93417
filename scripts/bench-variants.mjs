// Variants of a generated bench company, for the shapes real exports come in (used by
// `node scripts/bench.mjs --variant NAME`). The same rows, written differently:
//   uuid      every user and account id replaced by a UUID-shaped one (36 characters, in every
//             file), so ids take StringPool's hash path instead of the numbered-id cache;
//   posthog   events as PostHog's CSV export: uuid, event, distinct_id, timestamp, properties
//             (JSON with `feature` and `$groups.company`);
//   mixpanel  events as Mixpanel's JSON-lines export: {event, properties: {time, distinct_id,
//             account_id, feature, $insert_id}};
//   parquet   events as events.parquet (timestamp TIMESTAMP WITH TIME ZONE, the other columns
//             VARCHAR, zstd), written by DuckDB from events.csv: a warehouse unload's shape.
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const VARIANTS = ['uuid', 'posthog', 'mixpanel', 'parquet'];

/** Writes `variant` of the company in `src` to `dst` (replaced); a `.complete` file marks it done. */
export async function makeVariant(src, dst, variant) {
  if (!VARIANTS.includes(variant)) throw new Error(`unknown variant ${variant} (one of ${VARIANTS.join(', ')})`);
  rmSync(dst, { recursive: true, force: true });
  mkdirSync(dst, { recursive: true });
  for (const file of readdirSync(src)) {
    if (variant === 'uuid') await rewriteLines(join(src, file), join(dst, file), (line) => line.replace(/\b(U\d{5,}|A\d{4,})\b/g, uuidOf));
    else if (file !== 'events.csv') copyFileSync(join(src, file), join(dst, file));
  }
  if (variant === 'posthog') {
    let n = 0;
    await rewriteLines(join(src, 'events.csv'), join(dst, 'posthog-events.csv'), (line, k) => {
      if (k === 0) return 'uuid,event,distinct_id,timestamp,properties';
      const [timestamp, user, account, event, feature] = line.split(',');
      const properties = { ...(feature ? { feature } : {}), $groups: { company: account }, $browser: 'Chrome' };
      return `0189-${(n++).toString(16)},${event},${user},${timestamp},"${JSON.stringify(properties).replaceAll('"', '""')}"`;
    });
  }
  if (variant === 'mixpanel') {
    await rewriteLines(join(src, 'events.csv'), join(dst, 'mixpanel-export.jsonl'), (line, k) => {
      if (k === 0) return null;
      const [timestamp, user, account, event, feature] = line.split(',');
      const properties = { time: Math.floor(Date.parse(timestamp) / 1000), distinct_id: user, account_id: account, ...(feature ? { feature } : {}), $insert_id: `i${k}` };
      return JSON.stringify({ event, properties });
    });
  }
  if (variant === 'parquet') await writeParquet(join(src, 'events.csv'), join(dst, 'events.parquet'));
  writeFileSync(join(dst, '.complete'), '');
}

/** The canonical events CSV as Parquet, by DuckDB (one thread: the same bytes every time). */
async function writeParquet(from, to) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const literal = (path) => `'${path.replaceAll("'", "''")}'`;
  await connection.run("SET TimeZone = 'UTC'");
  await connection.run(
    `COPY (SELECT timestamp::TIMESTAMPTZ AS timestamp, user_id, account_id, event, feature
       FROM read_csv(${literal(from)}, header = true, all_varchar = true))
     TO ${literal(to)} (FORMAT parquet, COMPRESSION zstd)`,
  );
  connection.closeSync();
  instance.closeSync();
}

const uuids = new Map();
function uuidOf(id) {
  let u = uuids.get(id);
  if (u === undefined) {
    const h = createHash('md5').update(id).digest('hex');
    u = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    uuids.set(id, u);
  }
  return u;
}

/** Copies `from` to `to` line by line through `map` (null drops the line). */
async function rewriteLines(from, to, map) {
  const out = createWriteStream(to);
  let k = 0;
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    const mapped = map(line, k++);
    if (mapped !== null && !out.write(`${mapped}\n`)) await new Promise((resolve) => out.once('drain', resolve));
  }
  await new Promise((resolve) => out.end(resolve));
}
