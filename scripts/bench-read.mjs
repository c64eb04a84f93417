#!/usr/bin/env node
// Reading alone: times the built `loadDataset` on a cached bench company (after `npm run build`).
// Usage: node scripts/bench-read.mjs [.bench/product-led-s7-5000000] [--runs 3] [--against TREE]
// --against TREE alternates this tree's loadDataset with another built tree's (e.g. a worktree of
// the commit before a change) in one process, so both see the same machine; CPU seconds are
// the figure to compare (this machine's speed drifts between processes). PULLCHECK_READ_THREADS=1
// compares one thread's work without the split's balance.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '1' }, against: { type: 'string' } } });
const dir = positionals[0] ?? `${root}.bench/product-led-s7-5000000`;
const trees = [['this', root]];
if (values.against) trees.push(['against', `${resolve(values.against)}/`]);
const loaders = [];
for (const [name, tree] of trees) loaders.push([name, (await import(`${tree}dist/ingest/load-dataset.js`)).loadDataset]);
const cpuByTree = new Map(trees.map(([name]) => [name, []]));
for (let r = 0; r < Number(values.runs); r++) {
  // Alternate which tree goes first, so neither always runs on a warmer or cooler machine.
  for (const [name, loadDataset] of r % 2 === 0 ? loaders : [...loaders].reverse()) {
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const dataset = await loadDataset(dir);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    cpuByTree.get(name).push(cpuSeconds.toFixed(2));
    const events = dataset.tables.events.length;
    const label = loaders.length > 1 ? `${name.padEnd(8)} ` : '';
    console.log(`${label}read ${events.toLocaleString('en-US')} events in ${seconds.toFixed(2)} s (${Math.round(events / seconds).toLocaleString('en-US')} events/s), CPU ${cpuSeconds.toFixed(2)} s (all threads), rss ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
  }
}
if (loaders.length > 1) for (const [name, list] of cpuByTree) console.log(`CPU s, ${name}: ${list.join(' ')}`);
