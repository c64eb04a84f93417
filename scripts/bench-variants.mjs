// Variants of a generated bench company, for the shapes real exports come in (used by
// `node scripts/bench.mjs --variant NAME`). The same rows, written differently:
//   uuid      every user and account id replaced by a UUID-shaped one (36 characters, in every
//             file), so ids take StringPool's hash path instead of the numbered-id cache;
//   posthog   events as PostHog's CSV export: uuid, event, distinct_id, timestamp, properties
//             (JSON with `feature` and `$groups.company`);
//   posthog-wide  the same, with the ~45 properties a web export carries beside them (browser,
//             screen, geo, session, `$set_once`: ~1.6 KB a row, where `posthog` has 67 bytes);
//   posthog-jsonl  events as PostHog's JSON-lines export (a batch export to S3): {uuid, event,
//             distinct_id, timestamp, properties: {feature, $groups, $browser}};
//   mixpanel  events as Mixpanel's JSON-lines export: {event, properties: {time, distinct_id,
//             account_id, feature, $insert_id}};
//   parquet   events as events.parquet (timestamp TIMESTAMP WITH TIME ZONE, the other columns
//             VARCHAR, zstd), written by DuckDB from events.csv: a warehouse unload's shape.
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, createWriteStream, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const VARIANTS = ['uuid', 'posthog', 'posthog-wide', 'posthog-jsonl', 'mixpanel', 'parquet'];

/** Writes `variant` of the company in `src` to `dst` (replaced); a `.complete` file marks it done. */
export async function makeVariant(src, dst, variant) {
  if (!VARIANTS.includes(variant)) throw new Error(`unknown variant ${variant} (one of ${VARIANTS.join(', ')})`);
  rmSync(dst, { recursive: true, force: true });
  mkdirSync(dst, { recursive: true });
  for (const file of readdirSync(src)) {
    if (variant === 'uuid') await rewriteLines(join(src, file), join(dst, file), (line) => line.replace(/\b(U\d{5,}|A\d{4,})\b/g, uuidOf));
    else if (file !== 'events.csv') copyFileSync(join(src, file), join(dst, file));
  }
  if (variant === 'posthog' || variant === 'posthog-wide') {
    let n = 0;
    await rewriteLines(join(src, 'events.csv'), join(dst, 'posthog-events.csv'), (line, k) => {
      if (k === 0) return 'uuid,event,distinct_id,timestamp,properties';
      const [timestamp, user, account, event, feature] = line.split(',');
      const properties = { ...(feature ? { feature } : {}), $groups: { company: account }, $browser: 'Chrome', ...(variant === 'posthog-wide' ? webProperties(k) : {}) };
      return `0189-${(n++).toString(16)},${event},${user},${timestamp},"${JSON.stringify(properties).replaceAll('"', '""')}"`;
    });
  }
  if (variant === 'posthog-jsonl') {
    await rewriteLines(join(src, 'events.csv'), join(dst, 'posthog-events.jsonl'), (line, k) => {
      if (k === 0) return null;
      const [timestamp, user, account, event, feature] = line.split(',');
      const properties = { ...(feature ? { feature } : {}), $groups: { company: account }, $browser: 'Chrome' };
      return JSON.stringify({ uuid: `0189-${k.toString(16)}`, event, distinct_id: user, timestamp, properties });
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

/** Properties a PostHog web export carries on every event (none of them read by pullcheck), varied by row. */
function webProperties(k) {
  return {
    $os: k % 3 ? 'Mac OS X' : 'Windows', $os_version: '14.4.1', $browser_version: 120 + (k % 7), $device_type: 'Desktop',
    $current_url: `https://app.example.com/projects/${k % 997}/settings?tab=members`, $host: 'app.example.com', $pathname: `/projects/${k % 997}/settings`,
    $referrer: 'https://www.google.com/', $referring_domain: 'www.google.com', $screen_height: 1117, $screen_width: 1728, $viewport_height: 959, $viewport_width: 1728,
    $lib: 'web', $lib_version: '1.130.2', $insert_id: `ins${k.toString(36)}x${(k * 7919).toString(36)}`, $time: 1704372271.123 + k,
    $session_id: `018c${(k >> 4).toString(16).padStart(8, '0')}-7b2a-7c1d-9e3f-a1b2c3d4e5f6`, $window_id: `018c${(k >> 6).toString(16).padStart(8, '0')}-aaaa-bbbb-cccc-ddddeeeeffff`,
    token: 'phc_abcdefghijklmnopqrstuvwxyz0123456789ABCD', $geoip_city_name: 'Berlin', $geoip_country_name: 'Germany', $geoip_country_code: 'DE',
    $geoip_continent_name: 'Europe', $geoip_latitude: 52.52, $geoip_longitude: 13.405, $geoip_time_zone: 'Europe/Berlin', $is_identified: true,
    $process_person_profile: true, $lib_custom_api_host: null,
    $raw_user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    $set_once: { $initial_referrer: '$direct', $initial_current_url: 'https://app.example.com/', $initial_browser: ['Chrome', 'Firefox', 'Safari', 'Edge'][k % 4] },
    $feature_flag_payloads: {}, $active_feature_flags: ['new-nav', 'beta-export'], $sent_at: '2024-01-04T13:04:31.456Z',
  };
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
