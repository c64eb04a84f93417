/**
 * Activation derived from events through the built CLI: a PostHog-shaped events export with
 * `user_signed_up` and core events, and no users table, measures the two activation checks.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import type { Evidence } from '../../src/report/contract/evidence.js';
import { byKey } from '../helpers/evidence.js';

interface Check { id: string; status: string; value: number | null; n: number; evidence: Evidence }
interface Report { categories: Array<{ checks: Check[] }>; inputs: { derived?: unknown[] } }

const DIR = 'fixtures/derive/activation';

function analyze(extra: string[] = []): Record<string, Check> {
  const r = runCli(['analyze', DIR, '--format', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  expect(report.inputs.derived).toEqual([
    { field: 'users.signupAt', from: 'first `user_signed_up` event', users: 120 },
    expect.objectContaining({ field: 'users.activatedAt' }),
  ]);
  return Object.fromEntries(report.categories.flatMap((c) => c.checks).map((c) => [c.id, c]));
}

describe('activation derived from events (PostHog shape, no users table)', () => {
  it('measures unassisted-activation-rate and time-to-value-days from signup and first core event', () => {
    const checks = analyze();
    // 120 signups a day apart; 90 use reports 1–5 days later ((i mod 5) + 1); 30 only view pages.
    expect(checks['unassisted-activation-rate']).toMatchObject({ status: expect.not.stringMatching(/insufficient|error/), value: 0.75, n: 120 });
    expect(byKey(checks['unassisted-activation-rate']!.evidence)).toMatchObject({ cohortSignups: 120, activatedWithinWindow: 90, neverActivated: 30 });
    expect(checks['time-to-value-days']).toMatchObject({ value: 3, n: 90 });
    expect(byKey(checks['time-to-value-days']!.evidence)).toMatchObject({ p25Days: 2, p75Days: 4, activatedBeforeSignup: 0 });
  });

  it('inspect shows what was derived and from what', () => {
    const text = runCli(['inspect', DIR]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('signup ← first `user_signed_up` event, 120 users');
    expect(text.stdout).toContain('activation ← first core event after `user_signed_up`, 90 users');
    const json = JSON.parse(runCli(['inspect', DIR, '--format', 'json']).stdout) as { derived: unknown[] };
    expect(json.derived).toEqual([
      { field: 'users.signupAt', from: 'first `user_signed_up` event', users: 120 },
      { field: 'users.activatedAt', from: 'first core event after `user_signed_up`', users: 90 },
    ]);
  });

  it('a configured milestone (a named event within days) changes the derivation', () => {
    const config = join(mkdtempSync(join(tmpdir(), 'pullcheck-activation-')), 'pullcheck.config.yaml');
    writeFileSync(config, 'activation:\n  event: dashboard_shared\n  withinDays: 21\n');
    const checks = analyze(['--config', config]);
    // dashboard_shared comes 21–25 days after signup: only the 1-day users reach it within 21 days.
    expect(byKey(checks['time-to-value-days']!.evidence)).toMatchObject({ activatedUsers: 18, activatedWithin1Day: 0 });
    expect(runCli(['inspect', DIR, '--config', config]).stdout).toContain('activation ← first `dashboard_shared` within 21 days of `user_signed_up`, 18 users');
  });
});
