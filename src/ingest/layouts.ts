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
}

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
  {
    id: 'pullcheck',
    vendor: 'pullcheck (canonical)',
    table: 'associations',
    fields: {
      from: ['from_type'],
      fromId: ['from_id'],
      to: ['to_type'],
      toId: ['to_id'],
    },
    required: ['from', 'fromId', 'to', 'toId'],
    fileHints: ['associations', 'association', 'links'],
  },
];
