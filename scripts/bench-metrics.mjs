#!/usr/bin/env node
// Metrics phase benchmark (not a test): loads a company once with the built code, then times
// `buildReport` (the metrics phase) and each metric's compute on the main thread. A bootstrap
// queued by the bootstrap thread (src/stats/bootstrap-thread.ts: drawn by the worker, or here after
// the last check when none started) is not in its metric's time, only in the phase's wall time. Prints a SHA-256 of the JSON report, to compare runs.
//   npm run build && node scripts/bench-metrics.mjs [DIR] [--runs N] [--root TREE]
// --root runs another built tree (its dist/ and rubrics/), e.g. a copy of the code before a change.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '1' }, root: { type: 'string' } },
});
const root = resolve(values.root ?? fileURLToPath(new URL('..', import.meta.url)));
const load = (p) => import(pathToFileURL(join(root, p)).href);
const { loadDataset } = await load('dist/ingest/load-dataset.js');
const { METRICS } = await load('dist/metrics/index.js');
const { buildReport } = await load('dist/report/build.js');
const { loadRubric } = await load('dist/rubric/load.js');
const { DEFAULT_SETTINGS } = await load('dist/core/settings.js');
const { latestDate } = await load('dist/pipeline/analyze.js');
const { renderJson } = await load('dist/renderers/json.js');

const dir = positionals[0] ?? join(fileURLToPath(new URL('..', import.meta.url)), '.bench/product-led-s7-5000000');
let t = performance.now();
const dataset = await loadDataset(dir);
const mb = (kb) => (kb / 1024).toFixed(0);
console.log(`read ${((performance.now() - t) / 1000).toFixed(2)} s, peak RSS so far ${mb(process.resourceUsage().maxRSS)} MB  (${root})`);
const rubric = loadRubric(join(root, 'rubrics/default.yaml'), METRICS);
const asOfDate = latestDate(dataset);
const asOf = Date.parse(`${asOfDate}T00:00:00Z`) + 86_400_000;

for (let run = 0; run < Number(values.runs); run++) {
  const times = new Map();
  let lastCompute = 0;
  const pending = [];
  const timed = METRICS.map((m) => ({
    ...m,
    compute: (...args) => {
      const s = performance.now();
      try {
        const result = m.compute(...args);
        // A queued bootstrap: note when its interval comes back.
        if (result.pendingInterval) pending.push(result.pendingInterval.then(() => [m.id, s - t, performance.now() - t]));
        return result;
      } finally {
        lastCompute = performance.now();
        times.set(m.id, (times.get(m.id) ?? 0) + lastCompute - s);
      }
    },
  }));
  const cpu = process.cpuUsage();
  t = performance.now();
  const report = await buildReport({ dataset, rubric, metrics: timed, settings: DEFAULT_SETTINGS, asOf, asOfDate, toolVersion: 'bench' });
  const wall = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  const hash = createHash('sha256').update(renderJson(report)).digest('hex').slice(0, 16);
  console.log(
    `metrics ${wall.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU (all threads), peak RSS so far ${mb(process.resourceUsage().maxRSS)} MB  report ${hash}`,
  );
  console.log(`  main thread busy until ${((lastCompute - t) / 1000).toFixed(2)} s; ${pending.length} bootstraps queued`);
  for (const [id, start, end] of await Promise.all(pending)) console.log(`    ${id.padEnd(38)} queued at ${(start / 1000).toFixed(2)} s, in at ${(end / 1000).toFixed(2)} s`);
  for (const [id, ms] of [...times].sort((a, b) => b[1] - a[1])) console.log(`  ${id.padEnd(40)} ${(ms / 1000).toFixed(3)}`);
}
