/**
 * Row builders: a mapped row (field → cell text) becomes a typed record of one table.
 * A row missing a value it cannot do without is rejected with a reason; an unreadable
 * optional value becomes null and is counted as a cell warning. Nothing is dropped silently.
 */
import type {
  Account, Activity, ActivityType, Association, AssociationKind, Contact, Deal, DealStage, EventTable, FeatureRequest, ProductEvent, Release, ReleaseKind, Subscription, TableName, User,
} from '../core/model.js';
import { classifySource, DEFAULT_SETTINGS, normaliseLabel, type AnalysisSettings } from '../core/settings.js';
import {
  isDeclaredBlank, numberProblem, parseActivityType, parseBool, parseDate, parseDealType, parseFraction, parseList, parseNumber,
  parseReleaseKind, parseStage, parseText, type Coerced, type DecimalMark,
} from './coerce.js';
import { domainOf } from './match.js';
import { currencyCode, currencyInAmount, HOME_CURRENCY } from './currency.js';
import { normaliseRole } from './roles.js';
import { billingWord, CANCELLED_STATUSES, monthlyAmount, statusMeaning, TRIAL_STATUSES } from './billing.js';
import { anonymousKey } from './identity.js';

export interface CellProblem {
  code: 'BAD_DATE' | 'BAD_NUMBER' | 'BAD_VALUE' | 'PLACEHOLDER_NUMBER';
  field: string;
  value: string;
  /** Overrides the default "could not be read; treated as blank". */
  message?: string;
}

/** Value maps and vocabularies that turn exported labels into pullcheck's values (config can extend them). */
export interface ValueSettings {
  /** field → exported value (compared by `normaliseLabel`) → pullcheck value. Fields: stage, source, type, role, activityType. */
  maps: Record<string, Record<string, string>>;
  /** Extra stage labels meaning won / lost (compared by `normaliseLabel`). */
  wonStages: string[];
  lostStages: string[];
  analysis: AnalysisSettings;
}

export const DEFAULT_VALUE_SETTINGS: ValueSettings = { maps: {}, wonStages: [], lostStages: [], analysis: DEFAULT_SETTINGS };

/** Most distinct values kept per field in the value-mapping log; the rest are summed up. */
const MAX_LOGGED_VALUES = 40;

/** Records which exported values were mapped to what, with counts (for inspect and the report). */
export class ValueLog {
  readonly byField = new Map<string, Map<string, { to: string; rows: number }>>();

  record(field: string, from: string, to: string): void {
    let values = this.byField.get(field);
    if (!values) this.byField.set(field, (values = new Map()));
    let entry = values.get(from);
    if (!entry) {
      if (values.size >= MAX_LOGGED_VALUES) {
        entry = values.get('(other values)') ?? { to: 'various', rows: 0 };
        values.set('(other values)', entry);
      } else values.set(from, (entry = { to, rows: 0 }));
    }
    entry.rows++;
  }

  toJSON(): Record<string, Array<{ from: string; to: string; rows: number }>> {
    const out: Record<string, Array<{ from: string; to: string; rows: number }>> = {};
    for (const [field, values] of this.byField) {
      out[field] = [...values].map(([from, v]) => ({ from, to: v.to, rows: v.rows })).sort((a, b) => b.rows - a.rows || a.from.localeCompare(b.from));
    }
    return out;
  }
}

/** How one file's columns are parsed, decided once per file (see load-dataset.ts). */
export interface RowContext {
  dates: Record<string, (v: string | undefined) => Coerced<number>>;
  decimals: Record<string, DecimalMark>;
  values: ValueSettings;
  log: ValueLog;
  /** Fields whose values are ids resolved after loading through a lookup table (Layout.lookups). */
  lookups?: ReadonlySet<string>;
}

export interface Rejection {
  code: 'MISSING_VALUE' | 'BAD_DATE' | 'BAD_NUMBER' | 'BAD_VALUE';
  field: string;
  message: string;
}

/** Reads fields of one row and records problems. */
export class RowReader {
  problems: CellProblem[] = [];
  rejection: Rejection | null = null;

  /** `columnOf` names a field by its header column, so messages speak the user's language. */
  constructor(
    private readonly cells: Record<string, string | undefined>,
    private readonly columnOf: (field: string) => string = (field) => field,
    readonly ctx: RowContext = { dates: {}, decimals: {}, values: DEFAULT_VALUE_SETTINGS, log: new ValueLog() },
  ) {}

  /** The cell as exported (undefined when the field is not mapped). */
  raw(field: string): string | undefined {
    return this.cells[field];
  }

  /** Apply a configured value map for `field`, if any. */
  mapped(field: string, value: string): string | undefined {
    return this.ctx.values.maps[field]?.[normaliseLabel(value)];
  }

  log(field: string, from: string, to: string): void {
    this.ctx.log.record(field, from, to);
  }

  problem(p: CellProblem): void {
    this.problems.push(p);
  }

  bool(field: string): boolean | null {
    return this.coerce(field, parseBool, 'BAD_VALUE');
  }

  /** The header column a field was read from (the field name when it is not mapped). */
  column(field: string): string {
    return this.columnOf(field);
  }

  text(field: string): string | null {
    return parseText(this.cells[field]);
  }

  requiredText(field: string): string {
    const v = this.text(field);
    if (v === null) this.reject('MISSING_VALUE', field, `${this.columnOf(field)} is blank`);
    return v ?? '';
  }

  private coerce<T>(field: string, parse: (v: string | undefined) => Coerced<T>, code: CellProblem['code'], why?: (raw: string) => string | null): T | null {
    const raw = this.cells[field];
    const v = parse(raw);
    if (v === undefined) {
      const reason = raw === undefined || why === undefined ? null : why(raw);
      this.problems.push({ code, field, value: raw ?? '', ...(reason ? { message: `${this.columnOf(field)} "${raw}" is not read: ${reason}; treated as blank` } : {}) });
      return null;
    }
    return v;
  }

  date(field: string): number | null {
    return this.coerce(field, this.ctx.dates[field] ?? parseDate, 'BAD_DATE');
  }

  requiredDate(field: string): number {
    const raw = this.cells[field];
    const v = (this.ctx.dates[field] ?? parseDate)(raw);
    if (v === undefined) this.reject('BAD_DATE', field, `${this.columnOf(field)} "${raw}" is not a readable date`);
    else if (v === null) this.reject('MISSING_VALUE', field, `${this.columnOf(field)} is blank`);
    return v ?? 0;
  }

  number(field: string): number | null {
    const mark = this.ctx.decimals[field] ?? '.';
    return this.placeholderChecked(field, this.coerce(field, (v) => parseNumber(v, mark), 'BAD_NUMBER', numberProblem));
  }

  fraction(field: string): number | null {
    const mark = this.ctx.decimals[field] ?? '.';
    return this.placeholderChecked(field, this.coerce(field, (v) => parseFraction(v, mark), 'BAD_NUMBER', numberProblem));
  }

  /** A number read as blank because the cell says "N/A" (or `-`, `—`…) is counted: someone chose to write no number there. */
  private placeholderChecked(field: string, value: number | null): number | null {
    const raw = this.cells[field];
    if (value === null && isDeclaredBlank(raw)) {
      this.problems.push({ code: 'PLACEHOLDER_NUMBER', field, value: raw!.trim(), message: `${this.columnOf(field)} "${raw!.trim()}" stands for no number; read as blank` });
    }
    return value;
  }

  enumValue<T>(field: string, parse: (v: string | undefined) => Coerced<T>): T | null {
    return this.coerce(field, parse, 'BAD_VALUE');
  }

  list(field: string): string[] {
    return parseList(this.cells[field]);
  }

  reject(code: Rejection['code'], field: string, message: string): void {
    this.rejection ??= { code, field, message };
  }
}

type Builder<T> = (row: RowReader) => T;

/** A stage label → won/lost/open: config map, then configured won/lost labels, then CRM spellings. */
function stageOf(r: RowReader, raw: string): DealStage {
  const configured = r.mapped('stage', raw);
  if (configured === 'won' || configured === 'lost' || configured === 'open') return configured;
  const key = normaliseLabel(raw);
  if (r.ctx.values.wonStages.some((s) => normaliseLabel(s) === key)) return 'won';
  if (r.ctx.values.lostStages.some((s) => normaliseLabel(s) === key)) return 'lost';
  return parseStage(raw) ?? 'open';
}

const deal: Builder<Deal> = (r) => {
  const dealId = r.requiredText('dealId');
  const rawStage = r.text('stage');
  // A stage id (HubSpot's deal_pipeline_stage_id) is resolved after loading (lookups.ts); open until then.
  const stageIsId = r.ctx.lookups?.has('stage') === true;
  let stage: DealStage | null = rawStage === null ? null : stageIsId ? 'open' : stageOf(r, rawStage);
  // Salesforce and HubSpot also export won/closed flags; they decide over the label.
  const isWon = r.bool('isWon');
  const isClosed = r.bool('isClosed');
  if (isWon === true) stage = 'won';
  else if (isWon === false && isClosed === true) stage = 'lost';
  else if (isWon === false && isClosed === false) stage = 'open';
  if (stage === null) r.reject('MISSING_VALUE', 'stage', `${r.column('stage')} is blank`);
  else if (stageIsId) {
    // logged when resolved
  } else if (rawStage !== null) r.log('stage', rawStage, stage);
  else r.log('stage', `${r.column('isWon')}=${r.raw('isWon') ?? ''}${isClosed === null ? '' : `, ${r.column('isClosed')}=${r.raw('isClosed')}`}`, stage);
  const ownAmount = r.number('amount');
  const listAmount = r.number('listAmount');
  let discount = r.fraction('discount');
  // A list price and a closed amount give the discount when none is recorded.
  if (discount === null && listAmount && ownAmount !== null && listAmount > 0 && ownAmount <= listAmount) {
    discount = 1 - ownAmount / listAmount;
  }
  // The CRM's own conversion to the company currency (HubSpot "Amount in company currency",
  // Salesforce "Amount (converted)") makes amounts comparable across deal currencies.
  const homeAmount = r.number('homeAmount');
  const amount = homeAmount ?? ownAmount;
  return {
    dealId,
    accountId: r.text('accountId'),
    name: r.text('name'),
    amount,
    stage: stage ?? 'open',
    createdAt: r.date('createdAt'),
    closedAt: r.date('closedAt'),
    source: sourceOf(r),
    type: typeOf(r),
    discount,
    promisedFeatures: r.list('promisedFeatures'),
    owner: r.text('owner'),
    // A file with a company-currency column: its blank cells are blank amounts, not another currency.
    currency: homeAmount !== null || (ownAmount === null && r.raw('homeAmount') !== undefined) ? HOME_CURRENCY : currencyOf(r),
    pipeline: r.text('pipeline'),
  };
};

/** The deal's currency: its currency column, else a code or symbol in its amount cell (src/ingest/currency.ts). */
function currencyOf(r: RowReader): string | null {
  const raw = r.text('currency');
  const code = raw !== null ? currencyCode(raw) : currencyInAmount(r.raw('amount'));
  if (code !== null) r.log('currency', raw ?? `${code} written in ${r.column('amount')}`, code);
  return code;
}

function sourceOf(r: RowReader): string | null {
  const raw = r.text('source');
  if (raw === null) return null;
  const source = (r.mapped('source', raw) ?? raw).toLowerCase();
  r.log('source', raw, `${source === raw.toLowerCase() ? '' : `${source}: `}${classifySource(source, r.ctx.values.analysis)}`);
  return source;
}

function typeOf(r: RowReader): Deal['type'] {
  const raw = r.text('type');
  if (raw === null) return 'new';
  const configured = r.mapped('type', raw);
  const type = configured === 'new' || configured === 'renewal' || configured === 'expansion' ? configured : r.enumValue('type', parseDealType);
  r.log('type', raw, type ?? 'unreadable (new)');
  return type ?? 'new';
}

function roleOf(r: RowReader, title: string | null): string {
  const rawRole = r.text('role');
  const role = normaliseRole(rawRole === null ? null : (r.mapped('role', rawRole) ?? rawRole), title === null ? null : (r.mapped('role', title) ?? title));
  if (rawRole !== null) r.log('role', rawRole, role);
  else if (title !== null) r.log('title', title, role);
  return role;
}

const activity: Builder<Activity> = (r) => {
  const rawType = r.text('type');
  const configured = rawType === null ? undefined : r.mapped('activityType', rawType);
  const type = (configured as ActivityType | undefined) ?? r.enumValue('type', parseActivityType);
  if (rawType !== null && type !== null) r.log('type', rawType, type);
  if (type === null) r.reject('MISSING_VALUE', 'type', `${r.column('type')} is blank`);
  const occurredAt = r.requiredDate('occurredAt');
  return {
    activityId: r.text('activityId'),
    type: type ?? 'other',
    dealId: r.text('dealId'),
    accountId: r.text('accountId'),
    contactId: r.text('contactId'),
    occurredAt,
  };
};

const contact: Builder<Contact> = (r) => {
  const title = r.text('title');
  return {
    contactId: r.requiredText('contactId'),
    accountId: r.text('accountId'),
    // Only the domain is kept: it links the contact to an account; the address is personal data.
    emailDomain: emailDomainOf(r.text('email')),
    title,
    role: roleOf(r, title),
    name: r.text('name'),
  };
};

function emailDomainOf(email: string | null): string | null {
  return email !== null && email.includes('@') ? domainOf(email) : null;
}

/** Record kinds as association tables name them (HubSpot object types, Salesforce objects). */
const ASSOCIATION_KINDS: Record<string, AssociationKind> = {
  activity: 'activity', engagement: 'activity', task: 'activity', call: 'activity', email: 'activity', meeting: 'activity', note: 'activity',
  deal: 'deal', opportunity: 'deal',
  contact: 'contact', person: 'contact', people: 'contact',
  account: 'account', company: 'account', organization: 'account', organisation: 'account',
};

function associationKind(r: RowReader, field: string): AssociationKind {
  const raw = r.requiredText(field);
  const kind = ASSOCIATION_KINDS[raw.trim().toLowerCase().replace(/s$/, '')];
  if (kind === undefined && raw !== '') {
    r.reject('BAD_VALUE', field, `${r.column(field)} "${raw}" is not a record kind (activity, deal, contact or account)`);
  }
  return kind ?? 'activity';
}

const association: Builder<Association> = (r) => ({
  from: associationKind(r, 'from'),
  fromId: r.requiredText('fromId'),
  to: associationKind(r, 'to'),
  toId: r.requiredText('toId'),
});

const account: Builder<Account> = (r) => ({
  accountId: r.requiredText('accountId'),
  name: r.text('name'),
  domain: r.text('domain')?.toLowerCase() ?? null,
  createdAt: r.date('createdAt'),
  plan: r.text('plan'),
});

const event: Builder<ProductEvent> = (r) => {
  const timestamp = r.requiredDate('timestamp');
  const name = r.requiredText('event');
  const userId = r.text('userId');
  const accountId = r.text('accountId');
  if (userId === null && accountId === null) {
    r.reject('MISSING_VALUE', 'userId', `neither ${r.column('userId')} nor ${r.column('accountId')} is set`);
  }
  return { timestamp, userId, accountId, event: name, feature: r.text('feature') };
};

/**
 * The events builder's rules without a RowReader or a record object: a mapped row goes straight
 * into the columns of `table`, or comes back as the rejection the builder would give (events
 * have no cell warnings). test/ingest/event-appender.test.ts checks it against `event`.
 */
export function eventAppender(
  table: EventTable,
  ctx: RowContext,
  columnOf: (field: string) => string,
): (mapped: Record<string, string | undefined>) => Rejection | null {
  const add = eventFieldsAppender(table, ctx, columnOf);
  return (m) => {
    const rejection = add(m.timestamp, m.event, m.userId, m.accountId, m.feature, m.count);
    // Only files that map an anonymous id fill the field (the others leave it undefined).
    if (rejection === null && m.anonymousId !== undefined) noteAnonymousId(table, m.userId, m.anonymousId);
    return rejection;
  };
}

/**
 * A row's anonymous id beside its user id: a pair when they differ (the user id is then an
 * identified one; an anonymous row's user id is its anonymous id, as the layouts fall back to it).
 */
function noteAnonymousId(table: EventTable, rawUser: string | undefined, rawAnonymous: string): void {
  const user = parseText(rawUser);
  const anonymous = parseText(rawAnonymous);
  if (user === null || anonymous === null) return;
  const key = anonymousKey(anonymous);
  if (anonymousKey(user) === key) return;
  table.anonymous.note(key, table.users.intern(user));
}

/** Cell index of each events field (-1 or absent: no column). */
export interface EventColumns {
  timestamp?: number;
  event?: number;
  userId?: number;
  accountId?: number;
  feature?: number;
}

/**
 * eventAppender reading a row's cells directly, for a file whose event fields each come from one
 * column (no JSON properties, no defaults): no field object is filled per row.
 */
export function eventCellsAppender(
  table: EventTable,
  ctx: RowContext,
  columnOf: (field: string) => string,
  columns: EventColumns,
): (cells: readonly string[]) => Rejection | null {
  const add = eventFieldsAppender(table, ctx, columnOf);
  const ts = columns.timestamp ?? -1;
  const ev = columns.event ?? -1;
  const us = columns.userId ?? -1;
  const ac = columns.accountId ?? -1;
  const fe = columns.feature ?? -1;
  return (cells) =>
    add(ts >= 0 ? cells[ts] : undefined, ev >= 0 ? cells[ev] : undefined, us >= 0 ? cells[us] : undefined, ac >= 0 ? cells[ac] : undefined, fe >= 0 ? cells[fe] : undefined);
}

function eventFieldsAppender(
  table: EventTable,
  ctx: RowContext,
  columnOf: (field: string) => string,
): (raw: string | undefined, rawEvent: string | undefined, rawUser: string | undefined, rawAccount: string | undefined, rawFeature: string | undefined, rawCount?: string) => Rejection | null {
  const parseTimestamp = ctx.dates.timestamp ?? parseDate;
  return (raw, rawEvent, rawUser, rawAccount, rawFeature, rawCount) => {
    const timestamp = parseTimestamp(raw);
    let rejection: Rejection | null = null;
    if (timestamp === undefined) rejection = { code: 'BAD_DATE', field: 'timestamp', message: `${columnOf('timestamp')} "${raw}" is not a readable date` };
    else if (timestamp === null) rejection = { code: 'MISSING_VALUE', field: 'timestamp', message: `${columnOf('timestamp')} is blank` };
    const name = parseText(rawEvent);
    if (name === null) rejection ??= { code: 'MISSING_VALUE', field: 'event', message: `${columnOf('event')} is blank` };
    const userId = parseText(rawUser);
    const accountId = parseText(rawAccount);
    if (userId === null && accountId === null) {
      rejection ??= { code: 'MISSING_VALUE', field: 'userId', message: `neither ${columnOf('userId')} nor ${columnOf('accountId')} is set` };
    }
    const count = rawCount === undefined ? 1 : eventCountOf(rawCount);
    if (typeof count === 'string') rejection ??= { code: 'BAD_NUMBER', field: 'count', message: `${columnOf('count')} ${count}` };
    if (rejection) return rejection;
    table.append(timestamp!, userId, accountId, name!, parseText(rawFeature), count as number);
    return null;
  };
}

/** The largest count a row may stand for (the column is 32-bit). */
export const MAX_EVENT_COUNT = 0xffffffff;

/**
 * The events a pre-aggregated row stands for (ProductEvent.count): a whole number from 1 up, with
 * or without thousands separators; else why not, as a message's end.
 */
export function eventCountOf(raw: string): number | string {
  const text = raw.trim();
  if (text === '') return 'is blank: how many events the row stands for is unknown';
  const digits = /^\d{1,3}([,_ \u00a0\u202f]\d{3})+$/.test(text) ? text.replace(/[^\d]/g, '') : text.replace(/\.0+$/, '');
  if (!/^\d+$/.test(digits)) return `"${text}" is not a whole number of events`;
  const n = Number(digits);
  if (n === 0) return 'is 0: the row stands for no event';
  if (n > MAX_EVENT_COUNT) return `"${text}" is more events than a row can stand for (${MAX_EVENT_COUNT})`;
  return n;
}

/** `["a","b"]` (PostHog's distinct_ids) → "a"; any other text as it is. */
function firstOfJsonList(value: string | null): string | null {
  if (value === null || !value.startsWith('[')) return value;
  try {
    const list = JSON.parse(value) as unknown;
    if (Array.isArray(list)) {
      const first = list.find((v) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number');
      return first === undefined ? null : String(first).trim();
    }
  } catch {
    // not JSON: the text as it is
  }
  return value;
}

const user: Builder<User> = (r) => {
  const title = r.text('title');
  const userId = firstOfJsonList(r.text('userId'));
  if (userId === null) r.reject('MISSING_VALUE', 'userId', `${r.column('userId')} is blank`);
  const email = r.text('email');
  const domainCell = r.text('domain');
  return {
    userId: userId ?? '',
    accountId: r.text('accountId'),
    signupAt: r.date('signupAt'),
    activatedAt: r.date('activatedAt'),
    role: roleOf(r, title),
    title,
    invitedBy: r.text('invitedBy'),
    email,
    // The e-mail's domain first (the user's own), else a company domain column.
    domain: (email === null ? null : domainOf(email)) ?? (domainCell === null ? null : domainOf(domainCell)),
    company: r.text('company'),
  };
};

/**
 * Release kinds as changelogs write them (compared by `normaliseLabel`), before the keyword rules of
 * parseReleaseKind; config `values.kind` comes first. Keep a Changelog's headings included.
 */
export const RELEASE_KIND_VALUES: Record<string, ReleaseKind> = {
  new: 'new', 'new feature': 'new', feature: 'new', added: 'new', launch: 'new', launched: 'new', 'new product': 'new', beta: 'new',
  improvement: 'improvement', improved: 'improvement', enhancement: 'improvement', changed: 'improvement', update: 'improvement',
  updated: 'improvement', performance: 'improvement', polish: 'improvement', 'ux improvement': 'improvement',
  fix: 'fix', fixed: 'fix', 'bug fix': 'fix', bugfix: 'fix', bug: 'fix', hotfix: 'fix', patch: 'fix', security: 'fix',
};

function releaseKindOf(r: RowReader): ReleaseKind {
  const raw = r.text('kind');
  if (raw === null) return 'new';
  const configured = r.mapped('kind', raw);
  const known = RELEASE_KIND_VALUES[normaliseLabel(raw)];
  const kind =
    configured === 'new' || configured === 'improvement' || configured === 'fix' ? configured : (known ?? r.enumValue('kind', parseReleaseKind));
  r.log('kind', raw, kind ?? 'unreadable (new)');
  return kind ?? 'new';
}

const release: Builder<Release> = (r) => {
  const feature = r.requiredText('feature');
  const releasedAt = r.requiredDate('releasedAt');
  return { feature, releasedAt, kind: releaseKindOf(r), title: r.text('title'), requestedBy: r.text('requestedBy') };
};

const featureRequest: Builder<FeatureRequest> = (r) => ({
  requestId: r.text('requestId'),
  feature: r.text('feature'),
  accountId: r.text('accountId'),
  dealId: r.text('dealId'),
  source: r.text('source') === null ? null : (r.mapped('source', r.text('source')!) ?? r.text('source')!).toLowerCase(),
  createdAt: r.date('createdAt'),
  votes: r.number('votes'),
});

/** A subscription or invoice row (src/ingest/billing.ts has the rules). */
const subscription: Builder<Subscription> = (r) => {
  const kind = r.text('kind') === 'invoice' ? 'invoice' : 'subscription';
  const rawStatus = r.text('status');
  const status = rawStatus === null ? null : billingWord(rawStatus);
  if (rawStatus !== null) r.log('status', rawStatus, statusMeaning(kind, status!));
  const trial = r.bool('isTrial') === true || (status !== null && TRIAL_STATUSES.includes(status));
  const startAt = r.requiredDate('startAt');
  const canceledAt = r.date('canceledAt');
  // A cancellation date ends the subscription only once it is cancelled (Stripe keeps it active until the period ends; Chargebee reactivations keep it).
  const endAt = r.date('endAt') ?? (canceledAt !== null && (status === null || CANCELLED_STATUSES.includes(status)) ? canceledAt : null);
  let amount: number | null;
  let read: number | null;
  if (kind === 'invoice') amount = read = r.number('amount');
  else {
    const parts = { mrr: r.number('mrr'), arr: r.number('arr'), amount: r.number('amount'), quantity: r.number('quantity'), interval: r.text('interval'), intervalCount: r.number('intervalCount') };
    const monthly = monthlyAmount(parts);
    if (monthly.badInterval) r.problem({ code: 'BAD_VALUE', field: 'interval', value: parts.interval!, message: `${r.column('interval')} "${parts.interval}" is not a billing interval (month, year, week, day, quarter); the amount is read as blank` });
    amount = monthly.amount;
    read = parts.mrr ?? parts.arr ?? parts.amount;
  }
  const rawCurrency = r.text('currency');
  const currency = rawCurrency !== null ? currencyCode(rawCurrency) : currencyInAmount(r.raw('mrr') ?? r.raw('amount'));
  if (currency !== null) r.log('currency', rawCurrency ?? `${currency} written in the amount`, currency);
  const accountId = r.text('accountId');
  const email = r.text('email');
  const company = r.text('company');
  // A row naming no customer cannot be anyone's revenue: rejected and counted, not dropped.
  if (accountId === null && email === null && company === null) r.reject('MISSING_VALUE', 'accountId', `${r.column('accountId')} is blank (and no customer e-mail or name)`);
  return {
    kind,
    id: r.text('subscriptionId'),
    accountId,
    emailDomain: emailDomainOf(email),
    company,
    status,
    plan: r.text('plan'),
    startAt,
    endAt,
    trialEndAt: r.date('activatedAt') ?? r.date('trialEndAt'),
    trial,
    amount,
    free: read === 0,
    currency,
  };
};

export const ROW_BUILDERS: { [K in TableName]: Builder<unknown> } = {
  deals: deal,
  activities: activity,
  contacts: contact,
  accounts: account,
  events: event,
  users: user,
  releases: release,
  feature_requests: featureRequest,
  associations: association,
  subscriptions: subscription,
};

/**
 * Keeps a CRM table's string cells small: a value repeated down a column (account ids, titles,
 * owners, roles) is stored once, and a cell sliced out of a 64 KB read (V8 slices strings of 13+
 * characters, keeping the whole read alive) is copied flat. Per file, so nothing outlives it; a
 * column whose values are mostly distinct (row ids) stops being deduplicated and is only copied.
 */
export class StringCompactor {
  private readonly seen = new Map<string, { values: Map<string, string> | null; rows: number }>();

  /** `record`'s own string properties replaced by their compact equal; returns `record`. */
  compact<T extends object>(record: T): T {
    const fields = record as Record<string, unknown>;
    for (const key in fields) {
      const value = fields[key];
      if (typeof value === 'string') fields[key] = this.value(key, value);
    }
    return record;
  }

  private value(field: string, value: string): string {
    let column = this.seen.get(field);
    if (column === undefined) {
      column = { values: new Map(), rows: 0 };
      this.seen.set(field, column);
    }
    column.rows++;
    const known = column.values?.get(value);
    if (known !== undefined) return known;
    // Strings under 13 characters are already copies, not slices.
    const flat = value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
    if (column.values !== null) {
      column.values.set(value, flat);
      if (column.values.size >= 4096 && column.values.size * 2 > column.rows) column.values = null;
    }
    return flat;
  }
}
