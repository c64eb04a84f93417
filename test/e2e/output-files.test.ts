/**
 * Output files (issue 17, items 5, 6 and 9): an output never replaces an input; reports and
 * baselines are written atomically, so a full disk mid-write leaves the previous file whole;
 * --output creates its folder like --output-dir.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { copyFixture, tempDir } from './ci-data.js';
import { ROOT, runCli } from './run-cli.js';

describe('outputs never replace inputs', () => {
  const cases: Array<[string, (data: string, rubric: string) => string[]]> = [
    ['--output onto a data file', (data) => ['--format', 'json', '--output', join(data, 'deals.csv')]],
    ['--output-dir onto the data folder', (data) => ['--format', 'json', '--output-dir', data]],
    ['--save-baseline onto a data file', (data) => ['--save-baseline', join(data, 'deals.csv')]],
    ['--output onto the rubric', (_data, rubric) => ['--rubric', rubric, '--output', rubric]],
  ];
  for (const [name, args] of cases) {
    it(`refuses ${name}, before reading anything, and leaves it as it was`, () => {
      const data = copyFixture('tiny');
      writeFileSync(join(data, 'report.json'), '{"mine": true}\n'); // something already in the folder
      const rubric = join(tempDir(), 'rubric.yaml');
      copyFileSync(join(ROOT, 'rubrics', 'default.yaml'), rubric);
      const before = { deals: readFileSync(join(data, 'deals.csv'), 'utf8'), report: readFileSync(join(data, 'report.json'), 'utf8'), rubric: readFileSync(rubric, 'utf8') };
      const r = runCli(['analyze', data, ...args(data, rubric)], { env: { CI: '' } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^pullcheck: (--output|--output-dir|--save-baseline) .* would overwrite .*, which this run reads as input\nhint: /);
      expect(r.stdout).toBe('');
      expect(readFileSync(join(data, 'deals.csv'), 'utf8')).toBe(before.deals);
      expect(readFileSync(join(data, 'report.json'), 'utf8')).toBe(before.report);
      expect(readFileSync(rubric, 'utf8')).toBe(before.rubric);
    });
  }

  it('a new file in a new folder is fine: --output creates its folder like --output-dir', () => {
    const out = join(tempDir(), 'reports', 'nested', 'report.json');
    const r = runCli(['analyze', join(ROOT, 'fixtures', 'tiny'), '--format', 'json', '--output', out], { env: { CI: '' } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).schemaVersion).toBeGreaterThan(0);
  });
});

/** A preload that makes every write to a file (not stdout/stderr) stop halfway with ENOSPC. */
function fullDiskOption(): string {
  const file = join(tempDir(), 'full-disk.mjs');
  writeFileSync(
    file,
    `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const full = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
const writeSync = fs.writeSync;
fs.writeSync = function (fd, data, ...rest) {
  if (typeof fd === 'number' && fd > 2) {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    writeSync.call(fs, fd, text.slice(0, Math.floor(text.length / 2)));
    throw full();
  }
  return writeSync.call(fs, fd, data, ...rest);
};
const writeFileSync = fs.writeFileSync;
fs.writeFileSync = function (target, data, ...rest) {
  if (typeof target === 'string' || target instanceof URL) {
    const text = String(data);
    writeFileSync.call(fs, target, text.slice(0, Math.floor(text.length / 2)));
    throw full();
  }
  return writeFileSync.call(fs, target, data, ...rest);
};
syncBuiltinESMExports();
`,
  );
  return `--import=${pathToFileURL(file).href}`;
}

describe('a full disk while writing', () => {
  for (const [name, option] of [['--save-baseline', '--save-baseline'], ['--output', '--output']] as const) {
    it(`${name}: exit 2 with one line, the previous file left whole, no temporary file left`, () => {
      const dir = tempDir();
      const target = join(dir, 'existing.json');
      mkdirSync(dir, { recursive: true });
      writeFileSync(target, '{"previous": true}\n');
      const args = ['analyze', join(ROOT, 'fixtures', 'tiny'), option, target, '--format', 'json'];
      const r = runCli(args, { env: { CI: '', NODE_OPTIONS: fullDiskOption() } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/pullcheck: cannot write .*existing\.json: ENOSPC \(the disk is full\)\nhint: /);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(readFileSync(target, 'utf8')).toBe('{"previous": true}\n');
      expect(readdirSync(dir)).toEqual(['existing.json']);
      expect(existsSync(target)).toBe(true);
    });
  }
});
