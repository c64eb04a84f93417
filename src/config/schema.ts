/**
 * The schema of pullcheck.config.yaml (docs/config.md), in zod: what every run checks, read with
 * file:line by src/inputs/read-input.ts, and what schemas/config.schema.json is generated from
 * (scripts/input-schemas.mjs). Its output is the file as written, values normalised (a single
 * name becomes a list, currency codes upper case, `->` links `→`); src/config/load.ts turns it
 * into ingest overrides and analysis settings.
 */
import { TABLE_NAMES, type TableName } from '../core/model.js';
import { MOTION_NAMES } from '../core/motions.js';
import { DEFAULT_SETTINGS } from '../core/settings.js';
import { describeValue } from '../inputs/hints.js';
import { issue, says } from '../inputs/read-input.js';
import { zod, type z } from '../inputs/zod.js';
import { headerKey } from '../ingest/layouts.js';
import { domainOf } from '../ingest/match.js';
import { ENCODINGS } from '../ingest/read-csv.js';
import { ALL_LAYOUTS } from '../ingest/vendor-layouts.js';

/** The fields `values:` maps, and the pullcheck values each takes (null = any text). */
export const VALUE_FIELDS: Readonly<Record<string, readonly string[] | null>> = {
  stage: ['won', 'lost', 'open'],
  source: null,
  type: ['new', 'renewal', 'expansion'],
  role: ['exec', 'manager', 'practitioner', 'it', 'procurement', 'other'],
  activityType: ['call', 'email', 'meeting', 'demo', 'note', 'task', 'other'],
  kind: ['new', 'improvement', 'fix'],
};

/** Fields a file of each table can map, by header key of the field name (dealId = deal_id). */
export function fieldsOf(table: TableName | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const l of ALL_LAYOUTS) {
    if (table && l.table !== table) continue;
    for (const f of Object.keys(l.fields)) if (f !== 'marker') fields.set(headerKey(f), f);
  }
  return fields;
}

/** `activity->deal` is written for `activity→deal`. */
export function linkId(raw: string): string {
  return raw.replace(/\s*->\s*/, '→').trim();
}

let built: ReturnType<typeof buildConfigSchema> | null = null;

/** The schema, built once per process (it depends on nothing but pullcheck's own tables). */
export function configSchema() {
  return (built ??= buildConfigSchema());
}

function buildConfigSchema() {
  const z = zod();
  /** Text; a number written bare (a stage called 2024) is its text. */
  const text = z.union([z.string(), z.number().transform(String)], says('WRONG_TYPE', (i) => `expected a text value, got ${describeValue(i.input)}`, 'invalid_union'));
  /** A list of names; one name alone is a list of one. */
  const names = z.union([z.string().transform((s) => [s]), z.array(text)], says('WRONG_TYPE', (i) => `expected a list, e.g. [a, b], got ${describeValue(i.input)}`, 'invalid_union'));
  const mapping = <S extends z.core.$ZodLooseShape>(shape: S, expected: string) =>
    z.strictObject(shape, { error: (i) => (i.code === 'invalid_type' && i.input !== undefined ? `[WRONG_TYPE] ${expected}, got ${describeValue(i.input)}` : undefined) });
  const record = <T extends z.ZodType>(value: T, expected: string) =>
    z.record(z.string(), value, says('WRONG_TYPE', (i) => `${expected}, got ${describeValue(i.input)}`, 'invalid_type'));
  const wholeAtLeast1 = () => {
    const message = says('BAD_VALUE', (i) => `expected a whole number of at least 1, got ${JSON.stringify(i.input) ?? 'nothing'}`);
    return z.number(message).multipleOf(1, message).min(1, message);
  };
  const currencyCode = z
    .string(says('WRONG_TYPE', (i) => `expected a text value, got ${describeValue(i.input)}`, 'invalid_type'))
    .regex(/^\s*[A-Za-z]{3}\s*$/, says('BAD_VALUE', (i) => `"${String(i.input)}" is not a three-letter currency code such as USD or EUR`))
    .transform((code) => code.trim().toUpperCase());
  const links = Object.keys(DEFAULT_SETTINGS.linkFloors);
  const share = says('BAD_VALUE', 'expected a share between 0 and 1, e.g. 0.4');

  const file = mapping(
    {
      table: z.enum(TABLE_NAMES),
      columns: record(names, 'expected field: "Header in the file" pairs').describe('pullcheck field: the header (or headers) it is read from'),
      dateOrder: z.enum(['mdy', 'dmy']),
      dateNumeric: z.enum(['epoch-s', 'epoch-ms', 'epoch-us', 'epoch-ns', 'excel']),
      decimal: z.enum(['.', ',']),
      encoding: z.enum(ENCODINGS),
      delimiter: z
        .string()
        .refine((d) => d.length === 1 || d === 'tab' || d === '\\t', says('BAD_VALUE', 'a delimiter is one character (or "tab")'))
        .transform((d) => (d === 'tab' || d === '\\t' ? '\t' : d)),
      skip: z.boolean(says('WRONG_TYPE', 'expected true or false')),
    },
    'expected settings such as table, columns, dateOrder',
  )
    .partial()
    // Field names are checked against the file's table (any table's when it is not known).
    .superRefine(
      (f, ctx) => {
        if (typeof f.columns !== 'object' || f.columns === null) return;
        const table = (TABLE_NAMES as readonly unknown[]).includes(f.table) ? f.table : undefined;
        const known = fieldsOf(table);
        for (const field of Object.keys(f.columns)) {
          if (!known.has(headerKey(field))) {
            const list = [...new Set(known.values())].sort().join(', ');
            ctx.addIssue(issue('UNKNOWN_FIELD', ['columns', field], `"${field}" is not a field of ${table ?? 'any table'}; fields: ${list}`));
          }
        }
      },
      { when: (p) => typeof p.value === 'object' && p.value !== null },
    );

  const values = mapping(
    Object.fromEntries(
      Object.entries(VALUE_FIELDS).map(([field, allowed]) => [
        field,
        record(allowed ? z.enum(allowed as [string, ...string[]]) : text, 'expected "exported value": pullcheck value pairs').optional(),
      ]),
    ),
    'expected a mapping of field → { exported value: pullcheck value }',
  );

  return mapping(
    {
      files: record(file, 'expected a mapping of file name (or glob) → settings').describe('file name or glob → how to read it'),
      values: values.describe("exported values mapped to pullcheck's"),
      wonStages: names,
      lostStages: names,
      nonCoreEvents: names,
      salesSources: names,
      productSources: names,
      touchTypes: names,
      signupEvents: names,
      inviteEvents: names,
      inviteAcceptedEvents: names,
      activation: mapping(
        {
          event: text.refine((e) => e.trim() !== '', says('BAD_VALUE', 'expected an event name, e.g. report_created')).transform((e) => e.trim()),
          count: wholeAtLeast1(),
          withinDays: wholeAtLeast1(),
        },
        'expected { event: report_created } and/or { count: 3, withinDays: 14 }',
      ).partial(),
      linkFloors: record(z.number(share).min(0, share).max(1, share), 'expected a mapping of link → share, e.g. { "activity→deal": 0.4 }')
        .superRefine(
          (floors, ctx) => {
            for (const raw of Object.keys(floors)) {
              if (!links.includes(linkId(raw))) ctx.addIssue(issue('BAD_VALUE', [raw], `"${raw}" is not a link; expected one of ${links.join(', ')}`));
            }
          },
          { when: (p) => typeof p.value === 'object' && p.value !== null },
        )
        .describe(`link → the least share of a metric's denominator that must link: ${links.join(', ')}`),
      asOf: text.refine((d) => /^\d{4}-\d{2}-\d{2}$/.test(d), says('BAD_VALUE', (i) => `"${String(i.input)}" is not a date written YYYY-MM-DD`)),
      fiscalYearStart: (() => {
        const month = says('BAD_VALUE', (i) => `expected the month number the fiscal year starts in, 1–12 (2 = February), got ${JSON.stringify(i.input) ?? 'nothing'}`);
        return z.number(month).multipleOf(1, month).min(1, month).max(12, month);
      })(),
      currency: mapping(
        {
          base: currencyCode,
          rates: record(z.unknown(), 'expected currency: rate pairs, e.g. { EUR: 1.08, GBP: 1.27 } (value of one unit in the base currency)'),
        },
        'expected { base: USD, rates: { EUR: 1.08 } }',
      )
        .partial()
        .superRefine(
          (c, ctx) => {
            if (typeof c.rates !== 'object' || c.rates === null) return;
            for (const [code, rate] of Object.entries(c.rates)) {
              if (!/^\s*[A-Za-z]{3}\s*$/.test(code)) ctx.addIssue(issue('BAD_VALUE', ['rates', code], `"${code}" is not a three-letter currency code such as USD or EUR`));
              else if (!(typeof rate === 'number' && rate > 0 && Number.isFinite(rate))) {
                ctx.addIssue(issue('BAD_VALUE', ['rates', code], 'expected a positive number: the value of one unit in the base currency'));
              }
            }
            if (c.base === undefined) ctx.addIssue(issue('BAD_VALUE', [], 'currency.rates needs currency.base: the currency the rates convert to'));
          },
          { when: (p) => typeof p.value === 'object' && p.value !== null },
        ),
      pipelines: mapping(
        {
          include: names.refine((l) => l.length > 0, says('BAD_VALUE', 'an empty list: name at least one pipeline (or leave the key out)')),
          exclude: names.refine((l) => l.length > 0, says('BAD_VALUE', 'an empty list: name at least one pipeline (or leave the key out)')),
        },
        'expected { include: [Sales] } and/or { exclude: [Onboarding] }',
      ).partial(),
      motions: mapping(
        Object.fromEntries(MOTION_NAMES.map((m) => [m, z.boolean(says('WRONG_TYPE', (i) => `expected true or false, got ${JSON.stringify(i.input) ?? 'nothing'}`)).optional()])),
        'expected motion: true/false pairs, e.g. { freeTier: false, selfServe: false }',
      ),
      features: mapping(
        {
          map: record(text, 'expected event-name pattern: feature pairs, e.g. { "Report *": reports } (`*` matches any text)').superRefine((map, ctx) => {
            for (const [pattern, feature] of Object.entries(map)) {
              if (pattern.trim() === '' || feature.trim() === '') ctx.addIssue(issue('BAD_VALUE', [pattern], 'an empty pattern or feature name'));
            }
          }),
        },
        'expected { map: { "Report *": reports, "dashboard_*": dashboards } }',
      ).partial(),
      staff: mapping(
        {
          domains: names.superRefine((list, ctx) => {
            const bad = list.filter((d) => domainOf(d) === null);
            if (bad.length) ctx.addIssue(issue('BAD_VALUE', [], `not a domain: ${bad.map((d) => `"${d}"`).join(', ')} (expected e.g. ourcompany.com)`));
          }),
        },
        'expected { domains: [ourcompany.com] }',
      ).partial(),
    },
    'the config must be a mapping of keys (files, values, wonStages, …)',
  )
    .partial()
    .describe('pullcheck.config.yaml: how to read a folder of exports (docs/config.md)');
}

export type ConfigData = NonNullable<ReturnType<ReturnType<typeof configSchema>['parse']>>;
