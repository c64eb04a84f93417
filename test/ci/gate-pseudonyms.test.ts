/**
 * The gate's messages quote check reasons, which may name a company the evidence names too. In
 * outputs that hide names (CI, Markdown), the gate judges the pseudonymised report, so its
 * messages carry the same pseudonyms; pass or fail is the same, and the terminal keeps the names.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishReport } from '../../src/output/finish.js';
import type { CommandIo } from '../../src/core/io.js';
import { makeReport } from './report-factory.js';
import { column, evidence } from '../../src/metrics/evidence.js';

function capture(env: Record<string, string>): { io: CommandIo; out: () => string } {
  let text = '';
  const stream = { write: (s: string) => ((text += s), true), isTTY: false, columns: 100 } as unknown as NodeJS.WriteStream;
  const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
  return { io: { stdout: stream, stderr: quiet, env, result: { exitCode: 0 } }, out: () => text };
}

const report = () =>
  makeReport([
    {
      id: 'push',
      checks: [
        { id: 'deal-share', value: 0.9 },
        // Insufficient, with a reason naming an account that the evidence names too.
        { id: 'shelfware', value: null, reason: 'only Umbra Dental closed in the window', evidence: evidence().table('topAccounts', 'top accounts', 'account', [column('n', 'n', 'count')], [{ id: 'A1', name: 'Umbra Dental', values: { n: 3 } }]).build() },
      ],
    },
  ]);

describe('the gate in outputs that hide names', () => {
  it('writes the gate document and Markdown with the pseudonyms of the report, and fails the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-gate-names-'));
    const { io } = capture({ CI: 'true' });
    const plan = { baseline: null, gateFlags: true };
    const code = finishReport(report(), plan, { format: ['markdown', 'json'], outputDir: dir, failOn: ['insufficient-data'] }, io, dir);
    expect(code).toBe(1);
    const gate = readFileSync(join(dir, 'gate.json'), 'utf8');
    const markdown = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(gate).toContain('shelfware');
    expect(gate).not.toContain('Umbra Dental');
    expect(markdown).not.toContain('Umbra Dental');
    const pseudonym = /account-[0-9a-f]{6}/.exec(gate)?.[0];
    expect(pseudonym, gate).toBeDefined();
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toContain(pseudonym!);
  });

  it('keeps the names on a local terminal', () => {
    const { io, out } = capture({});
    const code = finishReport(report(), { baseline: null, gateFlags: true }, { format: ['terminal'], failOn: ['insufficient-data'] }, io, '.');
    expect(code).toBe(1);
    expect(out()).toContain('Umbra Dental');
  });
});
