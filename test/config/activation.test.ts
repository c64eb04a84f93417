import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { DEFAULT_SETTINGS } from '../../src/core/settings.js';

describe('config: activation milestone and signup events', () => {
  it('defaults to the first core event with no window of its own', () => {
    expect(parseConfig('asOf: 2026-06-30\n', 'c.yaml').config!.settings.activation).toEqual({ event: null, count: 1, withinDays: null });
  });

  it('reads event, count and withinDays, keeping defaults for keys left out', () => {
    const settings = parseConfig('activation:\n  event: Report Created\n  withinDays: 14\n', 'c.yaml').config!.settings;
    expect(settings.activation).toEqual({ event: 'Report Created', count: 1, withinDays: 14 });
    expect(DEFAULT_SETTINGS.activation).toEqual({ event: null, count: 1, withinDays: null }); // the defaults are not mutated
  });

  it('reads inviteEvents as a list', () => {
    expect(parseConfig('inviteEvents: [Teammate Added]\n', 'c.yaml').config!.settings.inviteEvents).toEqual(['Teammate Added']);
  });

  it('reads signupEvents as a list', () => {
    expect(parseConfig('signupEvents: [Registered, trial_started]\n', 'c.yaml').config!.settings.signupEvents).toEqual(['Registered', 'trial_started']);
  });

  it.each([
    ['activation: 3', 'activation'],
    ['activation:\n  count: 0', 'activation.count'],
    ['activation:\n  withinDays: 2.5', 'activation.withinDays'],
    ['activation:\n  event: ""', 'activation.event'],
    ['activation:\n  days: 14', 'activation.days'],
  ])('rejects %j with its path and line', (text, path) => {
    const { config, issues } = parseConfig(`asOf: 2026-06-30\n${text}\n`, 'c.yaml');
    expect(config).toBeNull();
    expect(issues[0]).toMatchObject({ path });
    expect(issues[0]!.line).toBeGreaterThanOrEqual(2);
  });
});
