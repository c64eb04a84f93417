/**
 * The default rubric validated at build time (scripts/prebuild-rubric.mjs → dist/rubric/default-rubric.json,
 * used by the built loadRubric). Runs against dist/, which `npm test` builds first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../..');
const built = async () => ({
  ...(await import(join(root, 'dist/rubric/load.js'))),
  ...(await import(join(root, 'dist/metrics/index.js'))),
});
const DEFAULT_RUBRIC_PATH = join(root, 'rubrics/default.yaml');

describe('the default rubric, validated at build time', () => {
  it('is the rubric that parsing its YAML gives, and loadRubric returns it', async () => {
    const { loadRubric, parseRubric, METRICS } = await built();
    const parsed = parseRubric(readFileSync(DEFAULT_RUBRIC_PATH, 'utf8'), DEFAULT_RUBRIC_PATH, METRICS);
    const stored = JSON.parse(readFileSync(join(root, 'dist/rubric/default-rubric.json'), 'utf8'));
    expect(stored.rubric).toEqual(parsed);
    expect(loadRubric(DEFAULT_RUBRIC_PATH, METRICS)).toEqual(parsed);
  });

  it('is not used for an edited copy: its changes and its errors are seen', async () => {
    const { loadRubric, METRICS } = await built();
    const text = readFileSync(DEFAULT_RUBRIC_PATH, 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-prebuilt-'));
    const same = join(dir, 'same.yaml');
    writeFileSync(same, text);
    expect(loadRubric(same, METRICS).file).toBe(same);
    const edited = join(dir, 'edited.yaml');
    writeFileSync(edited, text.replace(/weight: (\d+)/, 'weight: 0.5'));
    expect(JSON.stringify(loadRubric(same, METRICS))).not.toContain('"weight":0.5');
    expect(JSON.stringify(loadRubric(edited, METRICS))).toContain('"weight":0.5');
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, text.replace(/weight: (\d+)/, 'weight: heavy'));
    expect(() => loadRubric(broken, METRICS)).toThrow(/broken\.yaml:\d+: .*weight/);
  });

  it('spares a run with the default rubric loading the yaml library', () => {
    const script = `
      const { defaultRubricPath, loadRubric } = await import(${JSON.stringify(join(root, 'dist/rubric/load.js'))});
      const { METRICS } = await import(${JSON.stringify(join(root, 'dist/metrics/index.js'))});
      loadRubric(defaultRubricPath(), METRICS);
      const { createRequire } = await import('node:module');
      console.log(Object.keys(createRequire(import.meta.url).cache).filter((k) => k.includes('node_modules/yaml/')).length);`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()).toBe('0');
  });
});
