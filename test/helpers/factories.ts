/**
 * Small factories for hand-built datasets in metric tests. Dates are given as
 * 'YYYY-MM-DD' strings (UTC) so test tables read like the CSVs they stand for.
 */
import type {
  Account, Activity, Contact, Dataset, Deal, FeatureRequest, ProductEvent, Release, Subscription, Tables, User,
} from '../../src/core/model.js';
import { ActivityTable, emptyTables, EventTable, TABLE_NAMES } from '../../src/core/model.js';
import { Derived } from '../../src/metrics/derived.js';
import { resolveLinks } from '../../src/ingest/links.js';
import type { MetricContext, MetricDefinition, MetricResult } from '../../src/metrics/types.js';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../src/core/settings.js';
import { DAY_MS } from '../../src/stats/stats.js';

/** 'YYYY-MM-DD' (or full ISO) → epoch ms UTC. */
export function at(date: string): number {
  const iso = date.length === 10 ? `${date}T00:00:00Z` : date;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test date ${date}`);
  return ms;
}

/** T for an as-of date: the exclusive end of that day. */
export function asOfEnd(date: string): number {
  return at(date) + DAY_MS;
}

export function deal(p: Partial<Omit<Deal, 'createdAt' | 'closedAt'>> & { createdAt?: string | null; closedAt?: string | null } = {}): Deal {
  return {
    dealId: p.dealId ?? 'd1',
    accountId: p.accountId === undefined ? 'a1' : p.accountId,
    name: p.name ?? null,
    amount: p.amount === undefined ? 10_000 : p.amount,
    stage: p.stage ?? 'won',
    createdAt: p.createdAt ? at(p.createdAt) : p.createdAt === null ? null : at('2024-01-01'),
    closedAt: p.closedAt ? at(p.closedAt) : p.closedAt === null ? null : at('2024-02-01'),
    source: p.source === undefined ? null : p.source,
    type: p.type ?? 'new',
    discount: p.discount === undefined ? null : p.discount,
    promisedFeatures: p.promisedFeatures ?? [],
    owner: p.owner ?? null,
  };
}

export function activity(p: Partial<Omit<Activity, 'occurredAt'>> & { occurredAt?: string } = {}): Activity {
  return {
    activityId: p.activityId ?? null,
    type: p.type ?? 'call',
    dealId: p.dealId === undefined ? 'd1' : p.dealId,
    accountId: p.accountId === undefined ? null : p.accountId,
    contactId: p.contactId ?? null,
    occurredAt: at(p.occurredAt ?? '2024-01-15'),
  };
}

export function contact(p: Partial<Contact> = {}): Contact {
  return {
    contactId: p.contactId ?? 'c1',
    accountId: p.accountId === undefined ? 'a1' : p.accountId,
    title: p.title ?? null,
    role: p.role ?? 'other',
  };
}

export function account(p: Partial<Omit<Account, 'createdAt'>> & { createdAt?: string | null } = {}): Account {
  return {
    accountId: p.accountId ?? 'a1',
    name: p.name ?? null,
    domain: p.domain ?? null,
    createdAt: p.createdAt ? at(p.createdAt) : null,
    plan: p.plan ?? null,
  };
}

export function event(p: Partial<Omit<ProductEvent, 'timestamp'>> & { timestamp?: string } = {}): ProductEvent {
  return {
    timestamp: at(p.timestamp ?? '2024-01-15'),
    userId: p.userId === undefined ? 'u1' : p.userId,
    accountId: p.accountId === undefined ? 'a1' : p.accountId,
    event: p.event ?? 'feature_used',
    feature: p.feature === undefined ? 'f1' : p.feature,
  };
}

export function user(p: Partial<Omit<User, 'signupAt' | 'activatedAt'>> & { signupAt?: string | null; activatedAt?: string | null } = {}): User {
  return {
    userId: p.userId ?? 'u1',
    accountId: p.accountId === undefined ? 'a1' : p.accountId,
    signupAt: p.signupAt ? at(p.signupAt) : p.signupAt === null ? null : at('2024-01-01'),
    activatedAt: p.activatedAt ? at(p.activatedAt) : null,
    role: p.role ?? 'other',
    title: p.title ?? null,
    invitedBy: p.invitedBy ?? null,
    ...(p.email !== undefined ? { email: p.email } : {}),
    ...(p.domain !== undefined ? { domain: p.domain } : {}),
    ...(p.company !== undefined ? { company: p.company } : {}),
  };
}

export function release(p: Partial<Omit<Release, 'releasedAt'>> & { releasedAt?: string } = {}): Release {
  return {
    feature: p.feature ?? 'f1',
    releasedAt: at(p.releasedAt ?? '2024-01-01'),
    kind: p.kind ?? 'new',
    title: p.title ?? null,
  };
}

export function request(p: Partial<Omit<FeatureRequest, 'createdAt'>> & { createdAt?: string | null } = {}): FeatureRequest {
  return {
    requestId: p.requestId ?? null,
    feature: p.feature === undefined ? 'f1' : p.feature,
    accountId: p.accountId === undefined ? 'a1' : p.accountId,
    dealId: p.dealId ?? null,
    source: p.source === undefined ? 'customer' : p.source,
    createdAt: p.createdAt ? at(p.createdAt) : null,
    votes: p.votes ?? null,
  };
}

/** A paid monthly subscription of account a1 from 2024-01-01, by default. */
export function subscription(
  p: Partial<Omit<Subscription, 'startAt' | 'endAt' | 'trialEndAt'>> & { startAt?: string | null; endAt?: string | null; trialEndAt?: string | null } = {},
): Subscription {
  return {
    kind: p.kind ?? 'subscription',
    id: p.id ?? null,
    accountId: p.accountId === undefined ? 'a1' : p.accountId,
    emailDomain: p.emailDomain ?? null,
    company: p.company ?? null,
    status: p.status === undefined ? 'active' : p.status,
    plan: p.plan ?? null,
    startAt: p.startAt === null ? null : at(p.startAt ?? '2024-01-01'),
    endAt: p.endAt ? at(p.endAt) : null,
    trialEndAt: p.trialEndAt ? at(p.trialEndAt) : null,
    trial: p.trial ?? false,
    amount: p.amount === undefined ? 100 : p.amount,
    free: p.free ?? p.amount === 0,
    currency: p.currency ?? null,
    ...(p.excludedCurrency ? { excludedCurrency: p.excludedCurrency } : {}),
  };
}

/** Tables from parts; events may be given as an array of objects (stored by column, as ingest does). */
export function tables(
  partial: Partial<Omit<Tables, 'events' | 'activities'>> & { events?: Tables['events'] | ProductEvent[]; activities?: Tables['activities'] | Activity[] } = {},
): Tables {
  return { ...emptyTables(), ...partial, events: EventTable.from(partial.events ?? []), activities: ActivityTable.from(partial.activities ?? []) };
}

/** A context for `asOf` (a 'YYYY-MM-DD' as-of date; T is the end of that day). */
export function context(t: Tables, asOfDate: string, settings: AnalysisSettings = DEFAULT_SETTINGS): MetricContext {
  const asOf = asOfEnd(asOfDate);
  const dataset: Dataset = {
    tables: t,
    present: new Set(TABLE_NAMES.filter((name) => t[name].length > 0)),
    files: [],
    issues: [],
  };
  return { asOf, settings, derived: new Derived(t, settings, asOf), dataset };
}

/**
 * Run a metric as an analysis would: the tables' links resolved first (ingest/links.ts, which
 * rewrites resolved references) and measured into the dataset, for link floors.
 */
export function runLinked<P extends Record<string, unknown>>(
  metric: MetricDefinition<P>,
  t: Tables,
  asOfDate: string,
  params: Partial<P> = {},
  settings: AnalysisSettings = DEFAULT_SETTINGS,
): MetricResult {
  const { links } = resolveLinks(t);
  const ctx = context(t, asOfDate, settings);
  ctx.dataset.links = links;
  return metric.compute(t, { ...metric.defaultParams, ...params }, ctx);
}

/** Run a metric with its default params (overridable) on hand-built tables. */
export function run<P extends Record<string, unknown>>(
  metric: MetricDefinition<P>,
  t: Tables,
  asOfDate: string,
  params: Partial<P> = {},
): MetricResult {
  return metric.compute(t, { ...metric.defaultParams, ...params }, context(t, asOfDate));
}
