import { describe, expect, it } from 'vitest';
import { excludeStaff } from '../../src/ingest/staff.js';
import { emptyTables, EVENT_CHUNK, EventTable, type User } from '../../src/core/model.js';

const t0 = Date.UTC(2026, 0, 1);
const user = (userId: string, email: string | null): User => ({ userId, accountId: 'A1', signupAt: null, activatedAt: null, role: 'other', title: null, invitedBy: null, email });

describe('staff exclusion', () => {
  it('removes users at the company domain (and subdomains) and their events, counted', () => {
    const tables = emptyTables();
    tables.users = [user('U1', 'ann@customer.com'), user('U2', 'bob@ourco.com'), user('U3', 'cy@eu.ourco.com'), user('U4', null)];
    const events = new EventTable();
    const rows: Array<[string, number]> = [['U1', 3], ['U2', 1], ['dee@ourco.com', 4], ['U3', 2], ['U4', 5], ['U1', 6], ['x@notourco.com', 7]];
    for (const [u, dt] of rows) events.append(t0 + dt, u, 'A1', 'report_created', null);
    tables.events = events;
    const s = excludeStaff(tables, ['OurCo.com'])!;
    expect(s).toEqual({ domains: ['ourco.com'], users: 2, eventUsers: 3, events: 3 });
    expect(tables.users.map((u) => u.userId)).toEqual(['U1', 'U4']);
    expect([...events].map((e) => [e.userId, e.timestamp - t0])).toEqual([['U1', 3], ['U4', 5], ['U1', 6], ['x@notourco.com', 7]]);
    expect(events.timeRange()).toEqual({ min: t0 + 3, max: t0 + 7 });
    expect(events.timeOrdered).toBe(true);
  });

  it('does nothing without configured domains; no staff leaves the data as it was', () => {
    const tables = emptyTables();
    tables.users = [user('U1', 'ann@customer.com')];
    expect(excludeStaff(tables, [])).toBeNull();
    expect(excludeStaff(tables, ['ourco.com'])).toEqual({ domains: ['ourco.com'], users: 0, eventUsers: 0, events: 0 });
    expect(tables.users).toHaveLength(1);
  });

  it('compacts rows across chunks', () => {
    const tables = emptyTables();
    const events = new EventTable();
    const n = EVENT_CHUNK * 2 + 10;
    for (let i = 0; i < n; i++) events.append(t0 + i, i % 3 === 0 ? 'me@ourco.com' : `U${i % 5}`, 'A1', 'e', null);
    tables.events = events;
    const s = excludeStaff(tables, ['ourco.com'])!;
    const kept = Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 0);
    expect(s.events).toBe(n - kept.length);
    expect(events.length).toBe(kept.length);
    expect([...events].map((e) => e.timestamp - t0)).toEqual(kept);
    expect(events.chunks.length).toBe(Math.ceil(kept.length / EVENT_CHUNK));
  });
});
