/**
 * Reports on every fixture folder stay byte-for-byte what they were before the fast ingest
 * path (columnar events, hand-written CSV splitter). Goldens: `node scripts/golden.mjs --write`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/pipeline/analyze.js';
import { renderJson } from '../../src/renderers/json.js';
// @ts-expect-error plain ESM script without types
import { goldenFolders } from '../../scripts/golden.mjs';
import { ROOT } from '../e2e/run-cli.js';

describe('reports on the fixtures are unchanged (golden files)', () => {
  for (const [name, folder] of goldenFolders() as Array<[string, string]>) {
    it(name, async () => {
      const expected = readFileSync(join(ROOT, 'test/golden', `${name}.json`), 'utf8');
      const actual = renderJson(await analyze({ dataDir: folder }));
      expect(actual === expected, `report of ${folder} differs from test/golden/${name}.json`).toBe(true);
      if (actual !== expected) expect(actual).toBe(expected);
    });
  }
});
