/**
 * The report contract's types for what was read (docs/report-format.md, `inputs`): files, links,
 * account matching, the business context, derived fields. Part of the versioned JSON, so they
 * live with the report and import nothing; ingest (src/core/model.ts) uses them from here.
 */

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
  /**
   * What was done with the file: `read` (its rows went into `table`) or `skipped` (`reason`
   * says why: not a data file, hidden, pullcheck's own output, header not recognised…).
   * Every file and folder entry of the data folder has a summary.
   */
  status?: 'read' | 'skipped';
  /** Why the file was skipped (absent when read). */
  reason?: string;
  /** How the file was reached or read, when not plainly ("gzip-compressed", "first sheet of 3", "a symbolic link to …"). */
  notes?: string[];
  table: TableName | null;
  layout: string | null;
  /** 0..1, how well the header matched the layout; null when unrecognised. */
  confidence: number | null;
  /** Data rows read (excluding the header), rejected ones included. */
  rows: number;
  /**
   * Events the kept rows stand for, when the file is pre-aggregated (an events file with a count
   * column: Pendo's `numEvents`, `event_count` of pullcheck's warehouse summary); absent otherwise.
   */
  events?: number;
  rejected: number;
  /**
   * Rows left out on purpose, per reason code: flagged deleted (`DELETED_ROW`), superseded
   * (`SUPERSEDED_ROW`), unreleased / draft / not completed releases. Counted in `rows`, not
   * rejected (not errors: --strict ignores them). Absent when none.
   */
  excluded?: Record<string, number>;
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
  /**
   * What the file is when it is not one of the tables (then `table` is null): a lookup that
   * translates another table's ids, a history of changes, the CRM's own staff, page views.
   */
  kind?: 'lookup' | 'history' | 'staff' | 'page-views' | 'catalogue';
  /** A lookup file: what it translates, its distinct ids, and the files whose ids it resolved. */
  lookup?: { name: string; describes: string; entries: number; usedBy: string[] };
  /** field → how its ids were resolved through a lookup table (src/ingest/lookups.ts). */
  lookups?: Record<string, LookupResolution>;
}

/** How one field's ids were resolved through a lookup table. */
export interface LookupResolution {
  lookup: string;
  /** The lookup files used; empty when the folder has none. */
  from: string[];
  /** Rows (or, for events, distinct ids) whose id was found, and not found. */
  resolved: number;
  unresolved: number;
  /** What `resolved` and `unresolved` count: "rows" or "distinct ids". */
  unit: 'rows' | 'distinct ids';
  /** A few ids not found. */
  unresolvedExamples: string[];
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

/**
 * The business context the analysis ran with (config, else defaults), for the report's inputs
 * and `inspect`: how quarters are cut; currency and pipeline scope are added by ingest.
 */
export interface BusinessContext {
  /** Month number (1–12) the fiscal year starts in; 1 = calendar quarters. */
  fiscalYearStart: number;
  /** "calendar quarters" or "fiscal quarters of a year starting in February". */
  quarters: string;
  /** Deal currencies and what was done with them; null when no deal names a currency. */
  currency: CurrencySummary | null;
  /** CRM pipelines and which were analysed; null when no deal names a pipeline. */
  pipelines: PipelineSummary | null;
  /** Motions the config declares (`motions:`, src/core/motions.ts); absent when none is. */
  motions?: DeclaredMotions;
}

/** A field derived from other data rather than read from a column, and from what (shown by `inspect`). */
export interface DerivedField {
  /** `table.field`, as in a metric's requiresFields. */
  field: 'users.signupAt' | 'users.activatedAt' | 'users.invitedBy' | 'users.title' | 'users.role' | 'users.company' | 'users.email';
  /** In words: the rule and its source events. */
  from: string;
  /** Users whose value was derived. */
  users: number;
  /** Why the field could not be derived (then also in Dataset.unusableFields); absent when it was. */
  failed?: string;
}

/** What merging anonymous ids into identified users did (src/ingest/identity.ts). */
export interface IdentityMerge {
  /** Distinct anonymous ids seen beside an identified user id. */
  pairs: number;
  /** Anonymous ids whose events were given to their user, and the distinct users they went to. */
  anonymousIds: number;
  users: number;
  /** Anonymous ids seen beside two or more users: left unmerged, with the events left under them. */
  ambiguous: number;
  ambiguousEvents: number;
  /** Events re-attributed from an anonymous id to its user. */
  events: number;
}

/** One measured link: how many rows of `from` reached a record of `to`, and by which key. */
export interface LinkSummary {
  id: LinkId;
  from: TableName;
  to: TableName;
  /**
   * Rows of `from` (user→inviter: users with an invited-by value, whatever their signup date;
   * promise→release: each distinct feature a deal promises).
   */
  rows: number;
  /** Rows that reached a record of `to`. */
  linked: number;
  by: Record<LinkKey, number>;
  /**
   * Rows with no value to link on (blank reference). activity→account: an activity whose only
   * reference is a contact id that names no contact is unlinked (example `contact C9`), not here.
   */
  noKey: number;
  /** Rows whose name matched two or more records: left unlinked. */
  ambiguous: number;
  /** linked / rows, rounded to 3 decimals; null when there are no rows. */
  rate: number | null;
  /** Up to 5 distinct values that did not link, sorted (activity→account: `contact C9`, `contact (name)` for an activity's contact reference). */
  unlinkedExamples: string[];
  /** Up to 5 distinct ambiguous values, sorted. */
  ambiguousExamples: string[];
}

/**
 * References joined by the whole-number form of an id (`1.0` ↔ `1`: pandas writes an integer
 * column that has a blank as floats): a reference not found as written in the table it names,
 * whose whole-number form names one record there (src/ingest/whole-number-ids.ts).
 */
export interface WholeNumberJoin {
  /**
   * The link (as in the link table; `user→inviter`: users' invited-by → users), or `event→user`
   * (events' user ids → the users table), `invite→user` (the user an invite event names →
   * users), `activity→contact` (activities' contact ids → contacts), `association→deal`,
   * `association→contact`, `association→account`, `association→activity` (an association
   * table's ids → the records of that kind).
   */
  link: WholeNumberLink;
  from: TableName;
  to: TableName;
  /** Distinct ids joined by their whole-number form, and the rows of `from` that carry them (events: the events). */
  ids: number;
  rows: number;
  /** Up to 3 of those ids as written and the id each joined, the least written first. */
  examples: Array<[written: string, joined: string]>;
  /** Ids left unjoined because two records' ids have their whole-number form (`1` and `1.0`), with their rows and up to 3 of them. */
  leftAsWritten: number;
  leftAsWrittenRows: number;
  leftAsWrittenExamples: string[];
}

export type WholeNumberLink =
  | LinkId
  | 'event→user'
  | 'user→inviter'
  | 'invite→user'
  | 'activity→contact'
  | 'association→deal'
  | 'association→contact'
  | 'association→account'
  | 'association→activity';

export type TableName =
  | 'deals'
  | 'activities'
  | 'contacts'
  | 'accounts'
  | 'events'
  | 'users'
  | 'releases'
  | 'feature_requests'
  | 'associations'
  | 'subscriptions';

/** What one row of each table is called in messages and counts ("37,873 events"), singular and plural. */
export const ROW_NOUNS: Record<TableName, readonly [string, string]> = {
  deals: ['deal', 'deals'],
  activities: ['activity', 'activities'],
  contacts: ['contact', 'contacts'],
  accounts: ['account', 'accounts'],
  events: ['event', 'events'],
  users: ['user', 'users'],
  releases: ['release', 'releases'],
  feature_requests: ['request', 'requests'],
  associations: ['association', 'associations'],
  subscriptions: ['subscription', 'subscription rows'],
};

/** Link ids, `from→to` (the contract shared with DataNeed.link). */
export type LinkId =
  | 'activity→deal'
  | 'activity→account'
  | 'contact→account'
  | 'deal→account'
  | 'event→account'
  | 'user→account'
  | 'release→feature'
  | 'request→account'
  | 'request→deal'
  /**
   * Feature requests' features → a release row's feature (as the feature checks join them: the
   * same id, after both took the events' spelling). A request for a feature never built is a real
   * miss: checks floor it over the requests naming a feature known from releases or events.
   */
  | 'request→release'
  /** Deals' promised features (one per deal and feature) → a release row's feature, as request→release. */
  | 'promise→release'
  | 'subscription→account'
  /** users' invited-by → users (invite-k-factor measures it on its invitees; not in the dataset's link table). */
  | 'user→inviter';

/**
 * How a row was linked: `id` (its key is the target's id), `association` (an association
 * table), `name` (normalised deal / account / feature name), `domain` (e-mail or web domain),
 * `via` (through another link: an activity's account through its deal, an event's through its user).
 */
export type LinkKey = 'id' | 'association' | 'name' | 'domain' | 'via';

/** Deal amounts by currency and the analysis currency chosen (src/ingest/currency.ts). */
export interface CurrencySummary {
  /** The currency of every amount the metrics read; null when unknown (no currency named). */
  analysisCurrency: string | null;
  /**
   * single: one currency (or none named); converted: config rates converted the others;
   * base: config currency.base kept, the others excluded; main: the currency with most won
   * amount kept, the others excluded.
   */
  mode: 'single' | 'converted' | 'base' | 'main';
  /** Why this currency, in words. */
  basis: string;
  /** Per currency as exported ('unspecified': blank while other deals name one): deals, won deals, won amount before conversion, rate used, and what was done. */
  byCurrency: Array<{ currency: string; deals: number; wonDeals: number; wonAmount: number; rate: number | null; use: 'analysed' | 'converted' | 'excluded' }>;
  /** Deals whose amounts were set aside, per currency. */
  excluded: Record<string, number>;
}

/** CRM pipelines (record types) and which of them count (src/ingest/pipelines.ts). */
export interface PipelineSummary {
  /** The scope in words: "all pipelines (default…)" or "include: Sales; exclude: …". */
  rule: string;
  /** Per pipeline as exported ('(blank)': none while others have one): deals read, won deals, and whether they count. */
  byPipeline: Array<{ pipeline: string; deals: number; wonDeals: number; counted: boolean }>;
  /** Deals left out of the analysis. */
  excludedDeals: number;
  /** Config pipeline names that match no pipeline in the data. */
  unmatchedConfig: string[];
}

/** The go-to-market motions a check may presume (src/core/motions.ts describes each). */
export type Motion = 'freeTier' | 'trial' | 'selfServe' | 'renewals' | 'multiUser';

/** What the config declares: `false` = the company does not have the motion; absent = presumed present. */
export type DeclaredMotions = Partial<Record<Motion, boolean>>;
