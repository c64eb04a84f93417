/**
 * Anonymous ids merged into identified users (src/ingest/identity.ts): pairs noted while rows are
 * appended (rows.ts eventAppender), joined across the parts of a split read (appendTable), and
 * the merge rule on hand-built events.
 */
import { describe, expect, it } from 'vitest';
import { anonymousKey, identityLine, mergeAnonymousIds } from '../../src/ingest/identity.js';
import { tableParts } from '../../src/ingest/events-split.js';
import { DEFAULT_VALUE_SETTINGS, eventAppender, ValueLog } from '../../src/ingest/rows.js';
import { loadDataset } from '../../src/ingest/load-dataset.js';
import { AMBIGUOUS_USER, EventTable } from '../../src/core/model.js';

type Row = [time: string, user: string, anonymous: string | undefined, event?: string];

/** Rows appended as a file mapping an anonymous id gives them (user id: the identified id, else the anonymous one). */
function table(rows: Row[]): EventTable {
  const events = new EventTable();
  const append = eventAppender(events, { dates: {}, decimals: {}, values: DEFAULT_VALUE_SETTINGS, log: new ValueLog() }, (f) => f);
  for (const [time, user, anonymous, event] of rows) {
    const rejection = append({ timestamp: time, event: event ?? 'report_viewed', userId: user, accountId: undefined, feature: undefined, anonymousId: anonymous ?? '' });
    expect(rejection).toBeNull();
  }
  return events;
}

const usersOf = (events: EventTable): Array<string | null> => [...events].map((e) => e.userId);

describe('anonymous ids merged into identified users', () => {
  it('gives an anonymous id seen with one user all its anonymous events; counts them', () => {
    const events = table([
      ['2026-03-01T09:00:00Z', 'a1', 'a1'], // anonymous: user id is the anonymous id
      ['2026-03-01T09:05:00Z', 'a1', 'a1'],
      ['2026-03-01T09:10:00Z', 'u1', 'a1'], // identified, with its anonymous id
      ['2026-03-02T10:00:00Z', 'a2', 'a2'],
      ['2026-03-02T10:05:00Z', 'u2', 'a2'],
      ['2026-03-03T10:00:00Z', 'a3', 'a3'], // u2's second device
      ['2026-03-03T10:05:00Z', 'u2', 'a3'],
      ['2026-03-04T10:00:00Z', 'a5', 'a5'], // never identified: stays
    ]);
    const merge = mergeAnonymousIds(events)!;
    expect(merge).toEqual({ pairs: 3, anonymousIds: 3, users: 2, ambiguous: 0, ambiguousEvents: 0, events: 4 });
    expect(usersOf(events)).toEqual(['u1', 'u1', 'u1', 'u2', 'u2', 'u2', 'u2', 'a5']);
    expect(identityLine(merge)).toBe('identity: 3 anonymous ids merged into 2 users, 0 ambiguous, 4 events re-attributed');
  });

  it('leaves an anonymous id seen with two users unmerged, counted with its events', () => {
    const events = table([
      ['2026-03-04T12:00:00Z', 'u1', 'shared'],
      ['2026-03-04T13:00:00Z', 'u3', 'shared'],
      ['2026-03-04T14:00:00Z', 'shared', 'shared'],
      ['2026-03-04T15:00:00Z', 'u1', 'shared'], // a third sighting keeps it ambiguous
    ]);
    expect(events.anonymous.userOf.get('shared')).toBe(AMBIGUOUS_USER);
    const merge = mergeAnonymousIds(events)!;
    expect(merge).toEqual({ pairs: 1, anonymousIds: 0, users: 0, ambiguous: 1, ambiguousEvents: 1, events: 0 });
    expect(usersOf(events)).toEqual(['u1', 'u3', 'shared', 'u1']);
    expect(identityLine(merge)).toBe('identity: 0 anonymous ids merged into 0 users, 1 ambiguous (seen with two or more users; 1 event left under them), 0 events re-attributed');
  });

  it('does nothing without events, or when no row carries both ids', () => {
    expect(mergeAnonymousIds(new EventTable())).toBeNull();
    const events = table([['2026-03-01T09:00:00Z', 'a1', 'a1'], ['2026-03-01T09:00:00Z', 'u1', undefined]]);
    expect(mergeAnonymousIds(events)).toBeNull();
    expect(usersOf(events)).toEqual(['a1', 'u1']);
  });

  it('takes prototype-named ids as ids (a Map, not an object)', () => {
    const events = table([
      ['2026-03-01T09:00:00Z', '__proto__', '__proto__'],
      ['2026-03-01T09:01:00Z', 'constructor', 'constructor'],
      ['2026-03-01T09:02:00Z', 'u1', '__proto__'],
      ['2026-03-01T09:03:00Z', 'toString', 'constructor'],
    ]);
    expect(mergeAnonymousIds(events)).toMatchObject({ anonymousIds: 2, users: 2, events: 2 });
    expect(usersOf(events)).toEqual(['u1', 'toString', 'u1', 'toString']);
  });

  it("strips Mixpanel's `$device:` prefix: an anonymous row's distinct_id is the device id with it", () => {
    expect(anonymousKey('$device:d9')).toBe('d9');
    expect(anonymousKey('$device:')).toBe('$device:');
    expect(anonymousKey('u9')).toBe('u9');
    const events = table([
      ['2026-03-01T09:00:00Z', '$device:d9', 'd9'], // not a pair: the same id
      ['2026-03-01T09:05:00Z', 'u9', 'd9'],
    ]);
    expect([...events.anonymous.userOf.keys()]).toEqual(['d9']);
    expect(mergeAnonymousIds(events)).toMatchObject({ anonymousIds: 1, users: 1, events: 1 });
    expect(usersOf(events)).toEqual(['u9', 'u9']);
  });

  it('follows a chain of merges (anonymous → first id → later id)', () => {
    const events = table([
      ['2026-03-01T09:00:00Z', 'anon', 'anon'],
      ['2026-03-01T09:01:00Z', 'first', 'anon'],
      ['2026-03-01T09:02:00Z', 'later', 'first'],
    ]);
    expect(mergeAnonymousIds(events)).toMatchObject({ anonymousIds: 2, users: 1, events: 2 });
    expect(usersOf(events)).toEqual(['later', 'later', 'later']);
  });

  it('joins the pairs of a part read on another thread, ambiguity across parts included', () => {
    const first = table([['2026-03-01T09:00:00Z', 'a1', 'a1'], ['2026-03-01T09:01:00Z', 'u1', 'shared']]);
    const second = table([
      ['2026-03-02T09:00:00Z', 'u1', 'a1'],
      ['2026-03-02T09:01:00Z', 'u2', 'shared'],
      ['2026-03-02T09:02:00Z', 'shared', 'shared'],
    ]);
    first.appendTable(tableParts(second).parts);
    expect(mergeAnonymousIds(first)).toEqual({ pairs: 2, anonymousIds: 1, users: 1, ambiguous: 1, ambiguousEvents: 1, events: 1 });
    expect(usersOf(first)).toEqual(['u1', 'u1', 'u1', 'u2', 'shared']);
  });
});

describe('anonymous ids in vendor exports (fixtures/derive/identity-*)', () => {
  const cases: Array<[string, Record<string, number>, Array<string | null>]> = [
    ['segment', { anonymousIds: 3, users: 2, ambiguous: 1, ambiguousEvents: 2, events: 4 }, ['u1', 'u1', 'u1', 'u2', 'u2', 'u2', 'u2', 'u1', 'u3', 'a4', 'a4', 'a5']],
    ['posthog', { anonymousIds: 2, users: 2, ambiguous: 1, ambiguousEvents: 1, events: 3 }, ['u1', 'u1', 'u1', 'u1', 'u2', 'u3', 'anon-shared', 'u4', 'u4']],
    // DuckDB's summary rows, in time order (an array in `groups` is read as its first element by SQL too).
    ['amplitude', { anonymousIds: 1, users: 1, ambiguous: 1, ambiguousEvents: 1, events: 2 }, ['u1', 'u1', 'u1', 'u2', 'u3', 'd2']],
    ['mixpanel', { anonymousIds: 1, users: 1, ambiguous: 0, ambiguousEvents: 0, events: 2 }, ['u9', 'u9', 'u9', 'u9', 'd7']],
  ];
  for (const [vendor, counts, users] of cases) {
    it(`${vendor}: events re-attributed to the one user their anonymous id was seen with`, async () => {
      const dataset = await loadDataset(`fixtures/derive/identity-${vendor}`);
      expect(dataset.identity).toMatchObject(counts);
      expect(usersOf(dataset.tables.events)).toEqual(users);
      expect(dataset.issues.find((i) => i.code === 'IDENTITY_MERGED')?.message).toMatch(/^identity: /);
    });
  }
});
