/**
 * pullcheck's normalised data model: the typed tables every metric reads.
 *
 * Ingest maps whatever columns a file has onto these records (see src/ingest/layouts.ts
 * and docs/data-model.md). Dates are UTC epoch milliseconds; money is a plain number in
 * the deal's currency; absent optional values are `null`, never a guess.
 */

export type TableName =
  | 'deals'
  | 'activities'
  | 'contacts'
  | 'accounts'
  | 'events'
  | 'users'
  | 'releases'
  | 'feature_requests';

export const TABLE_NAMES: readonly TableName[] = [
  'deals',
  'activities',
  'contacts',
  'accounts',
  'events',
  'users',
  'releases',
  'feature_requests',
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
  title: string | null;
  /** Role family (exec, manager, practitioner, it, procurement, other); derived from title when absent. */
  role: string;
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
}

export interface User {
  userId: string;
  accountId: string | null;
  signupAt: Timestamp | null;
  activatedAt: Timestamp | null;
  role: string;
  title: string | null;
  invitedBy: string | null;
}

export type ReleaseKind = 'new' | 'improvement' | 'fix';

export interface Release {
  feature: string;
  releasedAt: Timestamp;
  kind: ReleaseKind;
  title: string | null;
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

export interface Tables {
  deals: Deal[];
  activities: Activity[];
  contacts: Contact[];
  accounts: Account[];
  events: ProductEvent[];
  users: User[];
  releases: Release[];
  feature_requests: FeatureRequest[];
}

/** A row that could not be used, kept as a counted warning with its location. */
export interface IngestIssue {
  code: string;
  file: string;
  line: number;
  column?: string;
  message: string;
}

export interface FileSummary {
  path: string;
  table: TableName | null;
  layout: string | null;
  /** 0..1, how well the header matched the layout; null when unrecognised. */
  confidence: number | null;
  /** Data rows read (excluding the header), rejected ones included. */
  rows: number;
  rejected: number;
  /** Rejected rows counted per reason code. */
  rejectedByReason: Record<string, number>;
  /** Non-fatal problems counted per code (unreadable optional cells, ragged rows...). */
  warnings: Record<string, number>;
  /** Header columns not used by the mapping. */
  unmappedColumns: string[];
  /** Who writes files like this ("HubSpot (UI export …)"); null when unrecognised. */
  vendor?: string | null;
  /** How the file was read: encoding (and how it was decided) and delimiter. */
  encoding?: string;
  delimiter?: string;
  /** field → the header column(s) it is read from ("a | b": first non-blank; "x → key": JSON property). */
  mapping?: Record<string, string>;
  /** field → how its values are written (date format, decimal mark) and why that was decided. */
  formats?: Record<string, { format: string; basis: string }>;
  /** field → values as exported and what they were mapped to (stages, sources, titles…), with row counts. */
  values?: Record<string, Array<{ from: string; to: string; rows: number }>>;
}

/** How CRM accounts and product accounts were matched (ids rarely agree across tools). */
export interface AccountMatch {
  /** Distinct accounts seen in product data (events, users). */
  productAccounts: number;
  /** Of those, matched to a CRM account, by how. */
  matched: { id: number; domain: number; name: number };
  /** matched / productAccounts; null when either side has no accounts. */
  rate: number | null;
  /** A few unmatched product accounts and CRM accounts, for the report. */
  unmatchedExamples: { product: string[]; crm: string[] };
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
}

export function emptyTables(): Tables {
  return {
    deals: [],
    activities: [],
    contacts: [],
    accounts: [],
    events: [],
    users: [],
    releases: [],
    feature_requests: [],
  };
}
