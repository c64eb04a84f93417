#!/usr/bin/env node
// Reading alone: times the built `loadDataset` on a cached bench company (after `npm run build`).
// Usage: node scripts/bench-read.mjs [.bench/product-led-s7-5000000] [--runs 3]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '1' } } });
const dir = positionals[0] ?? `${root}.bench/product-led-s7-5000000`;
const { loadDataset } = await import(`${root}dist/ingest/load-dataset.js`);
for (let r = 0; r < Number(values.runs); r++) {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const dataset = await loadDataset(dir);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const events = dataset.tables.events.length;
  console.log(`read ${events.toLocaleString('en-US')} events in ${seconds.toFixed(2)} s (${Math.round(events / seconds).toLocaleString('en-US')} events/s), CPU ${cpuSeconds.toFixed(2)} s (all threads), rss ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
}
