#!/usr/bin/env node
// Benchmark: `npm run bench` (not a test). Generates deterministic companies at several sizes
// with the fixture generator (cached under .bench/), runs the built `pullcheck analyze` on each
// as a whole process (default rubric, JSON output), and prints wall time, events/s, MB/s and
// peak RSS. Options: --sizes 100000,1000000,5000000  --profile product-led  --seed 7  --runs 1
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateCompany } from './generate-fixtures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000,5000000' },
    profile: { type: 'string', default: 'product-led' },
    seed: { type: 'string', default: '7' },
    runs: { type: 'string', default: '1' },
  },
});
const sizes = values.sizes.split(',').map(Number);

async function company(events) {
  const dir = join(root, '.bench', `${values.profile}-s${values.seed}-${events}`);
  if (!existsSync(join(dir, 'events.csv'))) {
    process.stderr.write(`generating ${dir} …\n`);
    await generateCompany({ profile: values.profile, seed: Number(values.seed), events, outDir: dir, log: () => {} });
  }
  return dir;
}

function measure(dir) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      ['--import', join(root, 'scripts/bench-rss.mjs'), join(root, 'bin/pullcheck.js'), 'analyze', dir, '--format', 'json', '--quiet'],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
    );
    let stats = '';
    let stderr = '';
    child.stdio[3].on('data', (chunk) => (stats += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`analyze exited ${code}: ${stderr}`));
      resolve({ seconds, maxRssMb: JSON.parse(stats).maxRssKb / 1024 });
    });
  });
}

function folderBytes(dir) {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

function countLines(file) {
  // Rows = lines - header; the generator writes one event per line.
  return new Promise((resolve) => {
    let lines = 0;
    createReadStream(file)
      .on('data', (buf) => {
        for (let i = 0; i < buf.length; i++) if (buf[i] === 10) lines++;
      })
      .on('end', () => resolve(lines - 1));
  });
}

const rows = [];
for (const size of sizes) {
  const dir = await company(size);
  const events = await countLines(join(dir, 'events.csv'));
  const mb = folderBytes(dir) / 1e6;
  const runs = [];
  for (let i = 0; i < Number(values.runs); i++) runs.push(await measure(dir));
  const best = runs.sort((a, b) => a.seconds - b.seconds)[0];
  rows.push({ size, events, mb, ...best });
  process.stderr.write(`done ${size}\n`);
}

const line = (cells) => `| ${cells.join(' | ')} |`;
console.log(`pullcheck analyze benchmark · ${values.profile} seed ${values.seed} · node ${process.version} · best of ${values.runs}`);
console.log(line(['target events', 'events', 'input MB', 'wall s', 'events/s', 'MB/s', 'peak RSS MB']));
console.log(line(['---', '---', '---', '---', '---', '---', '---']));
for (const r of rows) {
  console.log(
    line([
      r.size.toLocaleString('en-US'),
      r.events.toLocaleString('en-US'),
      r.mb.toFixed(1),
      r.seconds.toFixed(2),
      Math.round(r.events / r.seconds).toLocaleString('en-US'),
      (r.mb / r.seconds).toFixed(1),
      r.maxRssMb.toFixed(0),
    ]),
  );
}
