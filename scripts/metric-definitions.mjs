#!/usr/bin/env node
// The written definition of each metric: the doc comment right above `export default` in
// src/metrics/checks/<id>.ts, as plain text. One extraction for docs/metrics.md (metrics-doc.mjs) and for
// `pullcheck explain` (the build writes dist/metrics/definitions.json: src/ is not shipped).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @param {string} id @returns {string} */
export function metricDefinition(id) {
  const source = readFileSync(`${root}src/metrics/checks/${id}.ts`, 'utf8');
  const comment = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export default/.exec(source)?.[1] ?? '';
  return comment
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { METRICS } = await import(`${root}dist/metrics/index.js`);
  const definitions = Object.fromEntries(METRICS.map((/** @type {{ id: string }} */ m) => [m.id, metricDefinition(m.id)]));
  writeFileSync(`${root}dist/metrics/definitions.json`, `${JSON.stringify(definitions, null, 1)}\n`);
}
