/**
 * A baseline saved by a pullcheck whose metric method differs (issue 16, item 6), end to end: the
 * saved baseline records the methods; against one whose method for a metric is older, that
 * metric's checks are "method changed", and --update-baseline says what changed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliWithGate } from './run-cli.js';

describe('baseline method versions', () => {
  it('are saved, and an older one is reported and re-baselined, not counted as a drop', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-method-'));
    const file = join(dir, 'baseline.json');
    expect(runCli(['analyze', 'fixtures/sales-led', '--save-baseline', file, '--format', 'json'], { env: { CI: '' } }).code).toBe(0);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.methods['avg-discount-won']).toBe(1);
    // As if saved by an older pullcheck that computed the discount differently.
    saved.methods['avg-discount-won'] = 0;
    writeFileSync(file, JSON.stringify(saved));
    const r = runCliWithGate(['analyze', 'fixtures/sales-led', '--baseline', file, '--max-drop', '1', '--update-baseline', '--format', 'json'], { env: { CI: '' } });
    expect(r.code, r.stderr.slice(0, 400)).toBe(0);
    const gate = r.gate!;
    expect(gate.baseline!.methodChanges).toEqual([{ metric: 'avg-discount-won', before: 0, after: 1 }]);
    expect(gate.checks.find((c) => c.id === 'avg-discount-won')!.score.outcome).toBe('method-changed');
    expect(r.stderr).toMatch(/baseline .* updated: .*avg-discount-won now computed by method v1 \(was v0\)/);
    expect(JSON.parse(readFileSync(file, 'utf8')).methods['avg-discount-won']).toBe(1);
  });
});
