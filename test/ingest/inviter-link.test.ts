/**
 * user→inviter in the link table (links.ts inviterLink): users' invited-by ids → the users'
 * ids, as invite-k-factor joins them; rows = users with an invited-by value.
 */
import { describe, expect, it } from 'vitest';
import { inviterLink } from '../../src/ingest/links.js';
import { user } from '../helpers/factories.js';

const by = (id: number) => ({ id, association: 0, name: 0, domain: 0, via: 0 });

describe('user→inviter', () => {
  it('counts the users with an invited-by value; linked when it is a user id; prefixed ids that name no user are unlinked, as examples', () => {
    const users = [
      ...[1, 2, 3, 4].map((i) => user({ userId: `${i}` })),
      user({ userId: 'v1', invitedBy: '1' }),
      user({ userId: 'v2', invitedBy: '2' }),
      user({ userId: 'v3', invitedBy: 'X3' }),
      user({ userId: 'v4', invitedBy: 'X4' }),
      user({ userId: 'v5', invitedBy: 'X4' }),
      user({ userId: 'v6', invitedBy: 'usr_12' }),
    ];
    expect(inviterLink(users)).toEqual({
      id: 'user→inviter', from: 'users', to: 'users', rows: 6, linked: 2, by: by(2), noKey: 0, ambiguous: 0, rate: 0.333,
      unlinkedExamples: ['X3', 'X4', 'usr_12'], ambiguousExamples: [],
    });
  });

  it('has no rows, rate null, when no user has an invited-by value (zero invitees)', () => {
    expect(inviterLink([user({ userId: '1' }), user({ userId: '2' })])).toMatchObject({ rows: 0, linked: 0, noKey: 0, rate: null, unlinkedExamples: [] });
    expect(inviterLink([])).toMatchObject({ rows: 0, rate: null });
  });

  it("shows an invited-by value that is an e-mail or a person's name as (name), never the value", () => {
    const l = inviterLink([user({ userId: '1' }), user({ userId: 'v1', invitedBy: 'dana@acme.example' }), user({ userId: 'v2', invitedBy: 'Dana Lee' })]);
    expect(l).toMatchObject({ rows: 2, linked: 0, unlinkedExamples: ['(name)'] });
    expect(JSON.stringify(l)).not.toMatch(/dana|Dana/);
  });

  it('counts an invited-by that is the whole number of two users (1.00 with users 1 and 1.0) as ambiguous; 1.0 was joined before (joinInviters)', () => {
    const l = inviterLink([user({ userId: '1' }), user({ userId: '1.0' }), user({ userId: 'v1', invitedBy: '1.00' }), user({ userId: 'v2', invitedBy: '1.0' })]);
    expect(l).toMatchObject({ rows: 2, linked: 1, by: by(1), ambiguous: 1, ambiguousExamples: ['1.00'], unlinkedExamples: [] });
  });
});
