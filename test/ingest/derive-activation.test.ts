import { describe, expect, it } from 'vitest';
import { deriveActivation, describeMilestone } from '../../src/ingest/derive-activation.js';
import { TABLE_NAMES, type Dataset, type FileSummary, type Tables } from '../../src/core/model.js';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../src/core/settings.js';
import timeToValue from '../../src/metrics/checks/time-to-value-days.js';
import { missingFieldsOf } from '../../src/report/build.js';
import { at, event, run, tables, user } from '../helpers/factories.js';

/** A dataset over hand-built tables; `usersFile` says whether a users file was read and which fields it mapped. */
function dataset(t: Tables, usersFile?: string[]): Dataset {
  const files: FileSummary[] = usersFile ? [{ path: 'users.csv', table: 'users', mapping: Object.fromEntries(usersFile.map((f) => [f, f])) } as unknown as FileSummary] : [];
  return { tables: t, present: new Set(TABLE_NAMES.filter((n) => t[n].length > 0)), files, issues: [] };
}

const ev = (userId: string, name: string, timestamp: string, accountId: string | null = null) => event({ userId, event: name, timestamp, accountId, feature: null });

describe('deriveActivation', () => {
  it('derives nothing without events', () => {
    const t = tables({ users: [user({ userId: 'u1' })] });
    expect(deriveActivation(dataset(t, ['userId', 'signupAt']), DEFAULT_SETTINGS)).toEqual([]);
    expect(t.users[0]!.activatedAt).toBeNull();
  });

  it('adds a user known only from events: signup from its first signup event, activation at its first core event after it', () => {
    const t = tables({
      events: [ev('u1', 'login', '2024-01-01T10:00:00Z', 'acme'), ev('u1', 'user_signed_up', '2024-01-02'), ev('u1', 'Report Created', '2024-01-04'), ev('u1', 'Report Created', '2024-01-09')],
    });
    const fields = deriveActivation(dataset(t), DEFAULT_SETTINGS);
    expect(t.users).toEqual([{ userId: 'u1', accountId: 'acme', signupAt: at('2024-01-02'), activatedAt: at('2024-01-04'), role: 'other', title: null, invitedBy: null }]);
    expect(fields).toEqual([
      { field: 'users.signupAt', from: 'first `user_signed_up` event', users: 1 },
      { field: 'users.activatedAt', from: 'first core event after `user_signed_up`', users: 1 },
    ]);
  });

  it('gives the same users, accounts and wording whatever the order of the event rows (a day summary hands them over in time order)', () => {
    const rows = [
      ev('u2', 'Account Created', '2024-01-03', 'beta'),
      ev('u1', 'login', '2024-01-05T10:00:00Z', 'late'),
      ev('u1', 'signup', '2024-01-02'),
      ev('u1', 'login', '2024-01-01T10:00:00Z', 'early'),
      ev('u1', 'login', '2024-01-01T10:00:00Z', 'also-early'),
      ev('u2', 'report_created', '2024-01-04'),
    ];
    const forward = tables({ events: rows });
    const backward = tables({ events: [...rows].reverse() });
    const fields = deriveActivation(dataset(forward), DEFAULT_SETTINGS);
    expect(deriveActivation(dataset(backward), DEFAULT_SETTINGS)).toEqual(fields);
    expect(backward.users).toEqual(forward.users);
    // The earliest event with an account (among equal times the least account id); users by id; names by name.
    expect(forward.users.map((u) => [u.userId, u.accountId])).toEqual([['u1', 'also-early'], ['u2', 'beta']]);
    expect(fields[0]!.from).toBe('first `Account Created` / `signup` event');
  });

  it('matches signup names through the normaliser (Signed Up, $signup, Account Created)', () => {
    const t = tables({ events: [ev('a', 'Signed Up', '2024-01-01'), ev('b', '$signup', '2024-01-01'), ev('c', 'Account Created', '2024-01-01'), ev('d', 'Clicked', '2024-01-01')] });
    deriveActivation(dataset(t), DEFAULT_SETTINGS);
    expect(t.users.map((u) => u.userId)).toEqual(['a', 'b', 'c']);
  });

  it('a signup without a later core event stays unactivated; a core event before signup is ignored', () => {
    const t = tables({ events: [ev('u1', 'dashboard_viewed', '2024-01-01'), ev('u1', 'signup', '2024-01-05'), ev('u1', 'pageview', '2024-01-06')] });
    const fields = deriveActivation(dataset(t), DEFAULT_SETTINGS);
    expect(t.users[0]!.signupAt).toBe(at('2024-01-05'));
    expect(t.users[0]!.activatedAt).toBeNull();
    expect(fields.find((f) => f.field === 'users.activatedAt')?.users).toBe(0);
  });

  it('a users table activated-at column wins: its users keep their values, blank included', () => {
    const t = tables({
      users: [user({ userId: 'u1', signupAt: '2024-01-01', activatedAt: '2024-01-20' }), user({ userId: 'u2', signupAt: '2024-01-01', activatedAt: null })],
      events: [ev('u1', 'report_created', '2024-01-02'), ev('u2', 'report_created', '2024-01-02'), ev('u3', 'signup', '2024-01-03'), ev('u3', 'report_created', '2024-01-04')],
    });
    const fields = deriveActivation(dataset(t, ['userId', 'signupAt', 'activatedAt']), DEFAULT_SETTINGS);
    expect(t.users.map((u) => u.activatedAt)).toEqual([at('2024-01-20'), null, at('2024-01-04')]);
    expect(fields.find((f) => f.field === 'users.activatedAt')?.users).toBe(1); // only the event-only user
  });

  it('without the column, users-table users activate from their signup date; a users-table signup wins over a signup event', () => {
    const t = tables({
      users: [user({ userId: 'u1', signupAt: '2024-01-01' })],
      events: [ev('u1', 'signup', '2024-01-03'), ev('u1', 'report_created', '2024-01-02')],
    });
    const fields = deriveActivation(dataset(t, ['userId', 'signupAt']), DEFAULT_SETTINGS);
    expect(t.users[0]!.signupAt).toBe(at('2024-01-01'));
    expect(t.users[0]!.activatedAt).toBe(at('2024-01-02'));
    expect(fields.map((f) => f.field)).toEqual(['users.activatedAt']);
    expect(missingFieldsOf(['users.activatedAt'], { ...dataset(t, ['userId', 'signupAt']), derivedFields: { 'users.activatedAt': fields[0]!.from } })).toBeNull();
    expect(missingFieldsOf(['users.activatedAt'], dataset(t, ['userId', 'signupAt']))).not.toBeNull();
  });

  it('a users table whose ids the events do not carry: no activation derived, and the check says why (a failed join is not a zero)', () => {
    const t = tables({
      users: [user({ userId: 'ann@x.example' }), user({ userId: 'bob@x.example' }), user({ userId: 'u9' })],
      events: [ev('u9', 'report_created', '2024-01-02'), ev('123', 'report_created', '2024-01-02'), ev('456', 'report_created', '2024-01-03')],
    });
    const ds = dataset(t, ['userId', 'signupAt']);
    const fields = deriveActivation(ds, DEFAULT_SETTINGS);
    expect(t.users.map((u) => u.activatedAt)).toEqual([null, null, null]);
    expect(fields).toEqual([expect.objectContaining({ field: 'users.activatedAt', users: 0, failed: expect.stringContaining('only 1 of 3 users') })]);
    expect(missingFieldsOf(['users.activatedAt'], ds)?.reason).toMatch(/activation not derived: only 1 of 3 users/);
  });

  it('a configured milestone: the Nth named event within D days', () => {
    const settings: AnalysisSettings = { ...DEFAULT_SETTINGS, activation: { event: 'Report Created', count: 2, withinDays: 7 } };
    const t = tables({
      events: [
        ev('fast', 'signup', '2024-01-01'), ev('fast', 'report_created', '2024-01-02'), ev('fast', 'other_thing', '2024-01-02'), ev('fast', 'report_created', '2024-01-05'),
        ev('slow', 'signup', '2024-01-01'), ev('slow', 'report_created', '2024-01-02'), ev('slow', 'report_created', '2024-01-20'),
      ],
    });
    const fields = deriveActivation(dataset(t), settings);
    expect(t.users.map((u) => u.activatedAt)).toEqual([at('2024-01-05'), null]);
    expect(fields[1]).toEqual({ field: 'users.activatedAt', from: '2nd `Report Created` within 7 days of `signup`', users: 1 });
  });

  it('the Nth milestone counts the events a pre-aggregated row stands for, not rows', () => {
    const settings: AnalysisSettings = { ...DEFAULT_SETTINGS, activation: { event: 'report_created', count: 3, withinDays: 7 } };
    const t = tables({ events: [ev('u1', 'signup', '2024-01-01'), { ...ev('u1', 'report_created', '2024-01-02'), count: 2 }, ev('u1', 'report_created', '2024-01-04'), ev('u1', 'report_created', '2024-01-06')] });
    deriveActivation(dataset(t), settings);
    expect(t.users.map((u) => u.activatedAt)).toEqual([at('2024-01-04')]);
  });

  it('a day summary\'s row of milestones across the signup is noted, not read as all before or all after it', () => {
    const t = tables({ events: [ev('u1', 'signup', '2024-01-01T12:00:00Z')] });
    const e = t.events;
    e.appendIds(at('2024-01-01T10:00:00Z'), e.users.intern('u1'), -1, e.names.intern('report_created'), -1, 2, 2, at('2024-01-01T14:00:00Z'));
    deriveActivation(dataset(t), DEFAULT_SETTINGS);
    expect([...e.timesSplit]).toEqual(['derived activation: milestones on both sides of a signup']);
  });

  it('claims no activation when the export has no milestone event at all (not a zero)', () => {
    const t = tables({ events: [ev('u1', 'signup', '2024-01-01'), ev('u1', 'login', '2024-01-02')] });
    const fields = deriveActivation(dataset(t), DEFAULT_SETTINGS);
    expect(fields.map((f) => f.field)).toEqual(['users.signupAt']);
  });

  it('feeds time-to-value-days', () => {
    const evs = [];
    for (let i = 0; i < 100; i++) evs.push(ev(`u${i}`, 'user_signed_up', '2024-01-01'), ev(`u${i}`, 'project_created', i < 40 ? '2024-01-03' : '2024-03-01'));
    const t = tables({ events: evs });
    deriveActivation(dataset(t), DEFAULT_SETTINGS);
    const r = run(timeToValue, t, '2024-06-30');
    expect(r.kind).toBe('measured');
    expect(r.kind === 'measured' && r.value).toBe(60);
  });

  it('describes the default milestone', () => {
    expect(describeMilestone({ event: null, count: 1, withinDays: 14 }, ['user_signed_up'])).toBe('first core event within 14 days of `user_signed_up`');
    expect(describeMilestone({ event: null, count: 1, withinDays: null }, [])).toBe("first core event after the users table's signup date");
    expect(describeMilestone({ event: 'x', count: 11, withinDays: 3 }, ['a', 'b'])).toBe('11th `x` within 3 days of `a` / `b`');
  });
});
