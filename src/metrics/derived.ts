import { EVENT_CHUNK, EVENT_CHUNK_BITS, type Deal, type ProductEvent, type Release, type Tables, type User } from '../core/model.js';
import type { AnalysisSettings, SourceClass } from '../core/settings.js';
import { classifySource, normaliseLabel } from '../core/settings.js';
import { DAY_MS } from '../stats/stats.js';

/** Why a window's edge met a day summary's row (EventTable.timesSplit). */
const WINDOW_EDGE = 'a window edge inside a day';

/**
 * Memo keys of Derived's own data that depend only on the tables and settings, never on T: the
 * same at every period end of a trend. (touchJoin is not: an open deal's touches run to T.)
 * Data of metric modules says so when memoised (`memoise(compute, { asOfFree: true })`).
 */
const AS_OF_FREE: ReadonlySet<string> = new Set(['usersById', 'launches', 'wonDeals', 'accountTouchTimes', 'knownAccounts', 'crmAccounts']);

/**
 * What `Derived.touchJoin().withReference` (and `touchAccountJoin`, over a window) counts, as
 * link-floor reasons name it: touches naming a deal or an account, or whose only reference is a
 * contact id that matched no single contact.
 */
export const TOUCHES_WITH_REFERENCE = 'touches naming a deal, an account or an unmatched contact';

/** Shared data a metric module computes from the tables (and Derived's own data): the function is its memo key. */
export type SharedCompute<T> = (tables: Tables, derived: Derived) => T;

/**
 * Derived data several metrics share, computed once per analysis and memoised
 * (in the manner of Lighthouse's computed artifacts). Every method is pure with
 * respect to the tables, the settings and T.
 */
export class Derived {
  /** Keyed by name (Derived's own data) or by the function that computes it (`memoise`). */
  private readonly memo = new Map<unknown, unknown>();
  /**
   * Entries that do not depend on T (AS_OF_FREE, or memoised `asOfFree`), shared by the Derived
   * instances of one `--trend` (one per period end) so each is built once.
   */
  private readonly carry: Map<unknown, unknown> | null;
  // Per-id arrays read once per event: fields, not memo entries (no Map lookup per event).
  private coreNamesMemo: Uint8Array | null = null;
  private userAccountsMemo: Int32Array | null = null;
  private readonly nonCore: Set<string>;
  private readonly touchTypes: Set<string>;

  constructor(
    private readonly tables: Tables,
    private readonly settings: AnalysisSettings,
    readonly asOf: number,
    carry: Map<unknown, unknown> | null = null,
  ) {
    this.carry = carry;
    this.nonCore = new Set(settings.nonCoreEvents.map((e) => e.toLowerCase()));
    this.touchTypes = new Set(settings.touchTypes.map(normaliseLabel));
  }

  private cached<T>(key: string, build: () => T): T {
    return this.memoised(key, AS_OF_FREE.has(key), build);
  }

  private memoised<T>(key: unknown, asOfFree: boolean, build: () => T): T {
    const memo = this.carry !== null && asOfFree ? this.carry : this.memo;
    if (!memo.has(key)) memo.set(key, build());
    return memo.get(key) as T;
  }

  /**
   * Shared data a metric module computes, computed once per analysis and memoised under the
   * function that computes it: every metric that asks for it gets the one value, and none has to
   * declare that it shares it. `compute` is a module-level function (a new closure per call would
   * be a new key), pure in the tables, the settings and T. `asOfFree`: it does not read T, so the
   * period ends of one `--trend` share it too. Held until the analysis ends (the Derived instance
   * is dropped with it).
   */
  memoise<T>(compute: SharedCompute<T>, options: { asOfFree?: boolean } = {}): T {
    return this.memoised(compute, options.asOfFree === true, () => compute(this.tables, this));
  }

  /** A core event is product use: any event not in the non-core list (login, pageview...). */
  isCoreEvent(event: ProductEvent): boolean {
    return !this.nonCore.has(event.event.toLowerCase());
  }

  usersById(): Map<string, User> {
    return this.cached('usersById', () => new Map(this.tables.users.map((u) => [u.userId, u])));
  }

  /** The account of an event: its own account id, else its user's account. */
  accountOfEvent(event: ProductEvent): string | null {
    if (event.accountId) return event.accountId;
    if (event.userId) return this.usersById().get(event.userId)?.accountId ?? null;
    return null;
  }

  // ---- events by column (EventTable): ids, not strings ----------------------------------------

  /** Per event-name id: 1 when the name is a core event. */
  private coreNames(): Uint8Array {
    const names = this.tables.events.names;
    const memo = this.coreNamesMemo;
    if (memo && memo.length === names.size) return memo;
    const core = new Uint8Array(names.size);
    names.values.forEach((name, id) => (core[id] = this.nonCore.has(name.toLowerCase()) ? 0 : 1));
    this.coreNamesMemo = core;
    return core;
  }

  /** Per event-name id (events.names): 1 when the name is a core event, else 0. For loops over the chunks. */
  coreNameFlags(): Uint8Array {
    return this.coreNames();
  }

  /** Whether event row i is a core event. */
  isCoreAt(i: number): boolean {
    return this.coreNames()[this.tables.events.nameAt(i)] === 1;
  }

  /** Per user id of the events table: the account id (events.accounts pool) of that user in the users table, or -1. */
  private userAccounts(): Int32Array {
    const events = this.tables.events;
    const memo = this.userAccountsMemo;
    if (memo && memo.length === events.users.size) return memo;
    const byId = this.usersById();
    const out = new Int32Array(events.users.size).fill(-1);
    events.users.values.forEach((userId, id) => {
      const account = byId.get(userId)?.accountId;
      if (account) out[id] = events.accounts.intern(account);
    });
    this.userAccountsMemo = out;
    return out;
  }

  /**
   * The id in events.accounts of an account id (-1 when no event can be attributed to it);
   * compare with accountAt(i). Users' accounts are added to the pool first.
   */
  accountIdOf(accountId: string): number {
    this.userAccounts();
    return this.tables.events.accounts.idOf(accountId);
  }

  /** The account (events.accounts id, -1 = none) of event row i: its own, else its user's. */
  accountAt(i: number): number {
    const events = this.tables.events;
    const account = events.accountAt(i);
    if (account >= 0) return account;
    const user = events.userAt(i);
    return user >= 0 ? this.userAccounts()[user]! : -1;
  }

  /** Whether the events' timestamps never decrease in table order (no NaN): exports usually are. */
  private timeSorted(): boolean {
    return this.tables.events.timeOrdered;
  }

  /** In a time-sorted table: the first row with timestamp >= t (events.length when none). */
  private firstRowAtOrAfter(t: number): number {
    const events = this.tables.events;
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (events.timestampAt(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Calls `fn(i)` for each core event row i with `from <= timestamp < to`, in table order.
   * In a time-sorted table only the rows of the window are read (found by binary search).
   * For counting: a day summary's row whose events `from` or `to` splits is noted
   * (EventTable.splitsAt; the run then reads events row by row), since its count cannot be split.
   */
  forEachCoreEvent(from: number, to: number, fn: (i: number) => void): void {
    const events = this.tables.events;
    if (!events.spread) {
      this.forEachCoreRow(from, to, fn);
      return;
    }
    this.forEachCoreRow(from - DAY_MS, to, (i) => {
      const t = events.timestampAt(i);
      if (t < from) events.splitsAt(i, from, WINDOW_EDGE);
      else {
        events.splitsAt(i, to, WINDOW_EDGE);
        fn(i);
      }
    });
  }

  /**
   * Calls `fn(i)` for each core row i with some event in [from, to), in table order: a day
   * summary's row counts when its events reach into the window (EventTable.someWithin). For
   * whether something happened in a window, never for counting.
   */
  forEachCoreRowTouching(from: number, to: number, fn: (i: number) => void): void {
    const events = this.tables.events;
    if (!events.spread) {
      this.forEachCoreRow(from, to, fn);
      return;
    }
    this.forEachCoreRow(from - DAY_MS, to, (i) => {
      if (events.someWithin(i, from, to, WINDOW_EDGE)) fn(i);
    });
  }

  /** Each core row i with `from <= timestamp < to` (its first time), in table order. */
  private forEachCoreRow(from: number, to: number, fn: (i: number) => void): void {
    const events = this.tables.events;
    const core = this.coreNames();
    let first = 0;
    let end = events.length;
    if (this.timeSorted()) {
      first = this.firstRowAtOrAfter(from);
      end = this.firstRowAtOrAfter(to);
    }
    for (let c = first >> EVENT_CHUNK_BITS; c < events.chunks.length && c * EVENT_CHUNK < end; c++) {
      const { timestamp, name } = events.chunks[c]!;
      const base = c * EVENT_CHUNK;
      const n = Math.min(events.chunkLength(c), end - base);
      for (let j = Math.max(0, first - base); j < n; j++) {
        const t = timestamp[j]!;
        if (t >= from && t < to && core[name[j]!] === 1) fn(base + j);
      }
    }
  }

  /** Accounts with at least one core event in [from, to), in order of first event. */
  activeAccountsBetween(from: number, to: number): Set<string> {
    return this.cached(`activeAccounts:${from}:${to}`, () => {
      // First-seen order, deduplicated by a flag per id (the pool is complete after userAccounts()).
      this.userAccounts();
      const flags = new Uint8Array(this.tables.events.accounts.size);
      const seen: number[] = [];
      this.forEachCoreRowTouching(from, to, (i) => {
        const account = this.accountAt(i);
        if (account >= 0 && flags[account] === 0) {
          flags[account] = 1;
          seen.push(account);
        }
      });
      return new Set(seen.map((id) => this.tables.events.accounts.values[id]!));
    });
  }

  /** Users with at least one core event in [from, to), in order of first event. */
  activeUsersBetween(from: number, to: number): Set<string> {
    return this.cached(`activeUsers:${from}:${to}`, () => {
      const events = this.tables.events;
      const flags = new Uint8Array(events.users.size);
      const seen: number[] = [];
      this.forEachCoreRowTouching(from, to, (i) => {
        const user = events.userAt(i);
        if (user >= 0 && flags[user] === 0) {
          flags[user] = 1;
          seen.push(user);
        }
      });
      return new Set(seen.map((id) => events.users.values[id]!));
    });
  }

  /** Per feature, the number of core events in [from, to), in order of first event. Events without a feature are skipped. */
  featureEventCounts(from: number, to: number): Map<string, number> {
    return this.cached(`featureCounts:${from}:${to}`, () => {
      const events = this.tables.events;
      const counts = new Float64Array(events.features.size);
      const order: number[] = [];
      this.forEachCoreEvent(from, to, (i) => {
        const feature = events.featureAt(i);
        if (feature < 0) return;
        if (counts[feature] === 0) order.push(feature);
        counts[feature]! += events.countAt(i);
      });
      return new Map(order.map((f) => [events.features.values[f]!, counts[f]!]));
    });
  }

  /** Per feature, the accounts that used it (core events) in [from, to), in order of first event. */
  featureAccountsBetween(from: number, to: number): Map<string, Set<string>> {
    return this.cached(`featureAccounts:${from}:${to}`, () => {
      const events = this.tables.events;
      this.userAccounts(); // the accounts pool is complete from here
      const nAccounts = events.accounts.size;
      // Per feature id, its accounts in first-seen order; features in order of first (feature, account) event.
      const lists: Array<number[] | undefined> = new Array<number[] | undefined>(events.features.size);
      const order: number[] = [];
      // (feature, account) pairs seen: one flag each when that fits in 64 MB, else a Set per feature.
      const flags = events.features.size * nAccounts <= 1 << 26 ? new Uint8Array(events.features.size * nAccounts) : null;
      const sets: Array<Set<number> | undefined> = [];
      this.forEachCoreRowTouching(from, to, (i) => {
        const feature = events.featureAt(i);
        if (feature < 0) return;
        const account = this.accountAt(i);
        if (account < 0) return;
        let list = lists[feature];
        if (!list) {
          lists[feature] = list = [];
          order.push(feature);
          if (!flags) sets[feature] = new Set();
        }
        if (flags) {
          const k = feature * nAccounts + account;
          if (flags[k] === 1) return;
          flags[k] = 1;
        } else {
          const set = sets[feature]!;
          if (set.has(account)) return;
          set.add(account);
        }
        list.push(account);
      });
      const accounts = events.accounts.values;
      return new Map(order.map((f) => [events.features.values[f]!, new Set(lists[f]!.map((a) => accounts[a]!))]));
    });
  }

  /**
   * The core set over the `windowDays` before T: the smallest set of features that
   * together produce at least `share` of feature events (largest first; ties by name).
   */
  coreSet(windowDays: number, share = 0.8): { core: string[]; seen: number; totalEvents: number } {
    return this.cached(`coreSet:${windowDays}:${share}`, () => {
      const counts = this.featureEventCounts(this.asOf - windowDays * DAY_MS, this.asOf);
      const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      const totalEvents = ranked.reduce((sum, [, c]) => sum + c, 0);
      const core: string[] = [];
      let covered = 0;
      for (const [feature, count] of ranked) {
        if (totalEvents > 0 && covered >= share * totalEvents) break;
        core.push(feature);
        covered += count;
      }
      return { core, seen: ranked.length, totalEvents };
    });
  }

  /** First release of each feature (its launch), by date; ties keep the first row. */
  launches(): Map<string, Release> {
    return this.cached('launches', () => {
      const first = new Map<string, Release>();
      for (const r of this.tables.releases) {
        const prev = first.get(r.feature);
        if (!prev || r.releasedAt < prev.releasedAt) first.set(r.feature, r);
      }
      return first;
    });
  }

  wonDeals(): Deal[] {
    return this.cached('wonDeals', () => this.tables.deals.filter((d) => d.stage === 'won'));
  }

  private readonly touchByType = new Map<string, boolean>();

  /** Whether an activity type is a sales touch (settings.touchTypes). */
  isTouchType(type: string): boolean {
    let touch = this.touchByType.get(type);
    if (touch === undefined) this.touchByType.set(type, (touch = this.touchTypes.has(normaliseLabel(type))));
    return touch;
  }


  private readonly classBySource = new Map<string | null, SourceClass>();

  /** `classifySource(source, settings)`, remembered per source value for this analysis's settings. */
  sourceClass(source: string | null, settings: AnalysisSettings = this.settings): SourceClass {
    if (settings !== this.settings) return classifySource(source, settings);
    let c = this.classBySource.get(source);
    if (c === undefined) this.classBySource.set(source, (c = classifySource(source, settings)));
    return c;
  }

  /**
   * Touches (activities of a touch type) per deal id, as rows of tables.activities in table
   * order. An activity joins a deal by its deal id; one without a deal id joins every deal of
   * its account whose [created, closed] span (closed = T when open) contains it.
   */
  touchesByDeal(): Map<string, number[]> {
    return this.touchJoin().byDeal;
  }

  /**
   * touchesByDeal, and how the join went: of the touches with a reference (`withReference`), how
   * many joined at least one deal (`joined`). For link floors. A touch has a reference when it
   * names a deal or an account (its own, or its contact's: resolveLinks writes the account a found
   * contact reaches into the activity, 'via'), or when its only reference is a contact id that
   * names no contact, or two by whole number (`8.00` beside `8` and `8.0`): that reference failed,
   * and the touch cannot join, so it counts against the join, never as a deal's real zero. A
   * contact found without an account names none: no reference (contact→account counts it).
   */
  touchJoin(): { byDeal: Map<string, number[]>; withReference: number; joined: number } {
    return this.cached('touchJoin', () => {
      let withReference = 0;
      let joined = 0;
      const byDeal = new Map<string, number[]>();
      const dealsByAccount = new Map<string, Deal[]>();
      const dealIds = new Set<string>();
      for (const d of this.tables.deals) {
        dealIds.add(d.dealId);
        byDeal.set(d.dealId, []);
        if (d.accountId) {
          const list = dealsByAccount.get(d.accountId) ?? [];
          list.push(d);
          dealsByAccount.set(d.accountId, list);
        }
      }
      const activities = this.tables.activities;
      let contactIds: Set<string> | null = null;
      for (let i = 0; i < activities.length; i++) {
        if (!this.isTouchType(activities.typeAt(i))) continue;
        const dealId = activities.dealIdAt(i);
        const accountId = activities.accountIdAt(i);
        if (dealId || accountId) withReference++;
        else {
          // Logged against a person only: a contact id that names no (single) contact is a failed join.
          const contactId = activities.contactIdAt(i);
          if (contactId) {
            contactIds ??= new Set(this.tables.contacts.map((c) => c.contactId));
            if (!contactIds.has(contactId)) withReference++;
          }
        }
        if (dealId && dealIds.has(dealId)) {
          byDeal.get(dealId)!.push(i);
          joined++;
          continue;
        }
        if (dealId || !accountId) continue;
        const at = activities.occurredAt(i);
        let any = false;
        for (const d of dealsByAccount.get(accountId) ?? []) {
          const start = d.createdAt ?? Number.NEGATIVE_INFINITY;
          const end = d.closedAt ?? this.asOf;
          if (at >= start && at <= end) {
            byDeal.get(d.dealId)!.push(i);
            any = true;
          }
        }
        if (any) joined++;
      }
      return { byDeal, withReference, joined };
    });
  }

  /**
   * How the touches in [from, to) reach accounts, for unassisted-activation-rate's activity→account
   * floor: of the touches with a reference (`withReference`, as touchJoin counts them: naming a deal
   * or an account, or whose only reference is a contact id that names no contact, or two by whole
   * number), how many name a known account (`joined`, knownAccounts: the CRM's or the product's):
   * their own, their contact's (written into the activity when links are resolved, 'via') or their
   * deal's — the account accountTouchTimes files them under. An account id that resolveLinks could
   * not resolve (kept as written: `XA17` when accounts.csv has `A17`) is no known account, and
   * neither is a deal's unresolved account: before, such a touch counted as placed, so calls whose
   * account, deal and contact ids all failed still met the floor (sales-led fixture with every
   * activity reference prefixed: 5143 of 6340) and the check measured 0.423 in place of 0.074.
   * A deal id that names no deal, a found deal without an account and a contact id that
   * names no contact reach none, nor does a found contact's account that was not written into the
   * activity (no CRM accounts and no associations: resolveLinks leaves it): a touch that could have
   * assisted an activation, but whose account is not known, so an activation beside it is not
   * evidence of "unassisted". A contact found without an account (and no deal) names none: no
   * reference (contact→account counts it).
   */
  touchAccountJoin(from: number, to: number): { withReference: number; joined: number } {
    return this.cached(`touchAccountJoin:${from}:${to}`, () => {
      const dealAccount = new Map(this.tables.deals.map((d) => [d.dealId, d.accountId]));
      const known = this.knownAccounts();
      const activities = this.tables.activities;
      let contactAccounts: Map<string, string | null> | null = null;
      let withReference = 0;
      let joined = 0;
      for (let i = 0; i < activities.length; i++) {
        if (!this.isTouchType(activities.typeAt(i))) continue;
        const at = activities.occurredAt(i);
        if (!(at >= from && at < to)) continue;
        const dealId = activities.dealIdAt(i);
        const accountId = activities.accountIdAt(i);
        if (!dealId && !accountId) {
          // Logged against a person only: a contact id that names no (single) contact is a failed
          // join; so is a found contact with an account that the touch did not take (resolveLinks
          // writes it only when there are CRM accounts or associations).
          const contactId = activities.contactIdAt(i);
          if (!contactId) continue;
          if (contactAccounts === null) {
            contactAccounts = new Map();
            for (const c of this.tables.contacts) if (!contactAccounts.get(c.contactId)) contactAccounts.set(c.contactId, c.accountId);
          }
          if (!contactAccounts.has(contactId) || contactAccounts.get(contactId)) withReference++;
          continue;
        }
        withReference++;
        const account = accountId ?? (dealId ? dealAccount.get(dealId) ?? null : null);
        if (account && known.has(account)) joined++;
      }
      return { withReference, joined };
    });
  }

  /**
   * The CRM's account ids: the accounts table's when it has rows; else the accounts the deals and
   * contacts name (there is nothing to check those against, and the link table takes them as
   * ids). With an accounts table, a deal's or contact's account reference that resolveLinks could
   * not resolve is kept as written and is not one of them: a product account that matched only
   * such a reference (deals naming `A17`, accounts.csv `XA17`) has reached no CRM account.
   */
  crmAccounts(): Set<string> {
    return this.cached('crmAccounts', () => {
      const crm = new Set<string>();
      if (this.tables.accounts.length > 0) for (const a of this.tables.accounts) crm.add(a.accountId);
      else {
        for (const d of this.tables.deals) if (d.accountId) crm.add(d.accountId);
        for (const c of this.tables.contacts) if (c.accountId) crm.add(c.accountId);
      }
      return crm;
    });
  }

  /**
   * How the core events with some event in [from, to) reach the CRM, for the role checks'
   * event→account floor: of those attributed to an account (`withAccount`: their own account id,
   * else their user's), how many are on one of the CRM's accounts (`onCrm`, crmAccounts: after the
   * CRM ↔ product match re-keyed the matched ones). Events, not rows (a day summary's row counts as
   * the events it stands for). An event whose account id no CRM account matched (`XA17`) is on
   * none: the role checks would read its users as nobody's.
   */
  eventAccountJoin(from: number, to: number): { withAccount: number; onCrm: number } {
    return this.cached(`eventAccountJoin:${from}:${to}`, () => {
      const events = this.tables.events;
      this.userAccounts(); // the accounts pool is complete from here
      const crm = this.crmAccounts();
      const onCrm = Uint8Array.from(events.accounts.values, (a) => (crm.has(a) ? 1 : 0));
      let withAccount = 0;
      let linked = 0;
      this.forEachCoreRowTouching(from, to, (i) => {
        const account = this.accountAt(i);
        if (account < 0) return;
        const n = events.countAt(i);
        withAccount += n;
        if (onCrm[account] === 1) linked += n;
      });
      return { withAccount, onCrm: linked };
    });
  }

  /**
   * Account ids a reference can be said to reach (touchAccountJoin): the CRM's accounts (the
   * accounts table when it has rows, else the accounts the deals and contacts name, as the link
   * table takes them: there is nothing to check those against) and the product's (users' and
   * events' account ids, after the CRM ↔ product match re-keyed the matched ones). An account id
   * that resolveLinks could not resolve stays as written and is none of these.
   */
  knownAccounts(): Set<string> {
    return this.cached('knownAccounts', () => {
      const known = new Set(this.crmAccounts());
      for (const u of this.tables.users) if (u.accountId) known.add(u.accountId);
      for (const a of this.tables.events.accounts.values) known.add(a);
      return known;
    });
  }

  /** Touches (any touch type) on an account in [from, to], whatever deal they belong to. */
  accountTouchTimes(): Map<string, number[]> {
    return this.cached('accountTouchTimes', () => {
      const dealAccount = new Map(this.tables.deals.map((d) => [d.dealId, d.accountId]));
      const byAccount = new Map<string, number[]>();
      const activities = this.tables.activities;
      for (let i = 0; i < activities.length; i++) {
        if (!this.isTouchType(activities.typeAt(i))) continue;
        const dealId = activities.dealIdAt(i);
        const account = activities.accountIdAt(i) ?? (dealId ? dealAccount.get(dealId) ?? null : null);
        if (!account) continue;
        const list = byAccount.get(account) ?? [];
        list.push(activities.occurredAt(i));
        byAccount.set(account, list);
      }
      return byAccount;
    });
  }

}
