import type { TableName } from '../model.js';

/**
 * A layout says how one kind of file maps onto one pullcheck table: for each field, the
 * header names it may appear under. Layouts are plain data so vendor exports (HubSpot,
 * Salesforce, ...) plug in as more entries of this list, not as code.
 */
export interface Layout {
  /** e.g. "pullcheck" for the canonical layout, "hubspot-ui" for a vendor export. */
  id: string;
  /** Who writes files like this, for people: "HubSpot (UI export)". */
  vendor?: string;
  table: TableName;
  /**
   * field → accepted header names, compared by `headerKey` (case, spaces and punctuation
   * ignored). When several are present, a row takes the first non-blank of them.
   */
  fields: Record<string, string[]>;
  /** Fields read from a property of a JSON object held in a column (PostHog, Amplitude, Mixpanel). */
  json?: Record<string, { columns: string[]; keys: string[] }>;
  /** Values for fields the file does not carry (e.g. every row of a calls export is a call). */
  defaults?: Record<string, string>;
  /** Headers that identify the vendor format: at least one must be present. */
  signature?: string[];
  /** Fields that must be present in the header for the layout to apply. */
  required: string[];
  /** Optional: at least one of each group must be present. */
  requireOneOf?: string[][];
  /** File-name stems that hint at this table (tie-breaker only). */
  fileHints: string[];
  /**
   * field → lookup (a `LookupLayout.lookup`): the field's values are ids of another table
   * (HubSpot's `deal_pipeline_stage_id`, Pendo's `feature_id`), resolved after every file is
   * loaded (src/ingest/lookups.ts).
   */
  lookups?: Record<string, LookupName>;
  /** field → the columns whose values are ids (others hold labels): the lookup applies only when the field is read from one of them. */
  lookupColumns?: Record<string, string[]>;
  /** Rows this kind of file holds that are not (yet) facts, e.g. unreleased Jira versions, draft GitHub releases. */
  excludeRows?: RowExclusion[];
  /** Headers whose presence rules the layout out (a people table with an `event` column is events). */
  forbid?: string[];
  /** A field identifying the record when a file holds several rows per record (Segment identifies): merged into one. */
  mergeRowsBy?: string;
}

/** Lookups pullcheck resolves: what a second table translates ids into. */
export type LookupName = 'deal-stage' | 'deal-pipeline' | 'feature';

/**
 * A table that only translates ids of another one (stage id → label and won/closed flags,
 * feature id → name): read whole, kept aside, and applied after loading. Fields: `key` ✱,
 * `label`, and for stages `won` / `closed` flags; `updatedAt` picks a history's latest row.
 */
export interface LookupLayout {
  id: string;
  vendor: string;
  lookup: LookupName;
  /** What the lookup gives, for people: "deal stage id → label, won/closed". */
  describes: string;
  fields: Record<string, string[]>;
  /** Fields that must be in the header (key always). */
  required: string[];
  /** Headers that identify the vendor format: at least one must be present. */
  signature: string[];
  /** Entries known without a table (HubSpot's default pipeline stage ids). */
  builtIn?: Record<string, { label: string; won?: boolean; closed?: boolean }>;
}

/** A file that is not one of the tables, and why it must not be read as one. */
export type NotATableKind = 'history' | 'staff' | 'page-views';

/**
 * Files that look like a table but are something else: a history of changes (one row per change,
 * so deals would count many times), the CRM's own staff (not the people deals are sold to), page
 * views (not users, not feature use). Recognised before the tables and skipped with the reason.
 */
export interface NotATableShape {
  id: string;
  vendor: string;
  kind: NotATableKind;
  /** Recognised when every header of any one group is present (compared by `headerKey`). */
  anyOf: string[][];
  /** ... and none of these (a column that makes the file a table after all, e.g. `event`). */
  noneOf?: string[];
  /** When the headers alone are too generic: the file-name stem must be one of these. */
  nameHints?: string[];
  /** Why the file is skipped, for the user. */
  reason: string;
}

/**
 * Rows that a sync or an API export keeps but that no longer exist or are not current, excluded
 * from every table and counted per reason (never silently). `when`: the value that excludes
 * (flags are read as booleans: true/false/yes/no/1/0).
 */
export interface RowExclusion {
  code: string;
  /** Header names of the flag column (compared by `headerKey`); the first present is used. */
  columns: string[];
  /** Cell values that exclude the row, compared trimmed and lower-case; '' = blank, '*' = any non-blank. */
  values: string[];
  reason: string;
}

export const TRUE_VALUES = ['true', 't', 'yes', 'y', '1'];
export const FALSE_VALUES = ['false', 'f', 'no', 'n', '0'];

export const ROW_EXCLUSIONS: RowExclusion[] = [
  {
    code: 'DELETED_ROW',
    columns: ['_fivetran_deleted', 'is_deleted', 'IsDeleted', 'deleted', '_deleted', '_sdc_deleted'],
    values: TRUE_VALUES,
    reason: 'flagged deleted in the export',
  },
  {
    // Fivetran history mode keeps every version of a row; only the active one is current.
    code: 'SUPERSEDED_ROW',
    columns: ['_fivetran_active'],
    values: FALSE_VALUES,
    reason: 'an earlier version of the row (history mode: _fivetran_active = false)',
  },
];

/**
 * The key headers are compared by: lower case, without spaces or punctuation, so "Deal ID" =
 * "deal_id" = "DealId" = "DEALID", "Deal – Title" = "Deal - Title", "StageName" = "stage_name".
 */
export function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Lower-case and collapse spaces, dashes and underscores, so "Deal ID" = "deal_id" = "deal-id". */
export function normaliseHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_\-]+/g, '_');
}

/** pullcheck's own layout, documented in docs/data-model.md. */
export const CANONICAL_LAYOUTS: Layout[] = [
  {
    id: 'pullcheck',
    vendor: 'pullcheck (canonical)',
    table: 'deals',
    fields: {
      dealId: ['deal_id'],
      accountId: ['account_id'],
      name: ['deal_name', 'name'],
      amount: ['amount'],
      currency: ['currency', 'currency_code', 'currency_iso_code'],
      homeAmount: ['amount_in_home_currency', 'converted_amount'],
      pipeline: ['pipeline'],
      stage: ['stage'],
      createdAt: ['created_at'],
      closedAt: ['closed_at'],
      source: ['source', 'lead_source'],
      type: ['deal_type', 'type', 'opportunity_type'],
      // "Discount (%)" and "Discount %" are `discount` by headerKey.
      discount: ['discount', 'discount_percent', 'discount_percentage', 'discount_pct'],
      listAmount: ['list_amount', 'list_price'],
      promisedFeatures: ['promised_features', 'features_promised'],
      owner: ['owner'],
    },
    required: ['dealId', 'stage'],
    fileHints: ['deals', 'deal', 'opportunities', 'opportunity'],
  },
  {
    id: 'pullcheck',
    vendor: 'pullcheck (canonical)',
    table: 'activities',
    fields: {
      activityId: ['activity_id'],
      type: ['type', 'activity_type'],
      dealId: ['deal_id'],
      accountId: ['account_id'],
      contactId: ['contact_id'],
      occurredAt: ['occurred_at'],
    },
    required: ['type', 'occurredAt'],
    fileHints: ['activities', 'activity', 'engagements', 'tasks'],
  },
  {
    id: 'pullcheck',
    vendor: 'pullcheck (canonical)',
    table: 'contacts',
    fields: {
      contactId: ['contact_id'],
      accountId: ['account_id'],
      title: ['title', 'job_title'],
      role: ['role'],
      email: ['email'],
      name: ['name'],
    },
    required: ['contactId'],
    requireOneOf: [['title', 'role']],
    fileHints: ['contacts', 'contact'],
  },
  {
    id: 'pullcheck',
    vendor: 'pullcheck (canonical)',
    table: 'accounts',
    fields: {
      accountId: ['account_id'],
      name: ['name', 'account_name'],
      domain: ['domain'],
      createdAt: ['created_at', 'signup_date'],
      plan: ['plan', 'plan_tier'],
    },
    required: ['accountId'],
    requireOneOf: [['name', 'domain']],
    fileHints: ['accounts', 'account', 'companies', 'organizations'],
  },
  {
    id: 'pullcheck',
    vendor: 'pullcheck (canonical)',
    table: 'events',
    fields: {
      timestamp: ['timestamp'],
      userId: ['user_id'],
      accountId: ['account_id'],
      event: ['event'],
      feature: ['feature'],
    },
    required: ['timestamp', 'event'],
    requireOneOf: [['userId', 'accountId']],
    fileHints: ['events', 'event', 'tracks'],
  },
  {
    id: 'pullcheck',
    vendor: 'pullcheck (canonical)',
    table: 'users',
    fields: {
      userId: ['user_id'],
      accountId: ['account_id'],
      signupAt: ['signup_at'],
      activatedAt: ['activated_at'],
      title: ['title', 'job_title'],
      role: ['role'],
      invitedBy: ['invited_by'],
    },
    required: ['userId', 'signupAt'],
    fileHints: ['users', 'user', 'people'],
  },
  {
    id: 'pullcheck',
    vendor: 'pullcheck (canonical)',
    table: 'releases',
    fields: {
      feature: ['feature'],
      releasedAt: ['released_at'],
      kind: ['kind', 'release_type'],
      title: ['title'],
    },
    required: ['feature', 'releasedAt'],
    fileHints: ['releases', 'release', 'changelog'],
  },
  {
    id: 'pullcheck',
    vendor: 'pullcheck (canonical)',
    table: 'feature_requests',
    fields: {
      requestId: ['request_id'],
      feature: ['feature'],
      accountId: ['account_id'],
      dealId: ['deal_id'],
      source: ['source'],
      createdAt: ['created_at'],
      votes: ['votes'],
    },
    required: ['feature'],
    requireOneOf: [['requestId', 'accountId', 'dealId']],
    fileHints: ['feature_requests', 'requests', 'feature_request', 'ideas'],
  },
];

/**
 * How a header may resemble each table, to suggest a config for a file no layout recognised:
 * per field, words its column name would contain (the name split on `_`, spaces and camelCase).
 * A table is plausible only when every group of `needs` has a column of its own, and no column
 * holds an `avoid` word (an events file is never suggested as deals).
 */
export interface Resemblance {
  table: TableName;
  fields: Record<string, string[]>;
  /** Groups of fields: one of each group must have a column. */
  needs: string[][];
  avoid: string[];
}

const ACCOUNT_WORDS = ['account', 'company', 'organization', 'organisation', 'org', 'customer', 'client', 'tenant', 'workspace', 'subscription'];

export const RESEMBLANCE: Resemblance[] = [
  {
    table: 'deals',
    fields: {
      dealId: ['deal', 'opportunity', 'opp'], stage: ['stage', 'status', 'phase', 'outcome', 'won'], amount: ['amount', 'value', 'revenue', 'acv', 'arr'],
      createdAt: ['created', 'opened'], closedAt: ['close', 'closed'], accountId: ACCOUNT_WORDS,
    },
    needs: [['dealId'], ['stage']],
    avoid: ['event', 'visitor', 'distinct', 'session', 'feature', 'usage', 'pageview'],
  },
  {
    table: 'activities',
    fields: { type: ['type', 'activity', 'kind', 'channel', 'engagement', 'subtype'], occurredAt: ['date', 'time', 'timestamp', 'at', 'when', 'start', 'due', 'completed'], dealId: ['deal', 'opportunity'], accountId: ACCOUNT_WORDS },
    needs: [['type'], ['occurredAt']],
    avoid: ['event', 'visitor', 'distinct', 'session', 'feature', 'usage', 'pageview'],
  },
  {
    table: 'contacts',
    fields: { contactId: ['contact', 'person', 'lead', 'people'], title: ['title', 'position', 'job', 'role'], accountId: ACCOUNT_WORDS },
    needs: [['contactId'], ['title']],
    avoid: ['event', 'deal', 'opportunity'],
  },
  {
    table: 'accounts',
    fields: { accountId: ACCOUNT_WORDS, name: ['name'], domain: ['domain', 'website', 'url'] },
    needs: [['accountId'], ['name', 'domain']],
    avoid: ['event', 'deal', 'opportunity', 'churn', 'usage'],
  },
  {
    table: 'events',
    fields: {
      timestamp: ['timestamp', 'time', 'date', 'at', 'day', 'datetime', 'occurred'], event: ['event', 'action', 'feature', 'activity', 'name'],
      userId: ['user', 'visitor', 'distinct', 'person', 'member'], accountId: ACCOUNT_WORDS,
    },
    needs: [['timestamp'], ['event'], ['userId', 'accountId']],
    avoid: ['deal', 'opportunity', 'stage'],
  },
  {
    table: 'users',
    fields: { userId: ['user', 'member', 'person', 'visitor'], signupAt: ['signup', 'signed', 'created', 'joined', 'registered', 'first'], email: ['email'], accountId: ACCOUNT_WORDS },
    needs: [['userId'], ['signupAt']],
    avoid: ['event', 'deal', 'opportunity', 'stage'],
  },
  {
    table: 'releases',
    fields: { feature: ['feature', 'title', 'name', 'version', 'change', 'release'], releasedAt: ['released', 'release', 'published', 'shipped', 'launch', 'launched', 'date'], kind: ['type', 'kind', 'category', 'label'] },
    needs: [['feature'], ['releasedAt']],
    avoid: ['event', 'user', 'visitor', 'deal', 'opportunity', 'request', 'votes', 'usage', 'count', 'subscription', 'session'],
  },
  {
    table: 'feature_requests',
    fields: { feature: ['feature', 'idea', 'request', 'title'], requestId: ['request', 'idea', 'post', 'ticket'], accountId: ACCOUNT_WORDS, votes: ['votes', 'vote', 'upvotes'] },
    needs: [['feature'], ['requestId', 'accountId', 'votes']],
    avoid: ['event', 'usage', 'count', 'timestamp', 'deal'],
  },
];
