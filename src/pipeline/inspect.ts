/**
 * `pullcheck inspect`: what ingest made of a folder, file by file — vendor and table recognised
 * and how sure, column mapping, unmapped columns, date and number formats decided, value
 * mappings applied, rows read and rejected with reasons and examples — plus the CRM ↔ product
 * account match. `inspectFolder` builds the result; `renderInspect` prints it for a terminal.
 */
import { TABLE_NAMES, type AccountMatch, type BillingSummary, type Dataset, type BusinessContext, type DerivedField, type DerivedFeatures, type StaffExclusion, type IdentityMerge, type FileSummary, type IngestIssue, type LinkSummary, type WholeNumberJoin } from '../core/model.js';
import { linkTableRows, wholeNumberLine } from '../renderers/format.js';
import { findConfig, loadConfig } from '../config/load.js';
import { businessContext, DEFAULT_SETTINGS, exactTimeEventLabels } from '../core/settings.js';
import { deriveFromEvents } from '../ingest/derive-users.js';
import { identityLine } from '../ingest/identity.js';
import { daySummaryReason, loadDataset } from '../ingest/load-dataset.js';
import { countOf, formatUnit } from '../renderers/format.js';
import { accountSignups, dayStart } from '../metrics/shared-pull.js';

export const INSPECT_SCHEMA_VERSION = 1;

export interface InspectResult {
  schemaVersion: typeof INSPECT_SCHEMA_VERSION;
  dir: string;
  /** The config file applied, if any. */
  config: string | null;
  files: Array<FileSummary & { examples: IngestIssue[] }>;
  /** Usable rows per table. */
  tables: Record<string, number>;
  accountMatch: AccountMatch | null;
  /** Every cross-table link, measured (links.ts). */
  links: LinkSummary[];
  /** Fiscal calendar, currency and pipeline scope the analysis would use. */
  context: BusinessContext;
  /** Event features derived from event names, when no events file has a feature column. */
  derivedFeatures: DerivedFeatures | null;
  /** Staff users and events left out (config `staff`). */
  staff: StaffExclusion | null;
  /** Anonymous ids merged into identified users; null when no events row carried both. */
  identity: IdentityMerge | null;
  /** References joined by the whole-number form of their id, `1.0` = `1` (docs/data-model.md, "Links"); absent when none. */
  wholeNumberIds?: WholeNumberJoin[];
  /** Fields derived from other data (signup, activation from events), with what from. */
  derived: DerivedField[];
  /** Accounts' first paid date (`paidAt`) and where it comes from: billing rows, else won deals after product signup; null without either. */
  paidAt: PaidAtDerivation | null;
}

/** How `paidAt` is derived (free-to-paid-conversion-90d reads it). */
export interface PaidAtDerivation {
  source: 'subscriptions' | 'won deals';
  rule: string;
  /** Accounts (or billing customers) with a paid date. */
  accounts: number;
  /** Billing rows read, when from billing. */
  billing?: BillingSummary;
}

export async function inspectFolder(dir: string, configPath?: string): Promise<InspectResult> {
  const configFile = findConfig(configPath, dir);
  const config = configFile === null ? null : loadConfig(configFile);
  const settings = config?.settings ?? DEFAULT_SETTINGS;
  const load = { overrides: config?.overrides, exactTimeEvents: exactTimeEventLabels(settings) };
  let dataset = await loadDataset(dir, load);
  let derived = deriveFromEvents(dataset, settings);
  // As analyze: derived activation met milestones inside a day summary across a signup, so the
  // events are read again row by row (docs/engine-plan.md, "Exactness at sub-day times").
  const split = dataset.tables.events.timesSplit;
  if (split.size > 0) {
      dataset = await loadDataset(dir, { ...load, rowByRowBecause: daySummaryReason(split) });
    derived = deriveFromEvents(dataset, settings);
  }
  const tables: Record<string, number> = {};
  // The export's rows, as the report counts them (DuckDB's summary rows stand for several events rows).
  for (const t of TABLE_NAMES) if (dataset.present.has(t)) tables[t] = t === 'events' ? dataset.tables.events.rowCount() : dataset.tables[t].length;
  return {
    schemaVersion: INSPECT_SCHEMA_VERSION,
    dir,
    config: configFile,
    files: dataset.files.map((f) => ({ ...f, examples: dataset.issues.filter((i) => i.file === f.path) })),
    tables,
    accountMatch: dataset.accountMatch ?? null,
    links: dataset.links ?? [],
    context: businessContext(settings, dataset),
    derivedFeatures: dataset.derivedFeatures ?? null,
    staff: dataset.staff ?? null,
    identity: dataset.identity ?? null,
    ...(dataset.wholeNumberIds?.length ? { wholeNumberIds: dataset.wholeNumberIds } : {}),
    derived,
    paidAt: paidAtDerivation(dataset),
  };
}

/** Where accounts' first paid dates come from: billing rows when there are any, else won deals after the account's product signup. */
function paidAtDerivation(dataset: Dataset): PaidAtDerivation | null {
  const b = dataset.billing;
  if (b) return { source: 'subscriptions', rule: b.rule, accounts: b.paidAccounts, billing: b };
  const { users, deals } = dataset.tables;
  if (users.length === 0 || deals.length === 0) return null;
  const signups = accountSignups(users);
  const paid = new Set<string>();
  for (const d of deals) {
    const signup = d.accountId === null ? undefined : signups.get(d.accountId);
    if (d.stage === 'won' && d.closedAt !== null && signup !== undefined && d.closedAt >= dayStart(signup)) paid.add(d.accountId!);
  }
  return { source: 'won deals', rule: "first won deal after the account's product signup (no billing table)", accounts: paid.size };
}

const n = (v: number): string => v.toLocaleString('en-US');

export function renderInspect(result: InspectResult): string {
  const out: string[] = [`pullcheck inspect ${result.dir}${result.config ? ` (config: ${result.config})` : ''}`, ''];
  const row = (label: string, text: string): void => {
    out.push(`  ${label.padEnd(9)} ${text}`);
  };
  for (const f of result.files) {
    out.push(f.path);
    if (f.table) row('table', `${f.table} — ${f.vendor ?? f.layout}, confidence ${f.confidence?.toFixed(2)}`);
    else if (f.kind === 'lookup' && f.lookup) {
      const used = f.lookup.usedBy.length ? `used by ${f.lookup.usedBy.join(', ')}` : 'used by no file';
      row('kind', `lookup (${f.lookup.describes}) — ${f.vendor}; ${n(f.lookup.entries)} ids, ${used}`);
    } else {
      if (f.kind) row('kind', `not a table: ${f.kind} — ${f.vendor}`);
      row('skipped', f.reason ?? 'not recognised');
    }
    for (const note of f.notes ?? []) row('note', note);
    const duplicates = (f.warnings.DUPLICATE_ROW ?? 0) + (f.warnings.DUPLICATE_ID ?? 0);
    const notRead = duplicates ? `, ${n(duplicates)} duplicate${duplicates === 1 ? '' : 's'} not read again` : '';
    if (f.encoding || f.delimiter) {
      const how = [f.encoding, f.delimiter && (f.delimiter.length === 1 ? `delimiter "${f.delimiter}"` : f.delimiter)].filter(Boolean).join(', ');
      row('read as', `${how}; ${countOf(f.rows, 'row')}, ${n(f.rejected)} rejected${notRead}`);
    }
    const mapping = Object.entries(f.mapping ?? {});
    mapping.forEach(([field, columns], i) => row(i === 0 ? 'columns' : '', `${field.padEnd(16)} ← ${columns}`));
    if (f.unmappedColumns.length) {
      row('unmapped', `${f.unmappedColumns.slice(0, 15).join(', ')}${f.unmappedColumns.length > 15 ? `, … (${f.unmappedColumns.length} in all)` : ''}`);
    }
    Object.entries(f.lookups ?? {}).forEach(([field, l], i) => {
      const through = l.from.length ? `through ${l.from.join(', ')}` : 'no lookup table in the folder';
      const missing = l.unresolved ? `; ${n(l.unresolved)} not found, e.g. ${l.unresolvedExamples.join(', ')}` : '';
      row(i === 0 ? 'lookups' : '', `${field} (${l.lookup} ids): ${n(l.resolved)} of ${n(l.resolved + l.unresolved)} ${l.unit} resolved, ${through}${missing}`);
    });
    Object.entries(f.formats ?? {}).forEach(([field, fmt], i) => row(i === 0 ? 'formats' : '', `${field}: ${fmt.format} — ${fmt.basis}`));
    Object.entries(f.values ?? {}).forEach(([field, values], i) => {
      const shown = values.slice(0, 8).map((v) => `${v.from} → ${v.to} (${n(v.rows)})`).join(', ');
      row(i === 0 ? 'values' : '', `${field}: ${shown}${values.length > 8 ? `, … ${values.length - 8} more` : ''}`);
    });
    const describe = (counts: Record<string, number>, label: string): void => {
      Object.entries(counts).forEach(([code, count], i) => {
        // A file-level finding (line 0) is shown when the code has no line to point at.
        const example = f.examples.find((e) => e.code === code && e.line > 0) ?? f.examples.find((e) => e.code === code);
        const at = example && example.line > 0 ? `e.g. line ${example.line}: ` : '';
        row(i === 0 ? label : '', `${code} ${n(count)}${example ? ` — ${at}${example.message}` : ''}`);
      });
    };
    describe(f.rejectedByReason, 'rejected');
    describe(f.excluded ?? {}, 'excluded');
    describe(f.warnings, 'warnings');
    out.push('');
  }
  const tables = Object.entries(result.tables).map(([t, rows]) => `${t} ${n(rows)}`).join(', ');
  out.push(`Tables: ${tables || 'none'}`);
  const m = result.accountMatch;
  if (m) {
    const pct = m.rate === null ? 'n/a' : `${Math.round(m.rate * 100)}%`;
    out.push(`Accounts: ${pct} of ${n(m.productAccounts)} product accounts matched to the CRM (id ${m.matched.id}, domain ${m.matched.domain}, name ${m.matched.name})`);
    if (m.unmatchedExamples.product.length) out.push(`  unmatched product accounts, e.g. ${m.unmatchedExamples.product.join(', ')}`);
    if (m.unmatchedExamples.crm.length) out.push(`  CRM accounts without product use, e.g. ${m.unmatchedExamples.crm.join(', ')}`);
  }
  out.push(...renderContext(result.context));
  if (result.derived.length) {
    out.push('', 'Derived:');
    const label: Record<string, string> = { activatedAt: 'activation', signupAt: 'signup' };
    for (const d of result.derived) {
      const field = d.field.split('.')[1]!;
      out.push(`  ${label[field] ?? field} ← ${d.failed ?? `${d.from}, ${countOf(d.users, 'user')}`}`);
    }
  }
  const p = result.paidAt;
  if (p) {
    if (!result.derived.length) out.push('', 'Derived:');
    out.push(`  paidAt ← ${p.rule}, ${n(p.accounts)} accounts`);
    const b = p.billing;
    if (b) {
      out.push(`    from ${countOf(b.subscriptions, 'subscription')} and ${countOf(b.invoices, 'invoice')}: ${n(b.unpaidRows)} never paid (trial, zero amount, unbilled or unpaid), ${n(b.paidWithoutAmount)} paid without a usable amount, ${n(b.unlinkedRows)} linked to no account (counted as their own customers)`);
      if (b.eventSubscriptionIds) out.push(`    events keyed by subscription: ${countOf(b.eventSubscriptionIds, 'subscription id')} given their subscription's account`);
      if (b.currency) out.push(`    billing currency ${b.currency.analysisCurrency} — ${b.currency.basis}; ${b.currency.byCurrency.map((c) => `${c.currency} ${countOf(c.rows, 'row')} ${c.use === 'converted' ? `converted ×${c.rate}` : c.use}`).join(', ')}`);
    }
  }
  if (result.identity) out.push(identityLine(result.identity));
  const st = result.staff;
  if (st) out.push(`Staff (config staff.domains: ${st.domains.join(', ')}): left out ${n(st.users)} users and ${n(st.events)} events of ${n(st.eventUsers)} user ids`);
  const d = result.derivedFeatures;
  if (d) {
    out.push(`Features ← event names (${d.rule}): ${n(d.derivedRows)} events given one of ${n(d.features)} features; ${n(d.unmatchedRows)} matched nothing, ${n(d.ambiguousRows)} ambiguous`);
    for (const e of d.byEvent.slice(0, 30)) {
      const how = e.how === 'config' ? `config pattern "${e.by}"` : e.how === 'release' ? `release name "${e.by}"` : e.how === 'ambiguous' ? `ambiguous: ${e.by}` : 'no match';
      out.push(`  ${e.event} → ${e.feature ?? '(none)'}  ${n(e.rows)} rows, ${how}`);
    }
    if (d.byEvent.length > 30) out.push(`  … ${d.byEvent.length - 30} more event names`);
  }
  if (result.links.length) {
    out.push('Links:');
    for (const [id, linked, rate, keys, gaps] of linkTableRows(result.links)) {
      out.push(`  ${id.padEnd(20)} ${rate.padStart(4)}  ${linked.padEnd(15)} by ${keys}${gaps ? `; ${gaps}` : ''}`);
    }
    for (const l of result.links) {
      if (l.ambiguousExamples.length) out.push(`  ${l.id} ambiguous, e.g. ${l.ambiguousExamples.join(', ')}`);
      if (l.unlinkedExamples.length) out.push(`  ${l.id} unlinked, e.g. ${l.unlinkedExamples.join(', ')}`);
    }
  }
  for (const j of result.wholeNumberIds ?? []) out.push(`  ${wholeNumberLine(j)}`);
  return `${out.join('\n')}\n`;
}

function renderContext(context: BusinessContext): string[] {
  const out = [`Quarters: ${context.quarters}${context.fiscalYearStart === 1 ? ' (fiscalYearStart: 1, the default)' : ` (fiscalYearStart: ${context.fiscalYearStart})`}`];
  const c = context.currency;
  if (c) {
    out.push(`Currency: amounts analysed in ${c.analysisCurrency ?? 'one unnamed currency'} — ${c.basis}`);
    for (const x of c.byCurrency) {
      const use = x.use === 'converted' ? `converted ×${x.rate}` : x.use;
      out.push(`  ${x.currency.padEnd(11)} ${countOf(x.deals, 'deal')}, ${n(x.wonDeals)} won (won amount ${formatUnit(x.wonAmount, 'money', x.currency)}): ${use}`);
    }
  }
  const p = context.pipelines;
  if (p) {
    out.push(`Pipelines: ${p.rule}${p.excludedDeals ? `; ${countOf(p.excludedDeals, 'deal')} left out` : ''}`);
    for (const x of p.byPipeline) out.push(`  ${x.pipeline}: ${countOf(x.deals, 'deal')}, ${n(x.wonDeals)} won — ${x.counted ? 'counted' : 'left out'}`);
    if (p.unmatchedConfig.length) out.push(`  not in the data: ${p.unmatchedConfig.join(', ')}`);
  }
  const motions = Object.entries(context.motions ?? {});
  if (motions.length) {
    // Only as declared: pullcheck never infers a motion from the data (docs/config.md, motions).
    out.push(`Motions (config): ${motions.map(([m, has]) => `${m} ${has ? 'yes' : 'no'}`).join(', ')}; checks presuming an absent one are not applicable`);
  }
  return out;
}
