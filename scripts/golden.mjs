#!/usr/bin/env node
// Golden reports: the full JSON report of every fixture folder, as the built code produces it.
// `node scripts/golden.mjs --write` (after `npm run build`) rewrites test/golden/<name>.json;
// without --write it only checks them. test/perf-equivalence/golden.test.ts asserts that the
// source reproduces them byte for byte, so ingest/metrics speed work cannot change a report.
// Regenerate only when a report change is intended (and say so in the commit).
// scripts/golden-compare.mjs OLD NEW --except evidence shows that a change moved only those fields.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root); // file paths in reports are relative to the working directory

/** Fixture folders with goldens: [golden name, folder relative to the repo root]. */
export function goldenFolders() {
  const folders = ['product-led', 'sales-led', 'tiny', 'malformed'].map((n) => [n, `fixtures/${n}`]);
  const vendors = join(root, 'fixtures/vendors');
  for (const name of readdirSync(vendors).sort()) {
    if (statSync(join(vendors, name)).isDirectory()) folders.push([`vendors-${name}`, `fixtures/vendors/${name}`]);
  }
  const links = join(root, 'fixtures/links');
  for (const name of readdirSync(links).sort()) {
    if (statSync(join(links, name)).isDirectory()) folders.push([`links-${name}`, `fixtures/links/${name}`]);
  }
  return folders;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const write = process.argv.includes('--write');
  const { analyze } = await import('../dist/pipeline/analyze.js');
  const { renderJson } = await import('../dist/renderers/json.js');
  const dir = join(root, 'test/golden');
  mkdirSync(dir, { recursive: true });
  let differ = 0;
  for (const [name, folder] of goldenFolders()) {
    const json = renderJson(await analyze({ dataDir: folder }));
    const file = join(dir, `${name}.json`);
    const same = existsSync(file) && readFileSync(file, 'utf8') === json;
    if (write) writeFileSync(file, json);
    else if (!same) differ++;
    console.log(`${same ? 'same   ' : write ? 'written' : 'DIFFERS'} ${name}`);
  }
  if (differ) process.exitCode = 1;
}
