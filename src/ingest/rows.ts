/**
 * Row builders: a mapped row (field → cell text) becomes a typed record of one table.
 * A row missing a value it cannot do without is rejected with a reason; an unreadable
 * optional value becomes null and is counted as a cell warning. Nothing is dropped silently.
 */
import type {
  Account, Activity, Contact, Deal, FeatureRequest, ProductEvent, Release, TableName, User,
} from '../model.js';
import {
  parseActivityType, parseDate, parseDealType, parseFraction, parseList, parseNumber,
  parseReleaseKind, parseStage, parseText, type Coerced,
} from './coerce.js';
import { normaliseRole } from './roles.js';

export interface CellProblem {
  code: 'BAD_DATE' | 'BAD_NUMBER' | 'BAD_VALUE';
  field: string;
  value: string;
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
  ) {}

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

  private coerce<T>(field: string, parse: (v: string | undefined) => Coerced<T>, code: CellProblem['code']): T | null {
    const raw = this.cells[field];
    const v = parse(raw);
    if (v === undefined) {
      this.problems.push({ code, field, value: raw ?? '' });
      return null;
    }
    return v;
  }

  date(field: string): number | null {
    return this.coerce(field, parseDate, 'BAD_DATE');
  }

  requiredDate(field: string): number {
    const raw = this.cells[field];
    const v = parseDate(raw);
    if (v === undefined) this.reject('BAD_DATE', field, `${this.columnOf(field)} "${raw}" is not a readable date`);
    else if (v === null) this.reject('MISSING_VALUE', field, `${this.columnOf(field)} is blank`);
    return v ?? 0;
  }

  number(field: string): number | null {
    return this.coerce(field, parseNumber, 'BAD_NUMBER');
  }

  fraction(field: string): number | null {
    return this.coerce(field, parseFraction, 'BAD_NUMBER');
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

const deal: Builder<Deal> = (r) => {
  const dealId = r.requiredText('dealId');
  const stage = r.enumValue('stage', parseStage);
  if (stage === null) r.reject('MISSING_VALUE', 'stage', `${r.column('stage')} is blank`);
  const amount = r.number('amount');
  const listAmount = r.number('listAmount');
  let discount = r.fraction('discount');
  // A list price and a closed amount give the discount when none is recorded.
  if (discount === null && listAmount && amount !== null && listAmount > 0 && amount <= listAmount) {
    discount = 1 - amount / listAmount;
  }
  return {
    dealId,
    accountId: r.text('accountId'),
    name: r.text('name'),
    amount,
    stage: stage ?? 'open',
    createdAt: r.date('createdAt'),
    closedAt: r.date('closedAt'),
    source: r.text('source')?.toLowerCase() ?? null,
    type: r.enumValue('type', parseDealType) ?? 'new',
    discount,
    promisedFeatures: r.list('promisedFeatures'),
    owner: r.text('owner'),
  };
};

const activity: Builder<Activity> = (r) => {
  const type = r.enumValue('type', parseActivityType);
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
    title,
    role: normaliseRole(r.text('role'), title),
  };
};

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

const user: Builder<User> = (r) => {
  const title = r.text('title');
  return {
    userId: r.requiredText('userId'),
    accountId: r.text('accountId'),
    signupAt: r.date('signupAt'),
    activatedAt: r.date('activatedAt'),
    role: normaliseRole(r.text('role'), title),
    title,
    invitedBy: r.text('invitedBy'),
  };
};

const release: Builder<Release> = (r) => {
  const feature = r.requiredText('feature');
  const releasedAt = r.requiredDate('releasedAt');
  return { feature, releasedAt, kind: r.enumValue('kind', parseReleaseKind) ?? 'new', title: r.text('title') };
};

const featureRequest: Builder<FeatureRequest> = (r) => ({
  requestId: r.text('requestId'),
  feature: r.text('feature'),
  accountId: r.text('accountId'),
  dealId: r.text('dealId'),
  source: r.text('source')?.toLowerCase() ?? null,
  createdAt: r.date('createdAt'),
  votes: r.number('votes'),
});

export const ROW_BUILDERS: { [K in TableName]: Builder<unknown> } = {
  deals: deal,
  activities: activity,
  contacts: contact,
  accounts: account,
  events: event,
  users: user,
  releases: release,
  feature_requests: featureRequest,
};
