/**
 * The two account joins the deal-to-product checks rest on (post-close-shelfware-rate,
 * promised-feature-adoption, free-to-paid-conversion-90d), measured on the check's own rows:
 *
 * - deal→account: a won deal's account reference resolved to an account of the accounts table
 *   (links.ts rewrites a resolved reference to the account's id; an unresolved one keeps its
 *   value and joins nothing). Every deal these checks count carries a reference, so there is no
 *   real zero: the floor is measured with `source: null` (the link table's deal→account row
 *   counts all deals, not the check's). Without an accounts table the deals' account column
 *   defines the accounts, and there is no deal→account join to fail (`crmAccountIds` is null).
 * - event→account: an account is seen in product events when some event row resolves to it by
 *   its own account id; through its user (the event has no account id) only when no event row
 *   carries an account id at all (exports that name accounts through users only). A handful of
 *   account-less events reaching accounts through their users does not make the accounts seen
 *   while the events' own references failed; and an account that is merely in users.csv is not
 *   seen in events (derived.accountIdOf's pool holds the users' accounts too).
 */
import type { Tables } from '../core/model.js';
import type { Derived } from './derived.js';
import { checkLinkFloor, type LinkFloorResult } from './link-floor.js';
import type { MetricContext } from './types.js';

/**
 * The accounts table's ids (Derived.crmAccounts, which the role checks read too), or null without
 * an accounts table (the deals' account column then defines the accounts: no join to fail).
 */
export function crmAccountIds(tables: Tables, derived: Derived): ReadonlySet<string> | null {
  return tables.accounts.length === 0 ? null : derived.crmAccounts();
}

/** Whether a deal's account reference joined an account (always true without an accounts table). */
export function dealAccountFound(known: ReadonlySet<string> | null, accountId: string): boolean {
  return known === null || known.has(accountId);
}

/**
 * Per events.accounts id (derived.accountIdOf / accountAt ids): 1 when some event row resolves
 * to that account (see the module comment), else 0. Ids past the end are 0.
 */
export function accountsSeenInEvents(tables: Tables, derived: Derived): Uint8Array {
  const events = tables.events;
  derived.accountIdOf(''); // completes the pool with the users' accounts, as accountAt uses it
  const seen = new Uint8Array(events.accounts.size);
  let anyOwn = false;
  for (let i = 0; i < events.length; i++) {
    const own = events.accountAt(i);
    if (own >= 0) {
      anyOwn = true;
      seen[own] = 1;
    }
  }
  if (!anyOwn) {
    for (let i = 0; i < events.length; i++) {
      const account = derived.accountAt(i);
      if (account >= 0) seen[account] = 1;
    }
  }
  return seen;
}

/** accountsSeenInEvents, once per analysis. */
export function seenInEvents(derived: Derived): Uint8Array {
  return derived.memoise(accountsSeenInEvents, { asOfFree: true });
}

/**
 * The deal→account floor on a check's own deals (`linked` of `total` whose account is in the
 * accounts table, `what` naming them): every one carries a reference, so none is a real zero and
 * the link table's deal→account row (all deals) is not its source.
 */
export function dealAccountFloor(ctx: MetricContext, linked: number, total: number, what: string): LinkFloorResult {
  return checkLinkFloor(ctx, { link: 'deal→account', table: 'deals', linked, total, what, source: null });
}
