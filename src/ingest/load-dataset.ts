/**
 * Loading a folder of exports into a Dataset: find the data files, sniff each one's encoding
 * and delimiter, recognise it by its header (vendor layouts included), decide per column how
 * dates and numbers are written from a bounded sample of rows, then stream every row through
 * the table's row builder, accounting for every row that could not be used (counted per
 * reason, with examples at file:line) and every value mapping applied.
 */
import { blankColumns } from './blank-columns.js';
import { DateLines, LargestDates, TRACKED_DATE_FIELDS } from './date-lines.js';
import { statSync } from 'node:fs';
import { basename, extname, join, relative, resolve } from 'node:path';
import { PullcheckError } from '../core/errors.js';
import { ROW_NOUNS } from '../report/contract/inputs.js';
import { emptyTables, EventTable, type Activity, type Dataset, type FileSummary, type IngestIssue, type TableName, type Tables } from '../core/model.js';
import { decideDateFormat, decideDecimalMark, isBlank, makeDateParser, parseText, type Coerced, type DateFormat, type DecimalMark } from './coerce.js';
import { CANONICAL_LAYOUTS, headerKey, type Layout } from './layouts.js';
import { applyBillingCurrency, billingSummary, eventAccountsFromSubscriptions } from './billing.js';
import { resolveLinks } from './links.js';
import { deriveEventFeatures } from './derive-features.js';
import { excludeStaff } from './staff.js';
import { identityLine, mergeAnonymousIds } from './identity.js';
import { joinEventUsers, joinInviters } from './whole-number-ids.js';
import { wholeNumberWarning } from '../renderers/format.js';
import { planJsonColumns, planTextColumns, propertyNoter, propertyPlan } from './event-properties.js';
import { applyPersonProperties } from './derive-users.js';
import { configMismatchError, configPropertiesWithoutJson, missingConfigColumns, unmatchedConfigEntries, type ConfigMismatch } from './config-check.js';
import { applyCurrency, currencyMessage } from './currency.js';
import { footerFilter } from './footer.js';
import { applyPipelineScope, pipelineMessage } from './pipelines.js';
import { differingFields, duplicateHeaders, DuplicateTracker, ID_FIELDS, identicalFiles, rowFindings, unknownStages } from './sanity.js';
import { layoutsFor, NO_OVERRIDES, overrideFor, type FileOverride, type IngestOverrides } from './overrides.js';
import { GZIP_MAGIC_LABEL, PARQUET_MAGIC_LABEL, gzipStart, jsonLayout, jsonLineRecord, jsonLinesHeader, readCsvBatches, readJsonLines, sniffBytes, sniffFile, type CsvRecord, type ReadOptions, type Sniffed } from './read-csv.js';
import { recognise, recogniseLookup, recogniseNotATable, suggestMapping, suggestionYaml, type Recognition } from './recognise.js';
import { excludedRow, fileExclusions } from './exclusions.js';
import { readLookupRows, resolveAside, type AsideTables, type LookupRef } from './lookups.js';
import { badEncodingMessage, eventsRecordSink, EXAMPLES_PER_REASON, type EventsFileShape, type FileTally } from './events-file.js';
import { compileExtractor, jsonLinesColumnUse, type ExtractSpec } from './extract.js';
import { latestEventLines, prepareEventsSummary, type DuckDbEventsFile, type PreparedSummary } from './events-duckdb.js';
import { fieldsSql, mapsAnonymousId, referencedColumns } from './events-fields-sql.js';
import { collectingTally, firstLineEnd, firstRecordDelimiter, planSplit, readEventsRange, SecondHalf, tableParts, type RangeTally } from './events-split.js';
import { eventAppender, eventCellsAppender, ROW_BUILDERS, RowReader, StringCompactor, ValueLog, type RowContext } from './rows.js';
import { ALL_LAYOUTS, LOOKUP_LAYOUTS, NOT_A_TABLE_SHAPES } from './vendor-layouts.js';
import { declaredZipSize, MAX_XLSX_BYTES, MAX_XLSX_INFLATED_BYTES, readXlsx, type XlsxInfo } from './read-xlsx.js';
import { arrayElementRecord, declaredTotals, jsonShape, readJsonDocument, type JsonDocumentInfo } from './read-json.js';
import { PARQUET_ROWS_NOTE, readParquet, type ParquetColumn } from './read-parquet.js';
import { DuckDbUnavailable, LazyDuckDb } from './duckdb-engine.js';
import { DEFAULT_SETTINGS, exactTimeEventLabels } from '../core/settings.js';
import { classifyFile, DEFAULT_MAX_FILES, isConfigFileName, listFolder, type ListedFile, type Listing } from './list-files.js';

/** Rows read before deciding each column's date and number format. */
export const FORMAT_SAMPLE_ROWS = 500;

const DATE_FIELDS: Record<TableName, string[]> = {
  deals: ['createdAt', 'closedAt'],
  activities: ['occurredAt'],
  contacts: [],
  accounts: ['createdAt'],
  events: ['timestamp'],
  users: ['signupAt', 'activatedAt'],
  releases: ['releasedAt'],
  feature_requests: ['createdAt'],
  associations: [],
  subscriptions: ['startAt', 'endAt', 'canceledAt', 'trialEndAt', 'activatedAt'],
};
const NUMBER_FIELDS: Record<TableName, string[]> = {
  deals: ['amount', 'homeAmount', 'listAmount', 'discount'],
  activities: [],
  contacts: [],
  accounts: [],
  events: [],
  users: [],
  releases: [],
  feature_requests: ['votes'],
  associations: [],
  subscriptions: ['mrr', 'arr', 'amount', 'quantity', 'intervalCount'],
};

export interface LoadOptions {
  layouts?: readonly Layout[];
  /** Config-file overrides (files, columns, value maps). */
  overrides?: IngestOverrides;
  /** Called as files are read, for progress display. */
  onProgress?: (progress: LoadProgress) => void;
  /** Default: readLimits() (the environment, else the defaults). */
  limits?: ReadLimits;
  /**
   * False: events files are read row by row in JavaScript, not by DuckDB into day summaries
   * (events-duckdb.ts). Default: the environment (PULLCHECK_DUCKDB_EVENTS=0 turns it off, to
   * measure one path against the other), else on.
   */
  duckDbEvents?: boolean;
  /**
   * Set when a run found that checks compare event times with times inside DuckDB's day summaries
   * (EventTable.timesSplit): events files are then read row by row, each noted with this reason.
   */
  rowByRowBecause?: string;
  /**
   * Event names (normaliseLabel) whose rows DuckDB keeps at their own times, not per day
   * (settings.ts exactTimeEventLabels). Default: those of the default settings.
   */
  exactTimeEvents?: readonly string[];
}

/** The `rowByRowBecause` of a run whose checks noted day-summary rows they could not split (EventTable.timesSplit). */
export function daySummaryReason(split: ReadonlySet<string>): string {
  return `checks compare event times with times inside DuckDB's day summaries (${[...split].sort().join('; ')})`;
}

/** Where reading is: the file, its data rows so far, and bytes read of its size. */
export interface LoadProgress {
  file: string;
  rows: number;
  bytes: number;
  totalBytes: number;
  /** Every other file is read and DuckDB is still grouping this events file. */
  grouping?: boolean;
  /** The folder is being read a second time, its events row by row (LoadOptions.rowByRowBecause). */
  again?: boolean;
}

/** The event fields stored as columns (EventColumns): a file mapping only these can be read from cells straight. */
const EVENT_COLUMN_FIELDS: readonly string[] = ['timestamp', 'event', 'userId', 'accountId', 'feature'];

/**
 * Reading cost of a byte of a CRM file relative to a byte of an events file (CRM rows are
 * shorter and build objects): to balance a large events file's parts against the other files,
 * so both threads end together (tuned on the bench: docs/performance.md).
 */
const READ_WEIGHT_OTHER = 2;

/** What stands for the sniffed start of a workbook or Parquet file (no encoding or delimiter to decide). */
const BINARY_FORMAT_SNIFF: Sniffed = { encoding: 'utf-8', encodingBasis: 'detected', bomLength: 0, text: '', firstLine: '', delimiter: ',', binary: null, empty: false };

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Rows between progress reports (besides one per chunk of the file read). */
const PROGRESS_ROWS = 10_000;

/** Limits on what a folder may hold (env: PULLCHECK_MAX_FILES, PULLCHECK_MAX_DECOMPRESSED_BYTES). */
export interface ReadLimits {
  /** Entries of the folder looked at (files and skipped folders). */
  maxFiles: number;
  /** Bytes a compressed file may decompress to before reading it stops (a gzip bomb). */
  maxDecompressedBytes: number;
}

/** 8 GiB: more than any export that fits in memory once read; a gzip bomb stops there. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 8 * 1024 ** 3;

/** The limits, from the environment where set (for tests and unusual folders). */
export function readLimits(env: NodeJS.ProcessEnv = process.env): ReadLimits {
  const positive = (v: string | undefined, fallback: number): number => {
    const n = Number(v);
    return v !== undefined && Number.isSafeInteger(n) && n > 0 ? n : fallback;
  };
  return {
    maxFiles: positive(env.PULLCHECK_MAX_FILES, DEFAULT_MAX_FILES),
    maxDecompressedBytes: positive(env.PULLCHECK_MAX_DECOMPRESSED_BYTES, DEFAULT_MAX_DECOMPRESSED_BYTES),
  };
}

/**
 * Every entry of the data folder (list-files.ts), or the one file given instead of a folder.
 * Throws a user error when the path does not exist or is neither a folder nor a data file.
 */
export function listDataFiles(dir: string, limits: ReadLimits = readLimits()): Listing {
  let stat;
  try {
    stat = statSync(dir);
  } catch {
    throw new PullcheckError('DATA_DIR_NOT_FOUND', `data folder not found: ${dir}`, {
      hint: 'pass a folder of CSV exports, e.g. `pullcheck analyze fixtures/product-led`',
    });
  }
  if (!stat.isDirectory()) {
    const file = stat.isFile() ? classifyFile(dir, basename(dir)) : null;
    if (file?.format) return { entries: [{ path: dir, rel: basename(dir), ...file, warning: null, notes: [] }], truncated: false };
    throw new PullcheckError('DATA_DIR_NOT_A_FOLDER', `not a folder or data file: ${dir}${file?.skipped ? ` (${file.skipped})` : stat.isFile() ? '' : ' (not a regular file)'}`, {
      hint: 'pass a folder of CSV exports, e.g. `pullcheck analyze fixtures/product-led`',
    });
  }
  return listFolder(dir, { maxFiles: limits.maxFiles });
}

/** A path as shown: under the working folder, relative to it; else as given (not as ../../ chains). */
function shownPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  return fromCwd && !fromCwd.startsWith('..') ? fromCwd : file;
}

/** The summary of an entry that is not read (not a data file, hidden, a FIFO…). */
function skippedSummary(entry: ListedFile, shown: string, issues: IngestIssue[]): FileSummary {
  const summary: FileSummary = {
    path: shown, status: 'skipped', reason: entry.skipped ?? 'skipped', table: null, layout: null, confidence: null, rows: 0, rejected: 0, rejectedByReason: {}, warnings: {}, unmappedColumns: [], vendor: null,
  };
  if (entry.notes.length) summary.notes = [...entry.notes];
  if (entry.warning) {
    summary.warnings[entry.warning.code] = 1;
    issues.push({ code: entry.warning.code, file: shown, line: 0, message: entry.warning.message });
  }
  return summary;
}

export async function loadDataset(dir: string, options: LoadOptions = {}): Promise<Dataset> {
  const layouts = options.layouts ?? ALL_LAYOUTS;
  options = { ...options, duckDbEvents: options.duckDbEvents ?? process.env.PULLCHECK_DUCKDB_EVENTS !== '0' };
  // A second read says so on every progress line.
  const onProgress = options.onProgress;
  if (onProgress && options.rowByRowBecause !== undefined) options.onProgress = (p) => onProgress({ ...p, again: true });
  const limits = options.limits ?? readLimits();
  const listing = listDataFiles(dir, limits);
  const entries = listing.entries;
  // A file of no known kind (export.dat) is read when a config entry names it exactly.
  for (const e of entries) {
    const named = e.unknownKind ? overrideFor(options.overrides ?? NO_OVERRIDES, e.path, basename(e.path)) : undefined;
    if (named && !named.skip && !/[*?]/.test(named.match)) {
      Object.assign(e, { format: 'delimited', skipped: null, unknownKind: false });
      e.notes.push('read as delimited text because the config file names it');
    }
  }
  const dataEntries = entries.filter((e) => e.format !== null);
  if (dataEntries.length === 0) {
    const found = entries.slice(0, 10).map((e) => `  ${e.rel}: ${e.skipped}`);
    throw new PullcheckError('NO_DATA_FILES', [`no data files in ${dir}${entries.length ? '. Found:' : ' (the folder is empty)'}`, ...found, ...(entries.length > 10 ? [`  … ${entries.length - 10} more`] : [])].join('\n'), {
      hint: 'export your CRM and analytics tables as .csv (or .csv.gz, .json, .jsonl, .xlsx, .parquet) into this folder (see docs/data-model.md)',
    });
  }
  const files = dataEntries.map((e) => e.path);
  // A config entry that matches no file is a config error, found before reading anything.
  // Any file of the folder counts (a config entry may skip a README); folders, hidden entries and the config file not.
  const listedFiles = entries.filter((e) => !e.rel.endsWith('/') && !basename(e.rel).startsWith('.') && !isConfigFileName(basename(e.rel))).map((e) => e.path);
  const unmatched = unmatchedConfigEntries(options.overrides ?? NO_OVERRIDES, listedFiles);
  if (unmatched.length > 0) throw configMismatchError(options.overrides?.configFile, unmatched);
  // Copies among the files read (a file the config skips is no original).
  const read = files.filter((f) => !overrideFor(options.overrides ?? NO_OVERRIDES, f, basename(f))?.skip);
  // DuckDB reads Parquet files; it is loaded at the first one, allowed to read the data files only.
  const duckdb = new LazyDuckDb(files.map((f) => resolve(f)));
  const shared: SharedState = { configMismatches: [], duplicates: new DuplicateTracker(), copies: await identicalFiles(read), shownPath, dateLines: new DateLines(), duckdb };
  const tables = emptyTables();
  const present = new Set<TableName>();
  const summaries: FileSummary[] = [];
  const issues: IngestIssue[] = [];
  // Every file is opened at once (header, format sample; a large events file's second half
  // starts on a worker then), and its rows are read in turn, in file order, so tables, ids and
  // issues are in the same order whatever the timing.
  let turn: Promise<void> = Promise.resolve();
  // A split events file's second part joins later (`defer`), while the files after it are read.
  const deferred: Array<{ finish: Promise<void>; waiting?: () => void }> = [];
  let eventsJoined: Promise<void> = Promise.resolve();
  const weights = files.map((file) => READ_WEIGHT_OTHER * fileSize(file));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  let weightBefore = 0;
  // Lookup tables, ids waiting for them, and rows to merge: resolved once every file is read, in
  // file order (a lookup file is read before its turn, so each file gathers its own).
  const asides: AsideTables[] = dataEntries.map(() => ({ lookups: [], refs: [], merges: [] }));
  const loads = dataEntries.map((entry, k) => {
    const file = entry.path;
    const shown = shownPath(file);
    const fileIssues: IngestIssue[] = [];
    const load = loadFile(entry, shown, layouts, tables, present, fileIssues, options, limits, shared, asides[k]!, {
      turn,
      otherWeight: weightBefore + (totalWeight - weightBefore - weights[k]!),
      defer: (finish, waiting) => {
        finish.catch(() => undefined); // awaited below
        deferred.push({ finish, waiting });
        eventsJoined = finish;
      },
      eventsJoined: () => eventsJoined,
    });
    weightBefore += weights[k]!;
    // The next file's turn comes once this file is done *and* every file before it has read its
    // rows: a file that ends before its own turn (skipped, a copy, not a table, a lookup table)
    // must not let the files after it read ahead of the files before it.
    const before = turn;
    turn = load.then(
      () => before,
      () => before,
    );
    const loaded = load.then((summary) => ({ summary, fileIssues }));
    loaded.catch(() => undefined); // awaited below, in order
    return loaded;
  });
  const loaded: Array<{ summary: FileSummary; fileIssues: IngestIssue[] }> = [];
  try {
    for (const load of loads) loaded.push(await load);
    for (const { finish, waiting } of deferred) {
      waiting?.();
      await finish;
    }
  } finally {
    // Every file is read (or failed) and every deferred part settled, so nothing runs on after
    // loading ends; DuckDB's close also waits for the summaries and hand-overs it tracks.
    await Promise.allSettled(loads);
    await Promise.allSettled(deferred.map((d) => d.finish)); // pushed by the loads, so after them
    await duckdb.close();
  }
  // Every entry in path order: data files with what reading them gave, the rest with why not.
  let next = 0;
  for (const entry of entries) {
    if (entry.format === null) {
      summaries.push(skippedSummary(entry, entry.rel.endsWith('/') ? `${shownPath(entry.path)}/` : shownPath(entry.path), issues));
      continue;
    }
    const { summary, fileIssues } = loaded[next++]!;
    summaries.push(summary);
    issues.push(...fileIssues);
  }
  if (shared.configMismatches.length > 0) throw configMismatchError(options.overrides?.configFile, shared.configMismatches);
  if (listing.truncated) {
    issues.push({
      code: 'TOO_MANY_FILES',
      file: dir,
      line: 0,
      message: `the folder holds more than ${limits.maxFiles.toLocaleString('en-US')} files and folders; only the first ${limits.maxFiles.toLocaleString('en-US')} (in path order) were looked at, the rest not read (move the exports to analyse into a folder of their own, or set PULLCHECK_MAX_FILES)`,
    });
  }
  if (present.size === 0) throw unrecognisedFolder(dir, summaries, issues, layouts);
  const aside: AsideTables = { lookups: asides.flatMap((a) => a.lookups), refs: asides.flatMap((a) => a.refs), merges: asides.flatMap((a) => a.merges) };
  resolveAside(tables, aside, issues);
  const dataset: Dataset = { tables, present, files: summaries, issues, dateLines: shared.dateLines };
  // Before anything derives: a column nobody fills is no column (blank-columns.ts).
  const blank = blankColumns(dataset);
  if (Object.keys(blank).length > 0) {
    dataset.blankFields = blank;
    for (const [key, why] of Object.entries(blank)) issues.push({ code: 'BLANK_COLUMN', file: summaries.find((f) => f.table === key.split('.')[0])?.path ?? dir, line: 0, message: `${why}: read as not exported` });
  }
  const dealFiles = summaries.filter((s) => s.table === 'deals' && s.rows > 0);
  const stages = unknownStages(tables.deals, dealFiles);
  if (stages) {
    // First among the warnings: it silences a whole family of checks.
    for (const f of dealFiles) f.warnings.UNKNOWN_STAGES = 1;
    issues.unshift(...dealFiles.map((f) => ({ code: 'UNKNOWN_STAGES', file: f.path, line: 0, column: f.mapping?.stage ?? f.mapping?.isWon, message: stages.message })));
    dataset.unusableFields = { 'deals.stage': stages.reason, 'deals.isWon': stages.reason };
  }
  // Scope first: the analysis currency is chosen among the deals that count.
  const pipelines = applyPipelineScope(tables.deals, options.overrides?.pipelines);
  if (pipelines) {
    dataset.pipelines = pipelines;
    const message = pipelineMessage(pipelines);
    if (message) issues.push({ code: 'PIPELINES', file: dir, line: 0, message });
  }
  const currency = applyCurrency(tables.deals, options.overrides?.currency);
  if (currency) {
    dataset.currency = currency;
    const excluded = Object.entries(currency.excluded);
    if (excluded.length > 0 || currency.mode === 'converted') {
      issues.push({ code: 'CURRENCY', file: dir, line: 0, message: currencyMessage(currency) });
    }
  }
  // Anonymous ids into their users first: a staff member's anonymous events go with them.
  const identity = mergeAnonymousIds(tables.events);
  if (identity) {
    dataset.identity = identity;
    if (identity.events > 0 || identity.ambiguous > 0) issues.push({ code: 'IDENTITY_MERGED', file: dir, line: 0, message: identityLine(identity) });
  }
  // Then user ids written 1.0 where the users table has 1 (or the reverse) take the users table's
  // spelling, before staff exclusion, person properties, links and metrics look users up by id.
  const wholeNumber = [joinEventUsers(tables), joinInviters(tables.users)].filter((j) => j !== null);
  // Billing amounts get one currency of their own (never added across currencies).
  const billingCurrency = tables.subscriptions.length > 0 ? applyBillingCurrency(tables.subscriptions, options.overrides?.currency) : null;
  if (billingCurrency) {
    issues.push({ code: 'CURRENCY', file: dir, line: 0, message: `billing amounts analysed in ${billingCurrency.analysisCurrency}: ${billingCurrency.basis}` });
  }
  // Staff out before anything counts users or events.
  const staff = excludeStaff(tables, options.overrides?.staffDomains ?? []);
  if (staff) {
    dataset.staff = staff;
    issues.push({
      code: 'STAFF_EXCLUDED',
      file: dir,
      line: 0,
      message: `staff (${staff.domains.join(', ')}) left out: ${staff.users} users, ${staff.events} events of ${staff.eventUsers} user ids`,
    });
  }
  // Titles, roles, companies and e-mails the events carry about users, before links use them.
  applyPersonProperties(dataset);
  // Features from event names before links, so release→feature is measured on them.
  const derived = deriveEventFeatures(tables.events, tables.releases.map((r) => r.feature), options.overrides?.featureRules ?? []);
  if (derived) {
    dataset.derivedFeatures = derived;
    if (derived.derivedRows > 0) dataset.derivedFields = { ...dataset.derivedFields, 'events.feature': `from event names (${derived.rule})` };
    const total = derived.derivedRows + derived.unmatchedRows + derived.ambiguousRows;
    issues.push({
      code: 'DERIVED_FEATURES',
      file: dir,
      line: 0,
      message: `no events file has a feature column: ${derived.derivedRows} of ${total} events given one of ${derived.features} features from their event name (${derived.rule}); ${derived.unmatchedRows} matched nothing, ${derived.ambiguousRows} matched two features equally (left without a feature)`,
    });
  }
  // Usage keyed by subscription id: its account, before accounts are matched.
  const eventSubscriptionIds = eventAccountsFromSubscriptions(tables);
  // Links last: over the deals in scope, and before metrics read any reference.
  const { links, accountMatch: match, wholeNumber: linkedByWholeNumber } = resolveLinks(tables);
  dataset.links = links;
  wholeNumber.push(...linkedByWholeNumber);
  if (wholeNumber.length > 0) {
    dataset.wholeNumberIds = wholeNumber;
    issues.push({ code: 'WHOLE_NUMBER_IDS', file: dir, line: 0, message: wholeNumberWarning(wholeNumber) });
  }
  if (tables.subscriptions.length > 0) dataset.billing = billingSummary(tables.subscriptions, links.find((l) => l.id === 'subscription→account'), billingCurrency, eventSubscriptionIds);
  if (match) {
    dataset.accountMatch = match;
    const { id, domain, name } = match.matched;
    const pct = match.rate === null ? 'n/a' : `${Math.round(match.rate * 100)}%`;
    const examples = match.unmatchedExamples.product.length ? `; unmatched product accounts e.g. ${match.unmatchedExamples.product.join(', ')}` : '';
    issues.push({
      code: 'ACCOUNT_MATCH',
      file: dir,
      line: 0,
      message: `CRM ↔ product accounts: ${pct} of ${match.productAccounts} product accounts matched (by id ${id}, domain ${domain}, name ${name})${examples}; metrics joining deals to usage cover only matched accounts`,
    });
  }
  return dataset;
}

function unrecognisedFolder(dir: string, summaries: FileSummary[], issues: IngestIssue[], layouts: readonly Layout[]): PullcheckError {
  const found = summaries.map((s) => {
    const problem = issues.find((i) => i.file === s.path && i.line <= 1 && i.code !== 'UNRECOGNISED_FILE');
    return problem
      ? `  ${s.path}:${problem.line || 1}: ${problem.message}`
      : s.unmappedColumns.length === 0 && s.reason
        ? `  ${s.path}: skipped: ${s.reason}`
        : `  ${s.path}: columns ${s.unmappedColumns.slice(0, 10).join(', ') || '(none)'}${s.unmappedColumns.length > 10 ? ', …' : ''}`;
  });
  const tables = [...new Set(layouts.filter((l) => l.id === 'pullcheck').map((l) => l.table))];
  const expected = CANONICAL_LAYOUTS.filter((l) => tables.includes(l.table)).map((l) => {
    const need = l.required.map((f) => l.fields[f]![0]);
    const oneOf = (l.requireOneOf ?? []).map((g) => g.map((f) => l.fields[f]![0]).join(' or '));
    return `  ${l.table}: ${[...need, ...oneOf].join(', ')}`;
  });
  // A file's own columns only when they plausibly are a table; else the syntax, on a made-up file.
  const plausible = summaries
    .filter((s) => s.table === null && s.kind === undefined && s.unmappedColumns.length > 0)
    .map((s) => ({ s, suggestion: suggestMapping(s.unmappedColumns) }))
    .find((x) => x.suggestion !== null);
  const example = plausible
    ? suggestionYaml(basename(plausible.s.path), plausible.suggestion!)
    : 'files:\n  "my-export.csv":        # a made-up example: none of these files resembles a table pullcheck reads\n    table: deals\n    columns: { dealId: "Opp #", stage: "Phase" }';
  return new PullcheckError(
    'NO_RECOGNISED_FILES',
    [
      `no recognisable table in ${dir}. Found:`,
      ...found,
      'Expected a header with at least (names compared ignoring case, spaces and punctuation):',
      ...expected,
      'or a Salesforce, HubSpot, Pipedrive, PostHog, Mixpanel, Amplitude, Segment or Pendo export (docs/data-model.md).',
      'To map a file yourself, add a pullcheck.config.yaml to the folder, e.g.:',
      ...example.split('\n').map((l) => `  ${l}`),
    ].join('\n'),
    { hint: 'docs/config.md describes the config file; `pullcheck inspect DIR` shows what was recognised' },
  );
}

/**
 * What to say about a file no layout recognised: the table it plausibly holds and a config entry
 * that would read it (and, when a known layout of that table misses few columns, which), or that
 * no table is plausible.
 */
function unrecognisedAdvice(header: string[], fileName: string, layouts: readonly Layout[]): string {
  const suggestion = suggestMapping(header);
  if (!suggestion) {
    return '; it resembles none of the tables pullcheck reads (if it should be one, name its table and columns in pullcheck.config.yaml; else ignore it or add `skip: true` for it)';
  }
  const keys = new Set(header.map(headerKey));
  let closest: { layout: Layout; missing: string[] } | null = null;
  for (const l of layouts.filter((x) => x.table === suggestion.table)) {
    const has = (f: string): boolean => (l.fields[f] ?? []).some((a) => keys.has(headerKey(a))) || f in (l.defaults ?? {});
    const missing = [
      ...l.required.filter((f) => !has(f)).map((f) => l.fields[f]![0]!),
      ...(l.requireOneOf ?? []).filter((g) => !g.some(has)).map((g) => g.map((f) => l.fields[f]?.[0] ?? f).join(' or ')),
    ];
    if (Object.values(l.fields).some((aliases) => aliases.some((a) => keys.has(headerKey(a)))) && (!closest || missing.length < closest.missing.length)) closest = { layout: l, missing };
  }
  const near = closest && closest.missing.length > 0 && closest.missing.length === 1 ? ` (the ${closest.layout.vendor ?? closest.layout.id} layout needs ${closest.missing.join(', ')})` : '';
  return `; it resembles ${suggestion.table}${near}: to read it so, add to pullcheck.config.yaml ${suggestionYaml(fileName, suggestion, true)}`;
}

/** What the files of one folder share while they are read (besides the tables). */
interface SharedState {
  /** Config columns missing from the file they apply to: thrown together once every file is read. */
  configMismatches: ConfigMismatch[];
  /** Rows read so far per table, for duplicate rows and ids across files (sanity.ts). */
  duplicates: DuplicateTracker;
  /** File → the earlier file it is a byte-identical copy of. */
  copies: Map<string, string>;
  shownPath: (file: string) => string;
  /** Where each dated column's largest values were read (date-lines.ts). */
  dateLines: DateLines;
  /** DuckDB, opened at the first Parquet file (duckdb-engine.ts). */
  duckdb: LazyDuckDb;
}

async function loadFile(
  entry: ListedFile,
  shown: string,
  layouts: readonly Layout[],
  tables: Tables,
  present: Set<TableName>,
  issues: IngestIssue[],
  options: LoadOptions,
  limits: ReadLimits,
  shared: SharedState,
  aside: AsideTables,
  order: {
    /** Settles when the file before has read its rows. */
    turn: Promise<void>;
    /** The other files' reading cost, in events-file bytes (READ_WEIGHT_OTHER). */
    otherWeight: number;
    /**
     * Finish the file later (a second part still being read, or DuckDB's summary still being
     * made), while the next files are read; `waiting` is called when nothing else is left to read.
     */
    defer: (finish: Promise<void>, waiting?: () => void) => void;
    /** Settles when any deferred events part has joined the events table. */
    eventsJoined: () => Promise<void>;
  },
): Promise<FileSummary> {
  const file = entry.path;
  const summary: FileSummary = {
    path: shown, status: 'skipped', table: null, layout: null, confidence: null, rows: 0, rejected: 0, rejectedByReason: {}, warnings: {}, unmappedColumns: [], vendor: null,
  };
  const fileHandle = shared.duplicates.addFile(shown); // in file order: called before any await
  if (entry.notes.length) summary.notes = [...entry.notes];
  const examples = new Map<string, number>();
  const note = (issue: IngestIssue): void => {
    const key = issue.code;
    const seen = examples.get(key) ?? 0;
    if (seen < EXAMPLES_PER_REASON) issues.push(issue);
    examples.set(key, seen + 1);
  };
  const warn = (issue: IngestIssue): void => {
    summary.warnings[issue.code] = (summary.warnings[issue.code] ?? 0) + 1;
    note(issue);
  };
  const rejectRow = (code: string, line: number, message: string, column?: string): void => {
    summary.rejected++;
    summary.rejectedByReason[code] = (summary.rejectedByReason[code] ?? 0) + 1;
    note({ code, file: shown, line, message, ...(column ? { column } : {}) });
  };
  /** A row left out on purpose (exclusions.ts): counted with examples, not an error, not a warning. */
  const excludeRow = (code: string, line: number, message: string): void => {
    summary.excluded = { ...summary.excluded, [code]: (summary.excluded?.[code] ?? 0) + 1 };
    note({ code, file: shown, line, message });
  };

  /** A range's tally (events-split.ts), its lines moved by `lineOffset`, as if its rows had been read here. */
  const mergeTally = (tally: RangeTally, lineOffset: number): void => {
    summary.rows += tally.rows;
    shared.dateLines.addLargest('events', 'timestamp', shown, tally.largestDates, lineOffset);
    for (const { kind, issue } of tally.kept) {
      const moved = { ...issue, file: shown, line: issue.line + lineOffset };
      if (kind === 'reject') rejectRow(moved.code, moved.line, moved.message, moved.column);
      else if (kind === 'exclude') excludeRow(moved.code, moved.line, moved.message);
      else warn(moved);
    }
    for (const [code, n] of Object.entries(tally.more.reject)) {
      summary.rejected += n;
      summary.rejectedByReason[code] = (summary.rejectedByReason[code] ?? 0) + n;
      examples.set(code, (examples.get(code) ?? 0) + n);
    }
    for (const [code, n] of Object.entries(tally.more.exclude)) {
      summary.excluded = { ...summary.excluded, [code]: (summary.excluded?.[code] ?? 0) + n };
      examples.set(code, (examples.get(code) ?? 0) + n);
    }
    for (const [code, n] of Object.entries(tally.more.warn)) {
      summary.warnings[code] = (summary.warnings[code] ?? 0) + n;
      examples.set(code, (examples.get(code) ?? 0) + n);
    }
  };

  const skip = (reason: string): FileSummary => {
    summary.reason = reason;
    return summary;
  };
  if (entry.warning) warn({ code: entry.warning.code, file: shown, line: 0, message: entry.warning.message });

  const overrides = options.overrides ?? NO_OVERRIDES;
  const override = overrideFor(overrides, file, basename(file));
  if (override?.skip) {
    warn({ code: 'SKIPPED_BY_CONFIG', file: shown, line: 0, message: 'skipped: the config file says so' });
    return skip('the config file says so');
  }
  const copyOf = shared.copies.get(file);
  if (copyOf !== undefined) {
    warn({ code: 'DUPLICATE_FILE', file: shown, line: 0, message: `the same bytes as ${shared.shownPath(copyOf)}; skipped, so its rows are not counted twice` });
    return skip(`a copy of ${shared.shownPath(copyOf)}`);
  }
  let sniffed;
  const sniffOverride = { encoding: override?.encoding, delimiter: override?.delimiter };
  let gzip = entry.compression === 'gzip';
  const xlsx = entry.format === 'xlsx';
  let parquet = entry.format === 'parquet';
  if (parquet && fileSize(file) === 0) {
    warn({ code: 'EMPTY_FILE', file: shown, line: 1, message: 'the file is empty; skipped' });
    return skip('the file is empty');
  }
  if (xlsx) {
    const size = fileSize(file);
    if (size > MAX_XLSX_BYTES) {
      const why = `a workbook of ${Math.round(size / 1024 / 1024)} MB, larger than the ${MAX_XLSX_BYTES / 1024 / 1024} MB pullcheck reads as .xlsx: save the sheet as CSV UTF-8 (Excel: File › Save As) or export the table as CSV`;
      warn({ code: 'XLSX_TOO_LARGE', file: shown, line: 0, message: `${why}; skipped` });
      return skip(why);
    }
    let inflated: number | null = null;
    try {
      inflated = declaredZipSize(file);
    } catch {
      // not readable as a zip: exceljs says why below
    }
    if (inflated !== null && inflated > MAX_XLSX_INFLATED_BYTES) {
      const why = `a workbook whose parts inflate to ${Number.isFinite(inflated) ? `${Math.round(inflated / 1024 / 1024).toLocaleString('en-US')} MB` : 'more than 4 GB'}, more than the ${MAX_XLSX_INFLATED_BYTES / 1024 / 1024} MB pullcheck reads as .xlsx (a zip bomb, or a sheet to export as CSV UTF-8)`;
      warn({ code: 'XLSX_TOO_LARGE', file: shown, line: 0, message: `${why}; skipped` });
      return skip(why);
    }
  }
  try {
    if (xlsx || parquet) sniffed = BINARY_FORMAT_SNIFF;
    else if (!gzip) {
      sniffed = sniffFile(file, sniffOverride);
      // A gzip file whose name does not say so (deals.csv that is deals.csv.gz).
      if (sniffed.binary === GZIP_MAGIC_LABEL) {
        gzip = true;
        (summary.notes ??= []).push('gzip-compressed although its name does not end in .gz');
      } else if (sniffed.binary === PARQUET_MAGIC_LABEL) {
        // A Parquet file whose name does not say so (its first bytes are PAR1).
        parquet = true;
        sniffed = BINARY_FORMAT_SNIFF;
        (summary.notes ??= []).push('a Parquet file although its name does not end in .parquet');
      }
    }
    if (gzip) sniffed = sniffBytes(await gzipStart(file), sniffOverride);
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    const why = gzip && errno?.startsWith('Z_') ? `not valid gzip data (${(error as Error).message})` : `cannot read the file: ${errno ?? String(error)}`;
    warn({ code: 'FILE_UNREADABLE', file: shown, line: 0, message: why });
    return skip(why);
  }
  if (!sniffed) return skip('cannot read the file');
  if (gzip && entry.compression === 'gzip') (summary.notes ??= []).push('gzip-compressed, decompressed while read');
  if (!xlsx && !parquet) summary.encoding = `${sniffed.encoding}${sniffed.encodingBasis === 'bom' ? ' (BOM)' : sniffed.encodingBasis === 'config' ? ' (config)' : ''}`;
  if (sniffed.binary) {
    warn({ code: 'BINARY_FILE', file: shown, line: 1, message: `this is ${sniffed.binary}, not CSV text; skipped (export the sheet as CSV)` });
    return skip(`${sniffed.binary}, not CSV text (export the sheet as CSV)`);
  }
  if (!xlsx && !parquet && (sniffed.empty || sniffed.text.trim() === '')) {
    warn({ code: 'EMPTY_FILE', file: shown, line: 1, message: 'the file is empty; skipped' });
    return skip('the file is empty');
  }

  const isJson = !parquet && (entry.format === 'json' || (!xlsx && extname(file) === '.txt' && /^[{[]/.test(sniffed.text.trimStart())));
  const shape = isJson ? jsonShape(sniffed.text) : null;
  if (shape === 'document') {
    const why = 'a JSON document that is neither JSON lines, an array of objects nor records ({"records": [...]})';
    warn({ code: 'JSON_DOCUMENT', file: shown, line: 1, message: `${why}; skipped` });
    return skip(why);
  }
  /** A JSON array or records file: read by readJsonDocument, never split. */
  const document = shape === 'array' || shape === 'records';
  /** A JSON array of objects (not a records file): DuckDB may read its events. */
  const jsonArray = shape === 'array';
  summary.delimiter = parquet ? 'Parquet' : !isJson ? (sniffed.delimiter === '\t' ? 'tab' : sniffed.delimiter) : shape === 'lines' ? 'JSON lines' : shape === 'array' ? 'JSON array' : 'JSON records';
  if (parquet) (summary.notes ??= []).push(PARQUET_ROWS_NOTE);
  let documentInfo: JsonDocumentInfo | null = null;
  const declared = shape === 'records' ? declaredTotals(sniffed.text) : null;
  if (declared) {
    if (declared.done === false) {
      warn({ code: 'JSON_PARTIAL_EXPORT', file: shown, line: 1, message: `the file says "done": false: it holds one page of a query${declared.totalSize === null ? '' : ` of ${declared.totalSize.toLocaleString('en-US')} records`}, the rest were not exported (export with sf data export bulk, or follow nextRecordsUrl)` });
    }
  }
  let totalBytes = 0;
  try {
    totalBytes = statSync(file).size;
  } catch {
    // reported when read
  }
  let bytesRead = 0;
  const progress = options.onProgress;
  // The second half of a large events file, when a worker reads it (events-split.ts).
  let secondHalf: SecondHalf | null = null;
  let readingRows = false;
  const sampleBadLines = new Set<number>();
  /** DuckDB grouped this events file (its latest lines are looked up when an outlier needs them). */
  let grouped = false;
  const reportProgress = (): void => {
    if (readingRows) progress?.({ file: shown, rows: summary.rows + (secondHalf?.rows ?? 0), bytes: bytesRead + (secondHalf?.bytes ?? 0), totalBytes });
  };
  const readOptions: ReadOptions = {
    sink: null,
    // A compressed file's progress is in compressed bytes (its size), below.
    onBytes: gzip
      ? undefined
      : (bytes: number) => {
          bytesRead = bytes;
          reportProgress();
        },
    ...(gzip
      ? {
          gzip: {
            maxBytes: limits.maxDecompressedBytes,
            onCompressedBytes: (bytes: number) => {
              bytesRead = bytes;
              reportProgress();
            },
            onLimit: (bytes: number) =>
              warn({
                code: 'DECOMPRESSED_LIMIT',
                file: shown,
                line: 0,
                message: `decompresses to more than ${bytes.toLocaleString('en-US')} bytes (a gzip bomb, or an export too large to read whole): reading stopped there and the rows after that point were not read; set PULLCHECK_MAX_DECOMPRESSED_BYTES to read further`,
              }),
            onError: (error: Error, bytes: number) =>
              warn({
                code: 'GZIP_CORRUPT',
                file: shown,
                line: 0,
                message: `the gzip data is cut short or corrupt (${error.message}) after ${bytes.toLocaleString('en-US')} decompressed bytes: the rows after that point were not read`,
              }),
          },
        }
      : {}),
    delimiter: sniffed.delimiter,
    encoding: sniffed.encoding,
    bomLength: sniffed.bomLength,
    onBadRecord: (bad: { line: number; code: string; message: string }) => {
      summary.rows++;
      rejectRow(bad.code, bad.line, bad.message);
      // A JSON line reported while the format sample was read: DuckDB hands it back as odd, and it is not reported again.
      if (isJson && !readingRows) sampleBadLines.add(bad.line);
    },
    onBadEncoding: (line: number) => {
      warn({
        code: 'BAD_ENCODING',
        file: shown,
        line,
        message: badEncodingMessage(sniffed.encoding),
      });
    },
  };
  let workbook: XlsxInfo | null = null;
  /** A Parquet file's rows (from its metadata): progress is rows read of these, as bytes. */
  let parquetRows = 0;
  /** How a Parquet file's columns are read (read-parquet.ts), for DuckDB's events summary. */
  let parquetColumns: ParquetColumn[] | null = null;
  const records = new RecordQueue(
    parquet
      ? readParquet(resolve(file), shared.duckdb, {
        onBadRecord: readOptions.onBadRecord,
        onRows: (rows) => readOptions.onBytes?.(parquetRows > 0 ? Math.round((totalBytes * rows) / parquetRows) : totalBytes),
        get sink() {
          return readOptions.sink;
        },
      }, (info) => {
        parquetRows = info.rows;
        parquetColumns = info.columns;
      })
      : xlsx
      ? readXlsx(file, (info) => (workbook = info))
      : document
      ? readJsonDocument(file, shape, readOptions, (info) => (documentInfo = info))
      : isJson
        ? readJsonLines(file, jsonLinesHeader(sniffed.text), readOptions)
        : readCsvBatches(file, readOptions),
  );

  let first: IteratorResult<CsvRecord, undefined>;
  try {
    first = await records.next();
  } catch (error) {
    // Only the workbook and Parquet readers throw (a damaged or encrypted file, or not one at all).
    // DuckDB that cannot start (no temporary folder, no binding) says its own remedy.
    const why = parquet
      ? error instanceof DuckDbUnavailable
        ? `cannot read it as a Parquet file: ${error.message}`
        : `cannot read it as a Parquet file (${(error as Error).message}): export the table again, as Parquet or CSV`
      : `cannot read the workbook (${(error as Error).message}): open it in Excel and save the sheet as CSV UTF-8`;
    warn({ code: 'FILE_UNREADABLE', file: shown, line: 0, message: why });
    return skip(why);
  }
  const sheets = workbook as XlsxInfo | null;
  if (sheets) {
    summary.delimiter = `xlsx sheet "${sheets.sheet}"`;
    if (sheets.otherSheets.length > 0) {
      const others = sheets.otherSheets.map((n) => `"${n}"`).join(', ');
      (summary.notes ??= []).push(`only the first sheet ("${sheets.sheet}") was read; not read: ${others}`);
      warn({ code: 'XLSX_OTHER_SHEETS', file: shown, line: 0, message: `only the first sheet ("${sheets.sheet}") was read; the other sheets (${others}) were not: save each as its own .xlsx or CSV file to read it` });
    }
  }
  if (first.done) {
    warn({ code: 'EMPTY_FILE', file: shown, line: 1, message: 'the file has no readable header; skipped' });
    return skip('the file has no readable header');
  }
  const header = first.value.cells.map((c) => c.trim());
  if (document && header.length === 0) {
    const broken = issues.find((i) => i.code === 'BAD_JSON')?.message;
    const why = broken ? `no JSON object could be read (${broken})` : 'the JSON holds no objects';
    if (!broken) warn({ code: 'EMPTY_FILE', file: shown, line: 1, message: `${why}; skipped` });
    return skip(why);
  }
  // A config entry naming the file's table wins; else files that are not tables are told apart first.
  if (!override?.table) {
    const shape = recogniseNotATable(header, file, NOT_A_TABLE_SHAPES);
    if (shape) {
      summary.kind = shape.kind;
      summary.layout = shape.id;
      summary.vendor = shape.vendor;
      summary.unmappedColumns = header;
      const code = { history: 'HISTORY_TABLE', staff: 'STAFF_TABLE', 'page-views': 'PAGE_VIEWS_TABLE', catalogue: 'CATALOGUE_TABLE' }[shape.kind];
      warn({ code, file: shown, line: 1, message: `${shape.vendor}: ${shape.reason}; skipped (to read it anyway, name its table in pullcheck.config.yaml)` });
      await records.close();
      const what = { staff: 'the CRM’s own staff', history: 'history', 'page-views': 'page views', catalogue: 'a catalogue' }[shape.kind];
      return skip(`${what}: ${shape.reason}`);
    }
    const lookup = recogniseLookup(header, LOOKUP_LAYOUTS);
    if (lookup) {
      summary.kind = 'lookup';
      summary.layout = lookup.layout.id;
      summary.vendor = lookup.layout.vendor;
      summary.mapping = Object.fromEntries(Object.entries(lookup.columns).map(([field, i]) => [field, header[i]!]));
      const used = new Set(Object.values(lookup.columns));
      summary.unmappedColumns = header.filter((_, i) => !used.has(i));
      const exclusions = fileExclusions(header, null);
      const rows: Array<{ line: number; cells: string[] }> = [];
      for await (const batch of records.rest()) {
        for (const { line, cells } of batch) {
          summary.rows++;
          const hit = excludedRow(exclusions, (k) => cells[k]);
          if (hit) excludeRow(hit.code, line, hit.message);
          else rows.push({ line, cells });
        }
      }
      aside.lookups.push(readLookupRows(lookup, rows, summary));
      // Read, as a lookup: not a table of its own.
      summary.status = 'read';
      return summary;
    }
  }
  const candidates = layoutsFor(layouts, override, CANONICAL_LAYOUTS, header);
  // Salesforce records name their object (attributes.type): a hint like a file name.
  const recordType = (documentInfo as JsonDocumentInfo | null)?.recordType ?? null;
  if (recordType) (summary.notes ??= []).push(`Salesforce ${recordType} records`);
  const recognition = recognise(header, recordType ? `${recordType}.json` : file, candidates);
  if (override?.columns) {
    const missing = missingConfigColumns(override, header, shown);
    if (missing.length > 0) {
      shared.configMismatches.push(...missing);
      await records.close();
      return summary;
    }
  }
  if (!recognition) {
    summary.unmappedColumns = header;
    const shownColumns = `${header.slice(0, 12).join(', ')}${header.length > 12 ? `, … (${header.length} columns)` : ''}`;
    const advice = unrecognisedAdvice(header, basename(file), candidates);
    warn({
      code: 'UNRECOGNISED_FILE',
      file: shown,
      line: 1,
      message: `header not recognised as any table (columns: ${shownColumns})${advice}; skipped`,
    });
    await records.close();
    return skip(`header not recognised as any table${advice}`);
  }
  summary.status = 'read';
  summary.table = recognition.table;
  summary.layout = recognition.layout.id;
  summary.vendor = recognition.layout.vendor ?? recognition.layout.id;
  summary.confidence = recognition.confidence;
  summary.unmappedColumns = recognition.unmappedColumns;
  summary.mapping = describeMapping(header, recognition);
  for (const { name, columns } of duplicateHeaders(header)) {
    const field = Object.entries(recognition.sources).find(([, indexes]) => indexes.includes(columns[0]!))?.[0];
    const numbers = columns.map((c) => c + 1);
    const read = field
      ? `${field} is read from column ${numbers[0]}, else from column ${numbers.slice(1).join(', else ')} when blank`
      : 'pullcheck reads none of them';
    warn({ code: 'DUPLICATE_HEADER', file: shown, line: 1, column: name, message: `the header names "${name}" ${columns.length} times (columns ${numbers.join(', ')}); ${read}` });
  }

  // Bounded sample: decide each date and number column's format before reading rows for real.
  const sample: CsvRecord[] = [];
  for (let i = 0; i < FORMAT_SAMPLE_ROWS; i++) {
    const next = await records.next();
    if (next.done) break;
    sample.push(next.value);
  }
  if (override?.columns) {
    // A configured property whose column holds text but no JSON is a mistyped column name.
    const notJson = configPropertiesWithoutJson(override, header, (i) => sample.map((r) => r.values?.[i] ?? r.cells[i]), shown);
    if (notJson.length > 0) {
      shared.configMismatches.push(...notJson);
      await records.close();
      return summary;
    }
  }
  const extractSpec: ExtractSpec = { sources: recognition.sources, json: recognition.json, defaults: recognition.layout.defaults ?? {} };
  // Events: where rows carry person and invite properties (not shown as the file's mapping).
  const properties = recognition.table === 'events' ? propertyPlan(header, recognition.layout) : null;
  const extract = compileExtractor(
    extractSpec,
    (line, column, message) => warn({ code: 'BAD_JSON', file: shown, line, column: header[column] ?? String(column), message }),
    properties ? planJsonColumns(properties) : [],
  );
  const sampleRows = sample.map((r) => extract(r.cells, r.line));
  const exclusions = fileExclusions(header, recognition.layout);
  // From here on, JSON lines of events fill only the columns rows are read by (the extractor's,
  // the exclusions' flags, the person and invite properties), and hand over objects as is. Other
  // tables' rows keep every cell: the duplicate rule compares whole rows.
  const columnUse = isJson && recognition.table === 'events'
    ? jsonLinesColumnUse(extractSpec, header.length, {
        text: [...exclusions.map((e) => e.column), ...(properties ? planTextColumns(properties) : [])],
        value: properties ? planJsonColumns(properties) : [],
      })
    : undefined;
  readOptions.columnUse = columnUse;
  // A field's lookup applies when it is read from an id column (Layout.lookupColumns), if the layout names them.
  const lookupFields = Object.fromEntries(
    Object.entries(recognition.layout.lookups ?? {}).filter(([field]) => {
      const idColumns = recognition.layout.lookupColumns?.[field];
      const index = recognition.sources[field]?.[0];
      return !idColumns || (index !== undefined && idColumns.some((c) => headerKey(c) === headerKey(header[index]!)));
    }),
  );
  const ctx: RowContext = {
    dates: {}, decimals: {}, values: overrides.values, log: new ValueLog(),
    ...(Object.keys(lookupFields).length > 0 ? { lookups: new Set(Object.keys(lookupFields)) } : {}),
  };
  // Ids of this file resolved after loading: per row for record tables, per pool for events.
  const refs = Object.entries(lookupFields)
    .filter(([field]) => field in recognition.sources || field in recognition.json)
    .map(([field, lookup]): LookupRef => ({ summary, table: recognition.table, field, lookup, column: columnOfField(header, recognition, field), rows: [] }));
  aside.refs.push(...refs);
  const merged = recognition.layout.mergeRowsBy ? { summary, field: recognition.layout.mergeRowsBy, records: [] as object[] } : null;
  if (merged) aside.merges.push(merged);
  const dateFormats: Record<string, DateFormat> = {};
  summary.formats = decideFormats(recognition, header, sampleRows, override, ctx, dateFormats);

  const build = ROW_BUILDERS[recognition.table];
  const table = recognition.table;
  const idField = ID_FIELDS[table];
  const keyOrder = DuplicateTracker.rowKeyOrder(header);
  /** Rows not read because an earlier row has the same content or id. */
  let duplicateRows = 0;
  // Without an id column, two real rows alike in every column (two calls on a day) cannot be told apart.
  const noIdColumn = idField !== undefined && !(idField in recognition.sources)
    ? ` (the file has no ${ROW_NOUNS[table][0]} id column: export it if such rows are distinct ${table.replace('_', ' ')})`
    : '';
  const where = (place: { file: string; line: number }): string => (place.file === shown ? `line ${place.line}` : `${place.file}:${place.line}`);
  const compactor = new StringCompactor();
  const target = tables[recognition.table] as unknown[];
  const columnOf = (field: string): string => {
    const index = recognition.columns[field];
    return index === undefined ? (recognition.json[field] ? `${header[recognition.json[field]!.columns[0]!]} → ${field}` : field) : header[index]!;
  };
  // Events are most of the rows: they go straight into the columns, without a RowReader.
  const appendEvent = recognition.table === 'events' ? eventAppender(tables.events, ctx, columnOf) : null;
  const noteProperties = appendEvent && properties ? propertyNoter(tables.events, properties, extract) : null;
  /** This thread's largest event times with their lines (a worker's come with its tally). */
  const eventDates = new LargestDates();
  // Another table's dated fields: the largest values of this file with their lines, kept as an
  // events file keeps its times (no object per row of a file sorted by date, where every row is a
  // new largest) and added to the folder's at the file's end (finish), as DateLines.noteRecord
  // would have noted them row by row: the same values, equal ones in line order.
  const datedFields = appendEvent ? [] : (TRACKED_DATE_FIELDS[table] ?? []);
  const fileDates = datedFields.map(() => new LargestDates());
  // ... and when each event field is one column (no JSON property, no default), straight from the cells.
  // (A field the columns do not hold, such as an anonymous id, needs the fields path.)
  const plainMapping =
    Object.values(recognition.sources).every((indexes) => indexes.length === 1) &&
    Object.keys(recognition.sources).every((field) => EVENT_COLUMN_FIELDS.includes(field)) &&
    properties === null &&
    Object.keys(recognition.json).length === 0 &&
    Object.keys(recognition.layout.defaults ?? {}).length === 0;
  const cellIndex = (field: string): number => recognition.sources[field]?.[0] ?? -1;
  const appendEventCells =
    appendEvent && plainMapping
      ? eventCellsAppender(tables.events, ctx, columnOf, {
        timestamp: cellIndex('timestamp'), event: cellIndex('event'), userId: cellIndex('userId'), accountId: cellIndex('accountId'), feature: cellIndex('feature'),
      })
      : null;
  /** `mapped` null: an events row for appendEventCells. */
  const handle = (line: number, cells: string[], mapped: Record<string, string | undefined> | null, values?: readonly unknown[]): void => {
    summary.rows++;
    if (cells.length !== header.length && !isJson) {
      const effect = cells.length < header.length ? 'missing cells read as blank' : 'extra cells ignored';
      warn({ code: 'RAGGED_ROW', file: shown, line, message: `${cells.length} cells where the header has ${header.length}; ${effect}` });
    }
    if (progress && summary.rows % PROGRESS_ROWS === 0) progress({ file: shown, rows: summary.rows, bytes: bytesRead, totalBytes });
    if (exclusions.length > 0) {
      const hit = excludedRow(exclusions, (k) => cells[k]);
      if (hit) {
        excludeRow(hit.code, line, hit.message);
        return;
      }
    }
    if (appendEvent) {
      const rejection = mapped ? appendEvent(mapped) : appendEventCells!(cells);
      if (rejection) rejectRow(rejection.code, line, rejection.message, columnOf(rejection.field));
      else {
        eventDates.note(tables.events.timestampAt(tables.events.length - 1), line);
        noteProperties?.(cells, line, values);
      }
      return;
    }
    const same = shared.duplicates.seenRow(table, DuplicateTracker.rowKey(keyOrder, cells), fileHandle, line);
    if (same) {
      duplicateRows++;
      warn({ code: 'DUPLICATE_ROW', file: shown, line, message: `the same row as ${where(same)}; read once${noIdColumn}` });
      return;
    }
    // A reused id keeps the first row; the later one is built aside (its values not logged) to say how it differs.
    const id = idField === undefined ? null : parseText(mapped![idField]);
    const kept = id === null ? null : shared.duplicates.idPlace(table, id);
    // A file of several rows per record (Segment identifies) has its rows merged (lookups.ts), not dropped.
    const mergedHere = merged !== null && kept !== null && kept.file === shown;
    if (kept && !mergedHere) {
      duplicateRows++;
      const first = (table === 'activities' ? tables.activities.at(kept.index) : target[kept.index]) as Record<string, unknown>;
      const later = build(new RowReader(mapped!, columnOf, { ...ctx, log: new ValueLog() })) as Record<string, unknown>;
      const differ = differingFields(first, later);
      const content = differ.length ? `with a different ${differ.join(', ')}` : 'with the same values in every column pullcheck reads (other columns differ)';
      warn({
        code: 'DUPLICATE_ID',
        file: shown,
        line,
        column: columnOf(idField!),
        message: `${ROW_NOUNS[table][0]} id "${id}" was already read at ${where(kept)} ${content}; the first is kept, this row is not read`,
      });
      return;
    }
    const reader = new RowReader(mapped!, columnOf, ctx);
    const record = build(reader);
    if (reader.rejection) {
      rejectRow(reader.rejection.code, line, reader.rejection.message, columnOf(reader.rejection.field));
      return;
    }
    const index = tables[table].length;
    for (const p of reader.problems) {
      const column = columnOf(p.field);
      warn({ code: p.code, file: shown, line, column, message: p.message ?? `${column} "${p.value}" could not be read; treated as blank` });
    }
    for (const f of rowFindings(table, record)) warn({ code: f.code, file: shown, line, column: columnOf(f.field), message: f.message });
    // Activities are stored by column, their ids in string pools (which copy what they keep).
    if (recognition.table === 'activities') tables.activities.push(record as Activity);
    else {
      const kept = compactor.compact(record as object);
      target.push(kept);
      for (const ref of refs) {
        const id = mapped![ref.field];
        if (id !== undefined && id.trim() !== '') ref.rows.push({ record: kept, id: id.trim(), line });
      }
      merged?.records.push(kept);
    }
    for (let k = 0; k < datedFields.length; k++) {
      const value = (record as Record<string, unknown>)[datedFields[k]!];
      if (typeof value === 'number' && Number.isFinite(value)) fileDates[k]!.note(value, line);
    }
    if (id !== null && !mergedHere) {
      // The table's own copy of the id, not the cell (a slice of the read).
      const own = table === 'activities' ? tables.activities.activityIdAt(index)! : ((target[index] as Record<string, unknown>)[idField!] as string);
      shared.duplicates.addId(table, own, fileHandle, line, index);
    }
  };
  // A vendor report's footer lines after the rows (footer.ts) are skipped and counted, not rejected.
  const footer = !appendEvent && recognition.layout.footer
    ? footerFilter(recognition.layout.footer, header.length, handle, (m) => (m === null ? m : { ...m }), (line, lines, marker) =>
      warn({ code: 'REPORT_FOOTER', file: shown, line, message: `${lines} line${lines === 1 ? '' : 's'} of the report's footer ("${marker}"…) after the rows: not data, skipped` }))
    : null;
  const handleRow = footer ? footer.row : handle;
  let secondHalfLine = 0;
  /** Starts the worker that reads a large events file from its middle on (when it can be split). */
  let startSplit = (): void => {};
  /** An events file DuckDB may read whole (events-duckdb.ts). */
  let duckDbFile: DuckDbEventsFile | null = null;
  if (appendEvent) {
    // The rows of an events file follow one set of rules on either thread (events-file.ts),
    // handled as the reader gives them (a CSV record as csv-parse splits it, a JSON-lines object
    // as it is parsed): with one column per field, from the cells straight into the columns;
    // else each record's fields extracted as in `handle`.
    const shape: EventsFileShape = {
      shown,
      headerLength: header.length,
      columns: { timestamp: cellIndex('timestamp'), event: cellIndex('event'), userId: cellIndex('userId'), accountId: cellIndex('accountId'), feature: cellIndex('feature') },
      columnNames: Object.fromEntries(['timestamp', 'event', 'userId', 'accountId', 'feature'].map((f) => [f, columnOf(f)])),
      ...(appendEventCells ? {} : { extract: { spec: extractSpec, header } }),
      ...(exclusions.length > 0 ? { exclusions } : {}),
      ...(properties ? { properties } : {}),
    };
    const tally: FileTally = {
      row: () => {
        summary.rows++;
        if (progress && summary.rows % PROGRESS_ROWS === 0) reportProgress();
      },
      reject: rejectRow,
      warn,
      exclude: excludeRow,
      dated: (timestamp, line) => eventDates.note(timestamp, line),
    };
    readOptions.sink = eventsRecordSink(tables.events, ctx, shape, tally);
    // DuckDB reads a plain CSV events file (gzip too) into day summaries (events-duckdb.ts):
    // each field one column, UTF-8, a one-line header on line 1 (rows an exclusion may flag are
    // odd: the JavaScript rules exclude them); else, or when its SQL cannot settle every row, the
    // rows below read it.
    const firstLine = sample[0]?.line;
    // A CSV file whose fields come from several columns, JSON properties or defaults goes too, when
    // SQL reads its fields by the same rules (events-fields-sql.ts).
    const fieldsCompiled = !appendEventCells && fieldsSql(extractSpec, properties) !== null;
    const summarisable = (appendEventCells !== null || fieldsCompiled) && options.duckDbEvents !== false && dateFormats.timestamp !== undefined;
    const plainCsv = !isJson && !document && !xlsx && !parquet && sniffed.encoding === 'utf-8' && sniffed.delimiter.length === 1 && first.value.line === 1 && firstLine === 2;
    // JSON lines or an array of objects (not a records file): UTF-8 without a byte order mark
    // (DuckDB's JSON reader refuses one).
    const jsonFit = isJson && (!document || jsonArray) && sniffed.encoding === 'utf-8' && sniffed.bomLength === 0;
    // Parquet: the fields' columns read as text (a user id stored as DOUBLE is written by
    // JavaScript's String, which SQL does not reproduce), the timestamp as text or epoch ms.
    const columnsOfParquet = parquetColumns as ParquetColumn[] | null;
    // With JSON properties or several columns a field: every column read is text but the timestamp's.
    const textColumns = fieldsCompiled
      ? [...referencedColumns(extractSpec, properties)].filter((c) => c !== shape.columns.timestamp)
      : (['userId', 'accountId', 'event', 'feature'] as const).map((f) => shape.columns[f] ?? -1).filter((c) => c >= 0);
    const parquetFit =
      parquet && columnsOfParquet !== null &&
      textColumns.every((c) => columnsOfParquet[c]?.kind === 'text') &&
      columnsOfParquet[shape.columns.timestamp ?? -1]?.kind !== 'number';
    // A second read of the folder (analyze.ts) reads the file row by row, and says why.
    const summaryShape = summarisable && (plainCsv || parquetFit || jsonFit);
    if (summaryShape && options.rowByRowBecause !== undefined) (summary.notes ??= []).push(`events read row by row: ${options.rowByRowBecause}`);
    duckDbFile =
      summaryShape && options.rowByRowBecause === undefined
        ? {
          path: resolve(file),
          delimiter: parquet ? ',' : sniffed.delimiter,
          width: header.length,
          columns: shape.columns,
          dateFormat: dateFormats.timestamp!,
          gzip: gzip ? { maxBytes: limits.maxDecompressedBytes } : null,
          ...(parquetFit ? { parquet: { columns: columnsOfParquet! } } : {}),
          ...(jsonFit ? { json: { header, format: document ? ('array' as const) : ('lines' as const) } } : {}),
          ...(fieldsCompiled ? { extract: extractSpec, properties } : {}),
          exactLabels: options.exactTimeEvents ?? exactTimeEventLabels(DEFAULT_SETTINGS),
          ...(exclusions.length > 0 ? { exclusions } : {}),
        }
        : null;
    // A large file: a worker reads from the middle on while this thread reads up to there (for a
    // file DuckDB may read, only once it hands the file back: startSplit in readRows).
    const recordDelimiter = isJson ? firstLineEnd(sniffed.text) : firstRecordDelimiter(sniffed.text);
    // Gzip cannot be read from the middle: a compressed file is read by this thread alone.
    const splittable = !gzip && !document && !xlsx && !parquet && (isJson || sniffed.delimiter.length === 1) && (sniffed.encoding === 'utf-8' || sniffed.encoding === 'windows-1252');
    startSplit = () => {
      const splitAt = splittable ? planSplit(file, totalBytes, recordDelimiter, order.otherWeight) : null;
      if (splitAt === null || (recordDelimiter !== '\n' && recordDelimiter !== '\r\n')) return;
      const job = {
        path: file, start: splitAt, delimiter: sniffed.delimiter, encoding: sniffed.encoding, recordDelimiter, shape,
        timestampFormat: dateFormats.timestamp ?? null, badEncodingMessage: badEncodingMessage(sniffed.encoding),
        ...(columnUse ? { jsonLines: { header, columnUse } } : {}),
      };
      const half = new SecondHalf(job, () => reportProgress());
      secondHalf = half;
      readOptions.end = splitAt;
      readOptions.atEnd = (clean, nextLine, usedDelimiter) => {
        // The worker started at a record start only if this thread ends there, with the same
        // line ends (in JSON lines every line end is a record start).
        if (clean && (isJson || usedDelimiter === recordDelimiter)) {
          secondHalfLine = nextLine;
          return true;
        }
        half.cancel();
        secondHalf = null;
        return false;
      };
    };
    if (duckDbFile === null) startSplit();
  }
  // DuckDB groups the events file on its own threads while the files before it are read; the
  // summary's rows join the table at the file's turn (events-duckdb.ts prepareEventsSummary).
  const preparing: Promise<PreparedSummary | { fallback: string }> | null = duckDbFile ? prepareEventsSummary(shared.duckdb, duckDbFile) : null;
  preparing?.catch(() => undefined); // its failure surfaces where it is awaited, below
  if (preparing) shared.duckdb.track(preparing);
  // Rows are read in file order (see loadDataset).
  await order.turn;
  if (recognition.table === 'events') await order.eventsJoined();
  present.add(recognition.table);
  // The pool ids this events file adds (feature / event names), so only its own ids are resolved.
  const poolOf = (field: string) => (field === 'feature' ? tables.events.features : tables.events.names);
  // A pre-aggregated events file says how many events its rows stand for.
  let eventsBefore: number | null = null;
  /** The file's rows into its table: DuckDB's summary, or row by row. */
  const readRows = async (): Promise<void> => {
    for (const ref of recognition.table === 'events' ? refs : []) ref.poolIds = { from: poolOf(ref.field).size, to: poolOf(ref.field).size };
    readingRows = true;
    eventsBefore = appendEvent && recognition.sources.count !== undefined ? tables.events.eventCount() : null;
    // Odd rows (those SQL does not settle) go through the rows' sink, as the CSV reader would hand them.
    const sink = readOptions.sink;
    const eventRowsBefore = tables.events.length;
    const prepared = preparing ? await preparing : null;
    // An odd row of the format sample is handled as the JavaScript path handles the sample: with
    // the fields extracted then (whose JSON warnings were given then, once).
    const sampleAt = new Map(sample.map((r, i) => [r.line, i]));
    const layout = duckDbFile?.json ? jsonLayout(header) : null;
    const oddRow = (line: number, cells: string[]): void => {
      const i = sampleAt.get(line);
      if (i !== undefined) handleRow(line, sample[i]!.cells, sampleRows[i]!);
      else if (layout === null) sink!.cells(line, cells);
      else if (!sampleBadLines.has(line)) {
        // A JSON line's or element's text, parsed as readJsonLines or readJsonDocument parses it.
        const record = (document ? arrayElementRecord : jsonLineRecord)(line, cells[0]!, layout, columnUse);
        if (record !== null && 'code' in record) readOptions.onBadRecord(record);
        else if (record !== null) sink!.cells(line, record.cells, record.values);
      }
    };
    const summarised =
      prepared === null || 'fallback' in prepared
        ? prepared
        : await prepared.append(tables.events, oddRow);
    grouped = summarised !== null && 'rows' in summarised;
    // Which engine read the rows, and why not DuckDB when it could have (docs/engine-plan.md, step 3).
    // (A file that maps an anonymous id is grouped per anonymous id too: the pairs identity.ts merges.)
    const anonymous = duckDbFile?.extract && mapsAnonymousId(duckDbFile.extract) ? ', anonymous id' : '';
    if (summarised && 'rows' in summarised) (summary.notes ??= []).push(`events grouped by DuckDB into ${(tables.events.length - eventRowsBefore).toLocaleString('en-US')} rows of one user, account, event, feature${anonymous} and UTC day`);
    else if (summarised) (summary.notes ??= []).push(`events read row by row: DuckDB's summary could not take this file (${summarised.fallback})`);
    if (summarised && 'rows' in summarised) {
      summary.rows += summarised.rows;
      bytesRead = totalBytes;
      reportProgress();
      await records.close();
    } else {
      // Handed back by DuckDB: read by two threads, as a file DuckDB never took would have been.
      if (summarised) startSplit();
      sample.forEach((r, i) => handleRow(r.line, r.cells, sampleRows[i]!));
      const mapped: Record<string, string | undefined> = {}; // reused: a row's fields live only while it is handled
      for await (const batch of records.rest()) {
        if (appendEventCells) for (const { line, cells } of batch) handle(line, cells, null);
        else for (const { line, cells, values } of batch) handleRow(line, cells, extract(cells, line, mapped, values), values);
      }
    }
    footer?.end();
  };
  const finish = async (): Promise<void> => {
    if (appendEvent) shared.dateLines.addLargest('events', 'timestamp', shown, eventDates.entries);
    datedFields.forEach((field, k) => shared.dateLines.addLargest(table, field, shown, fileDates[k]!.entries));
    // DuckDB grouped the rows without their lines: the latest are looked up if an outlier needs them.
    if (appendEvent && duckDbFile && grouped) shared.dateLines.addPending('events', 'timestamp', shown, (from) => latestEventLines(duckDbFile, from));
    if (secondHalf !== null && secondHalfLine === 0) (secondHalf as SecondHalf).cancel(); // never reached its start
    else if (secondHalf !== null) {
      // This thread stopped at the worker's start, a record start: join its rows (or, if it
      // failed, read its range here), with its lines counted on from there.
      const half: SecondHalf = secondHalf;
      let done = await half.result();
      if (done === null) {
        const table = new EventTable();
        const { tally, finished } = collectingTally(EXAMPLES_PER_REASON);
        await readEventsRange(half.job, table, tally);
        done = { table: tableParts(table).parts, tally: finished() };
      }
      tables.events.appendTable(done.table);
      mergeTally(done.tally, secondHalfLine - 1);
    }

    for (const ref of recognition.table === 'events' ? refs : []) ref.poolIds!.to = poolOf(ref.field).size;
    if (eventsBefore !== null) summary.events = tables.events.eventCount() - eventsBefore;
    summary.values = ctx.log.toJSON();
    if (duplicateRows > 0 && duplicateRows === summary.rows) {
      warn({ code: 'DUPLICATE_FILE', file: shown, line: 0, message: `every row of this file was already read from an earlier row with the same content or id (${duplicateRows} rows); none counted twice` });
    }
    const elements = (documentInfo as JsonDocumentInfo | null)?.elements;
    if (declared?.totalSize != null && declared.done !== false && elements !== undefined && elements !== declared.totalSize) {
      warn({ code: 'JSON_RECORD_COUNT', file: shown, line: 1, message: `the file says totalSize ${declared.totalSize.toLocaleString('en-US')} but holds ${elements.toLocaleString('en-US')} records` });
    }
    if (summary.rows === 0) {
      warn({ code: 'HEADER_ONLY', file: shown, line: 1, message: `${recognition.table} file has a header but no rows` });
    }
    // Every counted problem, including those beyond the examples kept.
    for (const [code, count] of examples) {
      if (count > EXAMPLES_PER_REASON) {
        issues.push({ code, file: shown, line: 0, message: `${count - EXAMPLES_PER_REASON} more ${code} in this file (${count} in all)` });
      }
    }
  };
  if (preparing) {
    // DuckDB groups this events file on its own threads: its rows join the table once the summary
    // is ready (deferred, as a split file's second part), while the files after it are read.
    // Events files still join in file order (eventsJoined), and no other table's file touches the
    // events table, so the tables are the same whatever the timing.
    let joined = false;
    const joining = readRows()
      .then(finish)
      .finally(() => (joined = true));
    shared.duckdb.track(joining); // DuckDB closes only after the hand-over, even if a later file fails
    order.defer(joining, () => {
      if (!joined) progress?.({ file: shown, rows: summary.rows, bytes: 0, totalBytes, grouping: true });
    });
    return summary;
  }
  await readRows();
  if (secondHalf !== null && secondHalfLine > 0) {
    readingRows = false; // progress now shows the next files
    order.defer(finish());
    return summary;
  }
  await finish();
  return summary;
}

/** The header text a field is read from, for messages. */
function columnOfField(header: string[], recognition: Recognition, field: string): string {
  const index = recognition.columns[field];
  return index === undefined ? field : header[index]!;
}

/** field → "Header" / "A | B" (first non-blank) / "properties → feature, feature_name, …" / "(always call)". */
function describeMapping(header: string[], recognition: Recognition): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const [field, indexes] of Object.entries(recognition.sources)) mapping[field] = indexes.map((i) => header[i]).join(' | ');
  for (const [field, spec] of Object.entries(recognition.json)) {
    const json = `${spec.columns.map((i) => header[i]).join(' | ')} → ${spec.keys.slice(0, 4).join(', ')}${spec.keys.length > 4 ? ', …' : ''}`;
    mapping[field] = mapping[field] ? `${mapping[field]}, else ${json}` : json;
  }
  for (const [field, value] of Object.entries(recognition.layout.defaults ?? {})) mapping[field] ??= `(always ${value})`;
  delete mapping.marker;
  return mapping;
}

function decideFormats(
  recognition: Recognition,
  header: string[],
  rows: Array<Record<string, string | undefined>>,
  override: FileOverride | undefined,
  ctx: RowContext,
  dateFormats: Record<string, DateFormat>,
): Record<string, { format: string; basis: string }> {
  const formats: Record<string, { format: string; basis: string }> = {};
  const mapped = (field: string): boolean => field in recognition.sources || field in recognition.json;
  const valuesOf = (field: string): string[] => rows.map((r) => r[field]).filter((v): v is string => v !== undefined);
  for (const field of DATE_FIELDS[recognition.table]) {
    if (!mapped(field)) continue;
    const decision = decideDateFormat(valuesOf(field), { order: override?.dateOrder, numeric: override?.dateNumeric });
    ctx.dates[field] = makeDateParser(decision) as (v: string | undefined) => Coerced<number>;
    dateFormats[field] = { order: decision.order, numeric: decision.numeric };
    formats[field] = { format: decision.label, basis: decision.basis };
  }
  for (const field of NUMBER_FIELDS[recognition.table]) {
    if (!mapped(field)) continue;
    const decided = override?.decimal ? { mark: override.decimal as DecimalMark, basis: 'set in config' } : decideDecimalMark(valuesOf(field));
    ctx.decimals[field] = decided.mark;
    formats[field] = { format: `decimal mark "${decided.mark}"`, basis: decided.basis };
  }
  void header;
  return formats;
}

/** Records from batches, one at a time for the header and the format sample, then by batch. */
class RecordQueue {
  private batch: CsvRecord[] = [];
  private at = 0;

  constructor(private readonly batches: AsyncGenerator<CsvRecord[]>) {}

  async next(): Promise<IteratorResult<CsvRecord, undefined>> {
    while (this.at >= this.batch.length) {
      const next = await this.batches.next();
      if (next.done) return { done: true, value: undefined };
      this.batch = next.value;
      this.at = 0;
    }
    return { done: false, value: this.batch[this.at++]! };
  }

  async *rest(): AsyncGenerator<CsvRecord[]> {
    if (this.at < this.batch.length) yield this.batch.slice(this.at);
    this.batch = [];
    this.at = 0;
    yield* this.batches;
  }

  async close(): Promise<void> {
    await this.batches.return(undefined);
  }
}

