/** Staff exclusion end to end: config `staff.domains` removes the company's own users and their events. */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const DIR = 'fixtures/derive/staff';

describe('staff exclusion', () => {
  it('leaves out users at the staff domain (users table e-mail or an e-mail user id) and shows it in inspect', () => {
    const r = runCli(['inspect', DIR]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Staff (config staff.domains: ourco.com): left out 2 users and 3 events of 3 user ids');
    expect(r.stdout).toContain('Tables: events 3, users 2');
    const json = JSON.parse(runCli(['inspect', DIR, '--format', 'json']).stdout);
    expect(json.staff).toEqual({ domains: ['ourco.com'], users: 2, eventUsers: 3, events: 3 });
  });

  it('a staff entry that is not a domain is a config error with its line (exit 2)', () => {
    const r = runCli(['inspect', DIR, '--config', 'fixtures/derive/staff-bad.config.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/staff-bad\.config\.yaml:2: staff\.domains: not a domain: "our company"/);
  });
});
