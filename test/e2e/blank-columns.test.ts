/**
 * A column nobody fills (issue 13): a users export whose `invited_by` and `activated_at` are
 * blank in every row. The invite check is insufficient data naming the column (it was a FAIL at
 * k = 0), and activation is derived from the signup and product events as if the column were
 * absent (it was "0 activated" and a FAIL).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface Check { id: string; status: string; reason?: string; n: number }
interface Report { categories: Array<{ checks: Check[] }>; warnings: Array<{ code: string; message: string }> }

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

function company(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-blank-'));
  const start = Date.UTC(2025, 0, 6);
  const users = ['user_id,account_id,signup_at,activated_at,title,invited_by'];
  const events = ['timestamp,user_id,account_id,event,feature'];
  for (let i = 0; i < 400; i++) {
    const signup = start + (i % 300) * DAY;
    users.push(`u${i},a${i % 40},${iso(signup)},,Engineer,`);
    events.push(`${iso(signup)},u${i},a${i % 40},user_signed_up,`);
    // three in four users use a core feature two days after signing up
    if (i % 4 !== 0) events.push(`${iso(signup + 2 * DAY)},u${i},a${i % 40},report_created,reports`);
  }
  events.push(`${iso(start + 400 * DAY)},u1,a1,report_created,reports`);
  writeFileSync(join(dir, 'users.csv'), `${users.join('\n')}\n`);
  writeFileSync(join(dir, 'events.csv'), `${events.join('\n')}\n`);
  return dir;
}

describe('a column blank in every row', () => {
  it('is read as not exported: invites insufficient, activation derived from events', () => {
    const r = runCli(['analyze', company(), '--format', 'json'], { env: { CI: '' } });
    expect(r.code, r.stderr.slice(0, 300)).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const check = (id: string) => report.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;
    expect(check('invite-k-factor').status).toBe('insufficient-data');
    expect(check('invite-k-factor').reason).toMatch(/"invited_by" column is blank in all 400 rows, so it cannot tell none from not exported/);
    const ttv = check('time-to-value-days');
    expect(ttv.status).not.toBe('insufficient-data');
    const activation = check('unassisted-activation-rate');
    expect(['pass', 'warn', 'fail']).toContain(activation.status);
    expect(report.warnings.filter((w) => w.code === 'BLANK_COLUMN').map((w) => w.message)).toEqual([
      expect.stringMatching(/^the users export's "activated_at" column is blank in all 400 rows.*: read as not exported$/),
      expect.stringMatching(/^the users export's "invited_by" column is blank in all 400 rows/),
    ]);
  });
});
