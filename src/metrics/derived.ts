import type { Activity, Deal, ProductEvent, Release, Tables, User } from '../model.js';
import type { AnalysisSettings } from '../settings.js';
import { normaliseLabel } from '../settings.js';
import { DAY_MS } from './stats.js';

/**
 * Derived data several metrics share, computed once per analysis and memoised
 * (in the manner of Lighthouse's computed artifacts). Every method is pure with
 * respect to the tables, the settings and T.
 */
export class Derived {
  private readonly memo = new Map<string, unknown>();
  private readonly nonCore: Set<string>;
  private readonly touchTypes: Set<string>;

  constructor(
    private readonly tables: Tables,
    private readonly settings: AnalysisSettings,
    readonly asOf: number,
  ) {
    this.nonCore = new Set(settings.nonCoreEvents.map((e) => e.toLowerCase()));
    this.touchTypes = new Set(settings.touchTypes.map(normaliseLabel));
  }

  private cached<T>(key: string, build: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, build());
    return this.memo.get(key) as T;
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

  /** Core events with `from <= timestamp < to`. */
  coreEventsBetween(from: number, to: number): ProductEvent[] {
    return this.cached(`core:${from}:${to}`, () =>
      this.tables.events.filter((e) => e.timestamp >= from && e.timestamp < to && this.isCoreEvent(e)),
    );
  }

  /** Accounts with at least one core event in [from, to). */
  activeAccountsBetween(from: number, to: number): Set<string> {
    return this.cached(`activeAccounts:${from}:${to}`, () => {
      const active = new Set<string>();
      for (const e of this.coreEventsBetween(from, to)) {
        const account = this.accountOfEvent(e);
        if (account) active.add(account);
      }
      return active;
    });
  }

  /** Users with at least one core event in [from, to). */
  activeUsersBetween(from: number, to: number): Set<string> {
    return this.cached(`activeUsers:${from}:${to}`, () => {
      const active = new Set<string>();
      for (const e of this.coreEventsBetween(from, to)) if (e.userId) active.add(e.userId);
      return active;
    });
  }

  /** Per feature, the number of core events in [from, to). Events without a feature are skipped. */
  featureEventCounts(from: number, to: number): Map<string, number> {
    return this.cached(`featureCounts:${from}:${to}`, () => {
      const counts = new Map<string, number>();
      for (const e of this.coreEventsBetween(from, to)) {
        if (e.feature) counts.set(e.feature, (counts.get(e.feature) ?? 0) + 1);
      }
      return counts;
    });
  }

  /** Per feature, the accounts that used it (core events) in [from, to). */
  featureAccountsBetween(from: number, to: number): Map<string, Set<string>> {
    return this.cached(`featureAccounts:${from}:${to}`, () => {
      const byFeature = new Map<string, Set<string>>();
      for (const e of this.coreEventsBetween(from, to)) {
        if (!e.feature) continue;
        const account = this.accountOfEvent(e);
        if (!account) continue;
        let set = byFeature.get(e.feature);
        if (!set) byFeature.set(e.feature, (set = new Set()));
        set.add(account);
      }
      return byFeature;
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

  isTouch(activity: Activity): boolean {
    return this.touchTypes.has(normaliseLabel(activity.type));
  }

  /**
   * Touches (activities of a touch type) per deal id. An activity joins a deal by its deal id;
   * one without a deal id joins every deal of its account whose [created, closed] span
   * (closed = T when open) contains it.
   */
  touchesByDeal(): Map<string, Activity[]> {
    return this.cached('touchesByDeal', () => {
      const byDeal = new Map<string, Activity[]>();
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
      for (const a of this.tables.activities) {
        if (!this.isTouch(a)) continue;
        if (a.dealId && dealIds.has(a.dealId)) {
          byDeal.get(a.dealId)!.push(a);
          continue;
        }
        if (a.dealId || !a.accountId) continue;
        for (const d of dealsByAccount.get(a.accountId) ?? []) {
          const start = d.createdAt ?? Number.NEGATIVE_INFINITY;
          const end = d.closedAt ?? this.asOf;
          if (a.occurredAt >= start && a.occurredAt <= end) byDeal.get(d.dealId)!.push(a);
        }
      }
      return byDeal;
    });
  }

  /** Touches (any touch type) on an account in [from, to], whatever deal they belong to. */
  accountTouchTimes(): Map<string, number[]> {
    return this.cached('accountTouchTimes', () => {
      const dealAccount = new Map(this.tables.deals.map((d) => [d.dealId, d.accountId]));
      const byAccount = new Map<string, number[]>();
      for (const a of this.tables.activities) {
        if (!this.isTouch(a)) continue;
        const account = a.accountId ?? (a.dealId ? dealAccount.get(a.dealId) ?? null : null);
        if (!account) continue;
        const list = byAccount.get(account) ?? [];
        list.push(a.occurredAt);
        byAccount.set(account, list);
      }
      return byAccount;
    });
  }
}
