/**
 * pullcheck's normalised data model: the typed tables every metric reads.
 *
 * Ingest maps whatever columns a file has onto these records (see src/ingest/layouts.ts
 * and docs/data-model.md). Dates are UTC epoch milliseconds; money is a plain number in
 * the deal's currency; absent optional values are `null`, never a guess.
 */
import type { TableName, LinkId, LinkKey, CurrencySummary, PipelineSummary, IngestIssue, FileSummary, LookupResolution, AccountMatch, BusinessContext, DerivedField, IdentityMerge, LinkSummary, WholeNumberJoin } from '../report/contract/inputs.js';

export type { TableName, LinkId, LinkKey, CurrencySummary, PipelineSummary, IngestIssue, FileSummary, LookupResolution, AccountMatch, BusinessContext, DerivedField, IdentityMerge, LinkSummary, WholeNumberJoin, WholeNumberLink } from '../report/contract/inputs.js';
import { EventNotes, type EventNotesParts } from './event-notes.js';

export const TABLE_NAMES: readonly TableName[] = [
  'deals',
  'activities',
  'contacts',
  'accounts',
  'events',
  'users',
  'releases',
  'feature_requests',
  'associations',
  'subscriptions',
];

/** Epoch milliseconds (UTC). */
export type Timestamp = number;

export type DealStage = 'won' | 'lost' | 'open';
export type DealType = 'new' | 'renewal' | 'expansion';

export interface Deal {
  dealId: string;
  accountId: string | null;
  name: string | null;
  /** Closed or expected amount; null when blank (common on open deals). */
  amount: number | null;
  stage: DealStage;
  createdAt: Timestamp | null;
  closedAt: Timestamp | null;
  /** Lead/deal source as exported, lower-cased and trimmed; null when blank. */
  source: string | null;
  type: DealType;
  /** Discount as a fraction of list price (0.15 = 15%); null when unknown. */
  discount: number | null;
  /** Feature ids promised to close this deal. */
  promisedFeatures: string[];
  owner: string | null;
  /** ISO currency code of the amount as exported (currency column, else a symbol in the amount cell); null/absent when not named. */
  currency?: string | null;
  /**
   * Set when the amount was set aside because of its currency (not the analysis currency and no
   * rate to convert it): the currency. `amount` is then null (src/ingest/currency.ts).
   */
  excludedCurrency?: string;
  /** CRM pipeline (HubSpot pipeline, Salesforce record type, Pipedrive pipeline); null/absent when not exported. */
  pipeline?: string | null;
}

/**
 * A deal whose close date falls on a calendar day (UTC) before the day it was created: its dates
 * contradict each other (CLOSE_BEFORE_CREATE, counted when read). Such a deal is kept (its stage,
 * amount and close date count) but has no sales cycle. A close earlier on the creation day is
 * not one (a date-only close beside a timestamped creation).
 */
export function closedBeforeCreated(deal: Pick<Deal, 'createdAt' | 'closedAt'>): boolean {
  const day = 86_400_000;
  return deal.createdAt !== null && deal.closedAt !== null && Math.floor(deal.closedAt / day) < Math.floor(deal.createdAt / day);
}

export type ActivityType = 'call' | 'email' | 'meeting' | 'demo' | 'note' | 'task' | 'other';

export interface Activity {
  activityId: string | null;
  type: ActivityType;
  dealId: string | null;
  accountId: string | null;
  contactId: string | null;
  occurredAt: Timestamp;
}

export interface Contact {
  contactId: string;
  accountId: string | null;
  /** The domain of the contact's e-mail address (the address itself is never kept); links the contact to an account by domain. */
  emailDomain?: string | null;
  title: string | null;
  /** Role family (exec, manager, practitioner, it, procurement, other); derived from title when absent. */
  role: string;
  /** The person's name, read only so that reports can scrub it where data repeats it (src/core/privacy.ts); never shown. */
  name?: string | null;
}

export interface Account {
  accountId: string;
  name: string | null;
  domain: string | null;
  createdAt: Timestamp | null;
  plan: string | null;
}

export interface ProductEvent {
  timestamp: Timestamp;
  userId: string | null;
  accountId: string | null;
  event: string;
  /** Feature the event belongs to; null for events that are not feature usage (login, pageview...). */
  feature: string | null;
  /**
   * How many events the row stands for (default 1): a row of a pre-aggregated export (Pendo's
   * `numEvents`, pullcheck's warehouse summary `event_count`: docs/warehouse.md) is that many
   * events at `timestamp`, the first of them.
   */
  count?: number;
}

export interface User {
  userId: string;
  accountId: string | null;
  signupAt: Timestamp | null;
  activatedAt: Timestamp | null;
  role: string;
  title: string | null;
  invitedBy: string | null;
  /** E-mail and its domain, company name: for linking users to accounts (never printed). */
  email?: string | null;
  domain?: string | null;
  company?: string | null;
}

export type ReleaseKind = 'new' | 'improvement' | 'fix';

export interface Release {
  feature: string;
  releasedAt: Timestamp;
  kind: ReleaseKind;
  title: string | null;
  /** Who asked for it, as the changelog says ("Requested by", "Customer"); null when not recorded. */
  requestedBy?: string | null;
}

export interface FeatureRequest {
  requestId: string | null;
  feature: string | null;
  accountId: string | null;
  dealId: string | null;
  /** Who raised it: sales, customer, support, internal, ... (lower-cased). */
  source: string | null;
  createdAt: Timestamp | null;
  votes: number | null;
}

/**
 * One row of an association table (HubSpot engagement↔deal, deal↔company, deal↔contact;
 * Salesforce OpportunityContactRole): record `fromId` of kind `from` is associated with record
 * `toId` of kind `to`. Read to link tables, never scored as deals or contacts.
 */
export interface Association {
  from: AssociationKind;
  fromId: string;
  to: AssociationKind;
  toId: string;
}

export type AssociationKind = 'activity' | 'deal' | 'contact' | 'account';

/** Where a dated value was read: each place given once, null when not kept (src/ingest/date-lines.ts). */
export interface DatePlaces {
  /** Looks up the places of these outliers that were not noted while reading (date-lines.ts). */
  resolve?(outliers: ReadonlyArray<{ table: TableName; field: string; value: number }>): Promise<void>;
  take(table: TableName, field: string, value: number): { file: string; line: number } | null;
}

/**
 * One row of a billing export (src/ingest/billing.ts): a subscription (Stripe, Chargebee, a
 * warehouse subscriptions table) or a paid invoice (`kind: 'invoice'`). Read for paid conversion
 * and recurring revenue; the customer's e-mail address is never kept, only its domain.
 */
export interface Subscription {
  kind: 'subscription' | 'invoice';
  /** Subscription or invoice id. */
  id: string | null;
  /** The customer: an account id, a billing customer id, or a company name; resolved to an account by links.ts. */
  accountId: string | null;
  /** Domain of the customer's e-mail (links by domain when the customer id is the billing tool's own). */
  emailDomain?: string | null;
  /** The customer's company (or billing name): links by name; never printed. */
  company?: string | null;
  /** Status as exported, lower-cased (`active`, `trialing`, `in_trial`, `canceled`, `paid`…); null when not exported. */
  status: string | null;
  plan: string | null;
  /** Subscription start (or period start); invoices: the invoice (or period start) date. */
  startAt: Timestamp | null;
  /** When the subscription ended (ended-at, end date, or cancelled-at of a cancelled one); null while running. */
  endAt: Timestamp | null;
  /** End of the trial, or when the subscription turned paid (Chargebee `activated_at`); null when none. */
  trialEndAt: Timestamp | null;
  /** A trial row (an is-trial flag, or a trial status such as `trialing` / `in_trial`). */
  trial: boolean;
  /**
   * Subscriptions: the monthly recurring amount (an MRR column, else amount × quantity per
   * interval, per month); invoices: the amount paid. Null when unknown or set aside for its currency.
   */
  amount: number | null;
  /** The amount was read and is zero (a free plan, a zero invoice): never paid. */
  free: boolean;
  currency?: string | null;
  /** Set when the amount was set aside for its currency (like Deal.excludedCurrency). */
  excludedCurrency?: string;
}

export interface Tables {
  deals: Deal[];
  /** Columnar (see ActivityTable): the largest CRM table. */
  activities: ActivityTable;
  contacts: Contact[];
  accounts: Account[];
  /** Columnar (see EventTable): millions of rows must not be millions of objects. */
  events: EventTable;
  users: User[];
  releases: Release[];
  feature_requests: FeatureRequest[];
  associations: Association[];
  /** Billing: subscriptions and paid invoices. */
  subscriptions: Subscription[];
}

export interface Dataset {
  tables: Tables;
  /** Which tables had a file (an empty file still counts as present). */
  present: Set<TableName>;
  files: FileSummary[];
  /** Up to a bounded number of examples per code; counts are complete in files[].rejectedByReason. */
  issues: IngestIssue[];
  /** CRM ↔ product account matching; absent when the data has only one side. */
  accountMatch?: AccountMatch;
  /** Deal currencies and the analysis currency; absent when no deal names a currency. */
  currency?: CurrencySummary;
  /** CRM pipelines and the scope applied; absent when no deal names a pipeline and none is configured. */
  pipelines?: PipelineSummary;
  /**
   * `table.field` → why the column's values cannot be used although it is mapped (e.g. no deal
   * stage maps to won or lost). A check requiring the field is insufficient data with that reason.
   */
  unusableFields?: Record<string, string>;
  /**
   * `table.field` → why it counts as absent: mapped, but blank in every row (blank-columns.ts).
   * A check requiring it is insufficient data unless the field is derived.
   */
  blankFields?: Record<string, string>;
  /** Where the largest dates of each dated column were read, for DATE_OUTLIER's file:line (src/ingest/date-lines.ts). */
  dateLines?: DatePlaces;
  /** Signup and activation derived from events (src/ingest/derive-activation.ts), with what from; absent when none. */
  derivedUserFields?: DerivedField[];
  /** Every cross-table link the metrics use, measured (src/ingest/links.ts); absent in datasets built by hand. */
  links?: LinkSummary[];
  /** `table.field` → how it was derived where no column holds it (e.g. events.feature from event names). */
  derivedFields?: Record<string, string>;
  /** Staff users and events removed (config `staff`); absent when not configured. */
  staff?: StaffExclusion;
  /** Event features derived from event names (src/ingest/derive-features.ts); absent when not done. */
  derivedFeatures?: DerivedFeatures;
  /** What the billing rows gave (src/ingest/billing.ts); absent without a subscriptions table. */
  billing?: BillingSummary;
  /** Anonymous ids merged into identified users (src/ingest/identity.ts); absent when no events row carried both. */
  identity?: IdentityMerge;
  /** References joined by the whole-number form of their id, `1.0` = `1` (src/ingest/whole-number-ids.ts); absent when none. */
  wholeNumberIds?: WholeNumberJoin[];
}

/** Billing rows read, the currency kept, and the accounts' first paid dates (src/ingest/billing.ts). */
/** The billing currency summary (inspect, report context): like the deals' CurrencySummary, per row. */
export interface BillingCurrency {
  analysisCurrency: string;
  /** In words: why this one. */
  basis: string;
  /** Per currency: rows, monthly amount of subscriptions (before conversion), and what was done. */
  byCurrency: Array<{ currency: string; rows: number; amount: number; rate: number | null; use: 'analysed' | 'converted' | 'excluded' }>;
}

export interface BillingSummary {
  subscriptions: number;
  invoices: number;
  /** Rows that never paid: trials, zero amounts, unbilled statuses, unpaid invoices. */
  unpaidRows: number;
  /** Paid rows without an amount (unknown, or set aside for its currency). */
  paidWithoutAmount: number;
  /** Rows whose customer links to no account (counted in subscription→account). */
  unlinkedRows: number;
  /** Customers (accounts, or billing customer ids that linked to none) with a first paid date (`paidAt`). */
  paidAccounts: number;
  /** The rule, in words. */
  rule: string;
  /** The currency kept when rows name several; null when one (or none). */
  currency: BillingCurrency | null;
  /** Event account ids that were subscription ids, given their subscription's account (usage keyed by subscription); absent when none. */
  eventSubscriptionIds?: number;
}

/** Config `staff.domains`: users and events of the company's own staff, removed (src/ingest/staff.ts). */
export interface StaffExclusion {
  domains: string[];
  /** Rows removed from the users table. */
  users: number;
  /** Distinct event user ids removed, and their events. */
  eventUsers: number;
  events: number;
}

/** Config `features.map` entry: event names matching `pattern` (glob, `*`) belong to `feature`. */
export interface FeatureRule {
  pattern: string;
  feature: string;
  /** Line in the config file, for messages. */
  line?: number;
}

/** What deriving event features from event names did (src/ingest/derive-features.ts). */
export interface DerivedFeatures {
  /** The rules applied, in words. */
  rule: string;
  derivedRows: number;
  unmatchedRows: number;
  /** Rows whose event name matched two release features equally well: left without a feature. */
  ambiguousRows: number;
  /** Distinct features given. */
  features: number;
  /** Per event name, most rows first: the feature given and how (`by`: the pattern, release name, or the tied names). */
  byEvent: Array<{ event: string; feature: string | null; rows: number; how: 'config' | 'release' | 'ambiguous' | 'unmatched'; by: string | null }>;
}

export function emptyTables(): Tables {
  return {
    deals: [],
    activities: new ActivityTable(),
    contacts: [],
    accounts: [],
    events: new EventTable(),
    users: [],
    releases: [],
    feature_requests: [],
    associations: [],
    subscriptions: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Activities, stored by column.

const ACTIVITY_TYPES: readonly ActivityType[] = ['call', 'email', 'meeting', 'demo', 'note', 'task', 'other'];

/**
 * A CRM's activity log is its largest table, and an object per row (with its strings) is copied
 * by the young-generation collector while the file is read (docs/performance.md). A row here is
 * the time, the type as a small code, and ids into
 * string pools for the activity, deal, account and contact ids (-1: absent); metrics read the
 * columns (`occurredAt(i)`, `typeAt(i)`, ...), tests and tools may iterate Activity objects.
 */
export class ActivityTable implements Iterable<Activity> {
  readonly activityIds = new StringPool();
  readonly dealIds = new StringPool();
  readonly accountIds = new StringPool();
  readonly contactIds = new StringPool();
  private occurred = new Float64Array(256);
  private types = new Uint8Array(256);
  private activity = new Int32Array(256);
  private deal = new Int32Array(256);
  private account = new Int32Array(256);
  private contact = new Int32Array(256);
  private count = 0;

  static from(rows: Iterable<Activity>): ActivityTable {
    const table = new ActivityTable();
    for (const row of rows) table.push(row);
    return table;
  }

  get length(): number {
    return this.count;
  }

  push(a: Activity): void {
    if (this.count === this.occurred.length) this.grow();
    const i = this.count++;
    this.occurred[i] = a.occurredAt;
    this.types[i] = Math.max(0, ACTIVITY_TYPES.indexOf(a.type));
    this.activity[i] = a.activityId === null ? -1 : this.activityIds.intern(a.activityId);
    this.deal[i] = a.dealId === null ? -1 : this.dealIds.intern(a.dealId);
    this.account[i] = a.accountId === null ? -1 : this.accountIds.intern(a.accountId);
    this.contact[i] = a.contactId === null ? -1 : this.contactIds.intern(a.contactId);
  }

  private grow(): void {
    const size = this.occurred.length * 2;
    const widen = <T extends Float64Array | Uint8Array | Int32Array>(old: T, make: new (n: number) => T): T => {
      const grown = new make(size);
      grown.set(old);
      return grown;
    };
    this.occurred = widen(this.occurred, Float64Array);
    this.types = widen(this.types, Uint8Array);
    this.activity = widen(this.activity, Int32Array);
    this.deal = widen(this.deal, Int32Array);
    this.account = widen(this.account, Int32Array);
    this.contact = widen(this.contact, Int32Array);
  }

  occurredAt(i: number): Timestamp {
    return this.occurred[i]!;
  }

  typeAt(i: number): ActivityType {
    return ACTIVITY_TYPES[this.types[i]!]!;
  }

  dealIdAt(i: number): string | null {
    return this.dealIds.valueOf(this.deal[i]!);
  }

  accountIdAt(i: number): string | null {
    return this.accountIds.valueOf(this.account[i]!);
  }

  activityIdAt(i: number): string | null {
    return this.activityIds.valueOf(this.activity[i]!);
  }

  contactIdAt(i: number): string | null {
    return this.contactIds.valueOf(this.contact[i]!);
  }

  /** Re-points row i at another deal (null: none), once its reference has been resolved (links.ts). */
  setDealIdAt(i: number, dealId: string | null): void {
    this.deal[i] = dealId === null ? -1 : this.dealIds.intern(dealId);
  }

  /** Re-points row i at another account (null: none). */
  setAccountIdAt(i: number, accountId: string | null): void {
    this.account[i] = accountId === null ? -1 : this.accountIds.intern(accountId);
  }

  /** Re-points row i at another contact (null: none): its contact id in the contacts' spelling (links.ts). */
  setContactIdAt(i: number, contactId: string | null): void {
    this.contact[i] = contactId === null ? -1 : this.contactIds.intern(contactId);
  }

  /** Row i as an object (a new one each time). */
  at(i: number): Activity {
    return {
      activityId: this.activityIds.valueOf(this.activity[i]!),
      type: this.typeAt(i),
      dealId: this.dealIdAt(i),
      accountId: this.accountIdAt(i),
      contactId: this.contactIds.valueOf(this.contact[i]!),
      occurredAt: this.occurred[i]!,
    };
  }

  *[Symbol.iterator](): Iterator<Activity> {
    for (let i = 0; i < this.count; i++) yield this.at(i);
  }
}

// ---------------------------------------------------------------------------------------------
// Events, stored by column. A product-analytics export holds millions of rows; one object per
// row costs ~200 bytes and most of the CPU in garbage collection. Here an event costs 18 bytes:
// a Float64 timestamp, an Int32 user id and 16-bit ids (Int32 once they do not fit) of account,
// event name and feature into string pools (-1 = absent). Rows live in fixed-size chunks, so
// growing never copies the table.

/**
 * Distinct strings ↔ dense integer ids, in first-seen order: a Map and an array. (A hand-written
 * hash table with prefetching and a numbered-id cache stood here while a JavaScript splitter fed
 * it cell ranges of millions of events; DuckDB now reads and groups the events, issue 14.)
 */
export class StringPool {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.values.length;
  }

  /** The id of `value`, adding it when new. */
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.ids.set(value, id);
    }
    return id;
  }

  /** The id of `value`, or -1 when it was never interned. */
  idOf(value: string | null | undefined): number {
    if (value === null || value === undefined) return -1;
    return this.ids.get(value) ?? -1;
  }

  valueOf(id: number): string | null {
    return id < 0 ? null : this.values[id]!;
  }
}

export const EVENT_CHUNK_BITS = 16;
export const EVENT_CHUNK = 1 << EVENT_CHUNK_BITS;
const CHUNK_MASK = EVENT_CHUNK - 1;

/**
 * An id column. Accounts, event names and features have fewer than 32,768 distinct values in
 * most exports, so their columns start as Int16Array (2 bytes a row instead of 4) and widen to
 * Int32Array, in every chunk at once, at the first id that does not fit.
 */
export type IdColumn = Int16Array | Int32Array;

/** The largest id an Int16Array column holds (-1 is "absent"). */
const NARROW_MAX = 0x7fff;

/** One chunk of EVENT_CHUNK rows (the last one partly filled). */
export interface EventChunk {
  timestamp: Float64Array;
  user: Int32Array;
  account: IdColumn;
  name: IdColumn;
  feature: IdColumn;
  /**
   * Events each row stands for, when a row of this chunk holds more than one (pre-aggregated
   * exports); null: every row is one event, as in raw exports (no column kept for them).
   */
  count: Uint32Array | null;
  /**
   * Rows of the export each row stands for, when a row of this chunk is a day summary of raw rows
   * (DuckDB reads raw events into summaries: src/ingest/events-duckdb.ts); absent or null: one.
   */
  rows?: Uint32Array | null;
  /**
   * Milliseconds from a day-summary row's earliest event (`timestamp`) to its latest (under a day:
   * whole ms fit a Uint32, half the bytes of a time); absent or null: every row of this chunk is at
   * one time.
   */
  span?: Uint32Array | null;
}

type NarrowColumn = 'account' | 'name' | 'feature';
const NARROW_COLUMNS: readonly NarrowColumn[] = ['account', 'name', 'feature'];

/**
 * The events table by column. `push`, iteration, `get` and `map` give ProductEvent objects
 * for small tables and tests; metrics over real data read the columns (`chunks`, `timestampAt`,
 * `userAt`...) and compare ids, never strings. A blank id ('') is stored as absent.
 */
/** An EventTable's rows and pool values, as posted from the thread that read them. */
export interface EventTableParts {
  length: number;
  chunks: EventChunk[];
  users: string[];
  accounts: string[];
  names: string[];
  features: string[];
  /** AnonymousPairs.entries() of the part (user ids in its own `users`). */
  anonymous?: Array<[string, number]>;
  /** EventNotes of the part (ids in its own pools). */
  notes?: EventNotesParts;
}

/** An anonymous id seen beside two or more identified users (AnonymousPairs). */
export const AMBIGUOUS_USER = -2;

/**
 * Anonymous ids (Segment `anonymous_id`, PostHog `$anon_distinct_id`, Amplitude `device_id`…)
 * seen on events that also carry an identified user id, noted while reading: anonymous id → the
 * user id (pool id in EventTable.users), or AMBIGUOUS_USER once a second user is seen with it.
 * One entry per anonymous id, nothing per event (src/ingest/identity.ts merges them).
 */
export class AnonymousPairs {
  readonly userOf = new Map<string, number>();
  private lastAnonymous: string | null = null;
  private lastUser = -1;

  note(anonymous: string, user: number): void {
    // A session repeats its pair row after row.
    if (anonymous === this.lastAnonymous && user === this.lastUser) return;
    this.lastAnonymous = anonymous;
    this.lastUser = user;
    const seen = this.userOf.get(anonymous);
    // Kept keys are flat copies, not slices of a read buffer (see StringPool.add).
    if (seen === undefined) this.userOf.set(JSON.parse(JSON.stringify(anonymous)) as string, user);
    else if (seen !== user && seen !== AMBIGUOUS_USER) this.userOf.set(anonymous, AMBIGUOUS_USER);
  }

  get size(): number {
    return this.userOf.size;
  }
}

export class EventTable implements Iterable<ProductEvent> {
  length = 0;
  readonly chunks: EventChunk[] = [];
  readonly users = new StringPool();
  /** Replaced by renameAccounts. */
  accounts = new StringPool();
  /** Replaced by renameEvents / renameFeatures. */
  names = new StringPool();
  features = new StringPool();
  /** Anonymous ids seen beside identified users while reading (before src/ingest/identity.ts merges them). */
  readonly anonymous = new AnonymousPairs();
  /** Person and invite properties the events carry (src/ingest/event-properties.ts). */
  readonly notes = new EventNotes();
  // Kept as rows are appended, so the span and order of the timestamps never need a pass.
  private minTime = Number.POSITIVE_INFINITY;
  private maxTime = Number.NEGATIVE_INFINITY;
  private lastTime = Number.NEGATIVE_INFINITY;
  private ordered = true;

  /** The largest id each column's arrays hold now (NARROW_MAX until widened). */
  private readonly maxId: Record<NarrowColumn, number> = { account: NARROW_MAX, name: NARROW_MAX, feature: NARROW_MAX };

  static from(events: Iterable<ProductEvent>): EventTable {
    if (events instanceof EventTable) return events;
    const table = new EventTable();
    for (const e of events) table.push(e);
    return table;
  }

  /** Append rows given as objects (like Array#push); returns the new length. */
  push(...events: ProductEvent[]): number {
    for (const e of events) this.append(e.timestamp, e.userId, e.accountId, e.event, e.feature, e.count ?? 1);
    return this.length;
  }

  append(timestamp: number, userId: string | null, accountId: string | null, event: string, feature: string | null, count = 1, rows = 1): void {
    this.appendIds(
      timestamp,
      userId ? this.users.intern(userId) : -1,
      accountId ? this.accounts.intern(accountId) : -1,
      this.names.intern(event),
      feature ? this.features.intern(feature) : -1,
      count,
      rows,
    );
  }

  /**
   * `count`: the events the row stands for (a whole number ≥ 1; see ProductEvent.count); `rows`:
   * the export's rows it stands for (a day summary of raw rows: its count; else 1); `last`: the
   * latest time of those rows (a day summary's; else the row's own time).
   */
  appendIds(timestamp: number, user: number, account: number, name: number, feature: number, count = 1, rows = 1, last = timestamp): void {
    const max = this.maxId;
    if (account > max.account) this.widen('account');
    if (name > max.name) this.widen('name');
    if (feature > max.feature) this.widen('feature');
    const j = this.length & CHUNK_MASK;
    if (j === 0) {
      this.chunks.push({
        timestamp: new Float64Array(EVENT_CHUNK),
        user: new Int32Array(EVENT_CHUNK),
        account: this.idArray('account'),
        name: this.idArray('name'),
        feature: this.idArray('feature'),
        count: null,
      });
    }
    const c = this.chunks[this.chunks.length - 1]!;
    this.noteTime(timestamp);
    c.timestamp[j] = timestamp;
    c.user[j] = user;
    c.account[j] = account;
    c.name[j] = name;
    c.feature[j] = feature;
    if (count !== 1 || c.count !== null) (c.count ??= new Uint32Array(EVENT_CHUNK).fill(1))[j] = count;
    if (count !== 1) this.aggregated = true;
    if (rows !== 1 || c.rows) (c.rows ??= new Uint32Array(EVENT_CHUNK).fill(1))[j] = rows;
    // A row at one time (a NaN time included) spans nothing.
    const span = last === timestamp || Number.isNaN(timestamp) ? 0 : last - timestamp;
    if (span !== 0 || c.span) {
      if (!(Number.isInteger(span) && span >= 0 && span < 2 ** 32)) throw new Error(`a row's latest time must be whole milliseconds after its first, less than 2^32 (got ${span})`);
      (c.span ??= new Uint32Array(EVENT_CHUNK))[j] = span;
      if (span > 0) this.spread = true;
      this.noteTime(last, false);
    }
    this.length++;
  }

  /**
   * Whether some row stands for events at more than one time (a day summary: its earliest time is
   * `timestampAt`, its latest `lastTimeAt`). A check comparing event times with a time inside such
   * a row cannot tell how many of its events fall on each side (`splitsAt`).
   */
  spread = false;

  /** Why a check met a time inside a day-summary row (`splitsAt`): the run must read events row by row. */
  readonly timesSplit = new Set<string>();

  /** The latest time of the events row i stands for (its own time unless a day summary). */
  lastTimeAt(i: number): number {
    const c = this.chunks[i >>> EVENT_CHUNK_BITS]!;
    const j = i & CHUNK_MASK;
    return c.span ? c.timestamp[j]! + c.span[j]! : c.timestamp[j]!;
  }

  /**
   * Whether a comparison of row i's events with `at` could split them: some events on each side.
   * For `t < at` / `t >= at` (the default) that is first < at <= last; for `t <= at` / `t > at`
   * (`closed`), first <= at < last. Noted under `why` (timesSplit) when it does.
   */
  splitsAt(i: number, at: number, why: string, closed = false): boolean {
    if (!this.spread) return false;
    const c = this.chunks[i >>> EVENT_CHUNK_BITS]!;
    if (!c.span) return false;
    const j = i & CHUNK_MASK;
    const first = c.timestamp[j]!;
    const last = first + c.span[j]!;
    if (!(closed ? first <= at && at < last : first < at && at <= last)) return false;
    this.timesSplit.add(why);
    return true;
  }

  /**
   * Whether some event of row i lies in [from, to). Exact for a day summary too, from its earliest
   * and latest times, unless both ends fall inside the row (a window shorter than the row's span):
   * then it is noted under `why` (timesSplit) and false.
   */
  someWithin(i: number, from: number, to: number, why: string): boolean {
    const c = this.chunks[i >>> EVENT_CHUNK_BITS]!;
    const j = i & CHUNK_MASK;
    const first = c.timestamp[j]!;
    if (first >= from && first < to) return true;
    const last = c.span ? first + c.span[j]! : first;
    if (first >= to || last < from) return false;
    // first < from <= last: the latest event is in the window unless the window ends before it.
    if (last < to) return true;
    this.timesSplit.add(why);
    return false;
  }

  /** Rows of the exports the table stands for (more than `length` when DuckDB summarised raw rows). */
  rowCount(): number {
    let total = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const rows = this.chunks[c]!.rows;
      const n = this.chunkLength(c);
      if (!rows) total += n;
      else for (let j = 0; j < n; j++) total += rows[j]!;
    }
    return total;
  }

  /** Whether some row stands for more than one event (a pre-aggregated export was read). */
  aggregated = false;

  /** Events row i stands for (1 unless the export was pre-aggregated). */
  countAt(i: number): number {
    const counts = this.chunks[i >>> EVENT_CHUNK_BITS]!.count;
    return counts === null ? 1 : counts[i & CHUNK_MASK]!;
  }

  /** Events the table stands for: its rows, each counted `countAt` times. */
  eventCount(): number {
    if (!this.aggregated) return this.length;
    let total = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const counts = this.chunks[c]!.count;
      const n = this.chunkLength(c);
      if (counts === null) total += n;
      else for (let j = 0; j < n; j++) total += counts[j]!;
    }
    return total;
  }

  private idArray(column: NarrowColumn): IdColumn {
    return this.maxId[column] === NARROW_MAX ? new Int16Array(EVENT_CHUNK) : new Int32Array(EVENT_CHUNK);
  }

  /** Every chunk's `column` as Int32Array from now on. */
  private widen(column: NarrowColumn): void {
    if (this.maxId[column] !== NARROW_MAX) return;
    this.maxId[column] = 0x7fffffff;
    for (const chunk of this.chunks) chunk[column] = Int32Array.from(chunk[column]);
  }

  /** Rows of chunk `c` that are filled. */
  chunkLength(c: number): number {
    return Math.min(EVENT_CHUNK, this.length - c * EVENT_CHUNK);
  }

  timestampAt(i: number): number {
    return this.chunks[i >>> EVENT_CHUNK_BITS]!.timestamp[i & CHUNK_MASK]!;
  }

  userAt(i: number): number {
    return this.chunks[i >>> EVENT_CHUNK_BITS]!.user[i & CHUNK_MASK]!;
  }

  accountAt(i: number): number {
    return this.chunks[i >>> EVENT_CHUNK_BITS]!.account[i & CHUNK_MASK]!;
  }

  nameAt(i: number): number {
    return this.chunks[i >>> EVENT_CHUNK_BITS]!.name[i & CHUNK_MASK]!;
  }

  featureAt(i: number): number {
    return this.chunks[i >>> EVENT_CHUNK_BITS]!.feature[i & CHUNK_MASK]!;
  }

  /** Row i as an object (a fresh one each call). */
  get(i: number): ProductEvent {
    const c = this.chunks[i >>> EVENT_CHUNK_BITS]!;
    const j = i & CHUNK_MASK;
    return {
      timestamp: c.timestamp[j]!,
      userId: this.users.valueOf(c.user[j]!),
      accountId: this.accounts.valueOf(c.account[j]!),
      event: this.names.values[c.name[j]!]!,
      feature: this.features.valueOf(c.feature[j]!),
      ...(c.count !== null && c.count[j] !== 1 ? { count: c.count[j]! } : {}),
    };
  }

  *[Symbol.iterator](): Iterator<ProductEvent> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  map<T>(fn: (event: ProductEvent, index: number) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(fn(this.get(i), i));
    return out;
  }

  /** `order`: t is a row's own (first) time, which the table's order is about; else a row's latest time. */
  private noteTime(t: number, order = true): void {
    if (t < this.minTime) this.minTime = t;
    if (t > this.maxTime) this.maxTime = t;
    if (!order) return;
    if (!(t >= this.lastTime)) this.ordered = false;
    this.lastTime = t;
  }

  /** Earliest and latest timestamp; null without rows. */
  timeRange(): { min: number; max: number } | null {
    return this.length === 0 ? null : { min: this.minTime, max: this.maxTime };
  }

  /** Whether the timestamps never decrease in table order (and none is NaN): exports usually are. */
  get timeOrdered(): boolean {
    return this.ordered;
  }

  /**
   * Append the rows of a table read separately from the part of the file after this one's rows
   * (another thread): its ids are mapped to this table's pools, its values interned in its own
   * id order (first appearance), so every id is what one pass over both parts would give. Its
   * chunk arrays are taken over and shifted in place: no second copy of the rows.
   */
  appendTable(other: EventTableParts): void {
    const remap = (pool: StringPool, values: readonly string[]): Int32Array => {
      const ids = new Int32Array(values.length);
      for (let k = 0; k < values.length; k++) ids[k] = pool.intern(values[k]!);
      return ids;
    };
    const users = remap(this.users, other.users);
    const accounts = remap(this.accounts, other.accounts);
    const names = remap(this.names, other.names);
    const features = remap(this.features, other.features);
    for (const [anonymous, user] of other.anonymous ?? []) this.anonymous.note(anonymous, user < 0 ? user : users[user]!);
    if (other.notes) this.notes.add(other.notes, users, names);
    const chunks = other.chunks;
    // One width per column: wide here, wide there, or new ids too large make both wide.
    const ids: Record<NarrowColumn, Int32Array> = { account: accounts, name: names, feature: features };
    for (const column of NARROW_COLUMNS) {
      const wideThere = chunks.some((c) => c[column] instanceof Int32Array);
      if (wideThere || ids[column].some((id) => id > NARROW_MAX)) this.widen(column);
      if (this.maxId[column] !== NARROW_MAX) for (const c of chunks) if (!(c[column] instanceof Int32Array)) c[column] = Int32Array.from(c[column]);
    }
    // Counts: when either side has aggregated rows, every chunk involved keeps a count column.
    const anyCounts = chunks.some((c) => c.count !== null) || (this.length & CHUNK_MASK && this.chunks[this.chunks.length - 1]!.count !== null);
    if (anyCounts) {
      for (const c of chunks) c.count ??= new Uint32Array(c.timestamp.length).fill(1);
      if (this.length & CHUNK_MASK) this.chunks[this.chunks.length - 1]!.count ??= new Uint32Array(EVENT_CHUNK).fill(1);
      if (chunks.some((c) => c.count!.some((n, j) => n !== 1 && j < other.length))) this.aggregated = true;
    }
    let rest = other.length;
    for (let c = 0; c < chunks.length && rest > 0; c++) {
      const n = Math.min(EVENT_CHUNK, rest);
      rest -= n;
      const { timestamp, user, account, name, feature } = chunks[c]!;
      for (let j = 0; j < n; j++) {
        this.noteTime(timestamp[j]!);
        const u = user[j]!;
        if (u >= 0) user[j] = users[u]!;
        const a = account[j]!;
        if (a >= 0) account[j] = accounts[a]!;
        name[j] = names[name[j]!]!;
        const f = feature[j]!;
        if (f >= 0) feature[j] = features[f]!;
      }
    }
    const used = this.length & CHUNK_MASK;
    // Rows that fill this table's last chunk; the other's chunks then move down by as many.
    const fill = used === 0 ? 0 : Math.min(EVENT_CHUNK - used, other.length);
    const columns = anyCounts ? (['timestamp', 'user', 'account', 'name', 'feature', 'count'] as const) : (['timestamp', 'user', 'account', 'name', 'feature'] as const);
    if (fill > 0) {
      const last = this.chunks[this.chunks.length - 1]!;
      for (const col of columns) (last[col] as Float64Array).set(chunks[0]![col]!.subarray(0, fill), used);
      // A day summary's last chunk: the other's rows are each at one time (span 0, as allocated).
    }
    const remaining = other.length - fill;
    const shift = used === 0 ? 0 : EVENT_CHUNK - used;
    const count = Math.ceil(remaining / EVENT_CHUNK);
    for (let c = 0; c < count; c++) {
      const chunk = chunks[c]!;
      if (shift > 0) {
        const next = chunks[c + 1];
        for (const col of columns) {
          const array = chunk[col]!;
          array.copyWithin(0, shift);
          if (next) (array as Float64Array).set(next[col]!.subarray(0, shift), EVENT_CHUNK - shift);
        }
      }
      this.chunks.push(chunk);
    }
    this.length += other.length;
  }

  /** Rename account ids (CRM ↔ product matching); ids renamed to the same value merge. */
  renameAccounts(rename: (accountId: string) => string): void {
    this.accounts = this.renameColumn('account', this.accounts, rename);
  }

  /**
   * Gives the rows of user k (id in `users`) to user `target[k]`, with what the events noted about
   * k (anonymous ids into their users, src/ingest/identity.ts; user ids written `1.0` to the users
   * table's `1`, src/ingest/whole-number-ids.ts). The pool keeps every value (a user whose rows
   * moved keeps its id, with no rows). Returns, per user id before the move, its rows and the
   * events they stand for (countAt), moved or not.
   */
  retargetUsers(target: ArrayLike<number>): { rows: Float64Array; events: Float64Array } {
    const rows = new Float64Array(this.users.size);
    const events = new Float64Array(this.users.size);
    this.notes.remapUsers(target);
    for (let c = 0; c < this.chunks.length; c++) {
      const { user: column, count } = this.chunks[c]!;
      const n = this.chunkLength(c);
      for (let j = 0; j < n; j++) {
        const u = column[j]!;
        if (u < 0) continue;
        rows[u]!++;
        events[u]! += count === null ? 1 : count[j]!;
        const t = target[u];
        if (t !== undefined && t !== u) column[j] = t;
      }
    }
    return { rows, events };
  }

  /** Rename features and event names (feature ids → names from a lookup table); equal names merge. */
  /** Events per event name id (index = id in `names`), each row counted `countAt` times. */
  countByName(): Float64Array {
    const counts = new Float64Array(this.names.size);
    for (let c = 0; c < this.chunks.length; c++) {
      const { name: ids, count } = this.chunks[c]!;
      const n = this.chunkLength(c);
      if (count === null) for (let j = 0; j < n; j++) counts[ids[j]!]!++;
      else for (let j = 0; j < n; j++) counts[ids[j]!]! += count[j]!;
    }
    return counts;
  }

  /** Events per user id (index = id in `users`), each row counted `countAt` times. */
  countByUser(): Float64Array {
    const counts = new Float64Array(this.users.size);
    for (let c = 0; c < this.chunks.length; c++) {
      const { user: ids, count } = this.chunks[c]!;
      const n = this.chunkLength(c);
      for (let j = 0; j < n; j++) {
        const u = ids[j]!;
        if (u >= 0) counts[u]! += count === null ? 1 : count[j]!;
      }
    }
    return counts;
  }

  /** Removes the rows of users flagged 1 (index = user id), keeping order; returns the events removed (countAt of each row). */
  removeUsers(flags: Uint8Array): number {
    const before = this.length;
    let removed = 0;
    let w = 0;
    this.minTime = Number.POSITIVE_INFINITY;
    this.maxTime = Number.NEGATIVE_INFINITY;
    this.lastTime = Number.NEGATIVE_INFINITY;
    this.ordered = true;
    for (let i = 0; i < before; i++) {
      const from = this.chunks[i >>> EVENT_CHUNK_BITS]!;
      const j = i & CHUNK_MASK;
      const user = from.user[j]!;
      if (user >= 0 && flags[user] === 1) {
        removed += from.count === null ? 1 : from.count[j]!;
        continue;
      }
      const to = this.chunks[w >>> EVENT_CHUNK_BITS]!;
      const k = w & CHUNK_MASK;
      this.noteTime(from.timestamp[j]!);
      to.timestamp[k] = from.timestamp[j]!;
      to.user[k] = user;
      to.account[k] = from.account[j]!;
      to.name[k] = from.name[j]!;
      to.feature[k] = from.feature[j]!;
      if (from.count !== null || to.count !== null) (to.count ??= new Uint32Array(EVENT_CHUNK).fill(1))[k] = from.count === null ? 1 : from.count[j]!;
      if (from.rows || to.rows) (to.rows ??= new Uint32Array(EVENT_CHUNK).fill(1))[k] = from.rows ? from.rows[j]! : 1;
      if (from.span || to.span) {
        const span = from.span ? from.span[j]! : 0;
        (to.span ??= new Uint32Array(EVENT_CHUNK))[k] = span;
        this.noteTime(from.timestamp[j]! + span, false);
      }
      w++;
    }
    this.length = w;
    this.chunks.length = Math.ceil(w / EVENT_CHUNK);
    return removed;
  }

  /** Gives each row without a feature the feature of its event name (index = name id; null: none). */
  setFeaturesByName(featureOfName: ReadonlyArray<string | null>): void {
    const ids = featureOfName.map((f) => (f === null ? -1 : this.features.intern(f)));
    if (this.features.size - 1 > NARROW_MAX) this.widen('feature');
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      const n = this.chunkLength(c);
      for (let j = 0; j < n; j++) if (chunk.feature[j]! < 0) chunk.feature[j] = ids[chunk.name[j]!]!;
    }
  }

  renameFeatures(rename: (feature: string) => string): void {
    this.features = this.renameColumn('feature', this.features, rename);
  }

  renameEvents(rename: (event: string) => string): void {
    this.names = this.renameColumn('name', this.names, rename);
  }

  private renameColumn(column: NarrowColumn, pool: StringPool, rename: (value: string) => string): StringPool {
    const renamed = new StringPool();
    const remap = new Int32Array(pool.size);
    pool.values.forEach((id, k) => (remap[k] = renamed.intern(rename(id))));
    for (let c = 0; c < this.chunks.length; c++) {
      const ids = this.chunks[c]![column];
      const n = this.chunkLength(c);
      for (let j = 0; j < n; j++) if (ids[j]! >= 0) ids[j] = remap[ids[j]!]!;
    }
    return renamed;
  }
}
