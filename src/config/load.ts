/**
 * pullcheck.config.yaml: overrides for how a folder of exports is read (which table a file is,
 * column → field, date order, decimal mark, encoding, value maps, won/lost stages) and for the
 * analysis vocabulary (non-core events, sales/product sources) and the as-of date.
 *
 * Loading goes through the one input reader (src/inputs/read-input.ts) with the schema in
 * schema.ts: every issue at once as `file:line: path: message`, one InputError (exit 2).
 * docs/config.md documents the format.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, normaliseLabel, type AnalysisSettings } from '../core/settings.js';
import type { Motion } from '../core/motions.js';
import { invalidInput, parseInput, readInputFile, sortedIssues, validateInput, type InputIssue, type InputKind, type ParsedInput } from '../inputs/read-input.js';
import { headerKey } from '../ingest/layouts.js';
import type { FileOverride, IngestOverrides } from '../ingest/overrides.js';
import type { CurrencySettings } from '../ingest/currency.js';
import type { PipelineScope } from '../ingest/pipelines.js';
import { DEFAULT_VALUE_SETTINGS } from '../ingest/rows.js';
import { configSchema, fieldsOf, linkId, type ConfigData } from './schema.js';

export const CONFIG_FILE_NAMES = ['pullcheck.config.yaml', 'pullcheck.config.yml'];

export const CONFIG_INPUT: InputKind = {
  noun: 'config',
  code: 'CONFIG',
  hints: {
    unreadable: 'Check the --config path (or leave it out: pullcheck looks for pullcheck.config.yaml in the data folder, then the current folder).',
    invalid: 'docs/config.md describes pullcheck.config.yaml, with an example per vendor',
  },
};

export interface PullcheckConfig {
  /** The file it came from. */
  path: string;
  overrides: IngestOverrides;
  settings: AnalysisSettings;
  asOf?: string;
}

/** The config to use: `--config FILE`, else pullcheck.config.yaml in the data folder, else in the current folder. */
export function findConfig(explicit: string | undefined, dataDir: string, cwd = process.cwd()): string | null {
  if (explicit !== undefined) return explicit;
  for (const dir of [dataDir, cwd]) {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  return null;
}

/** Read and validate a config file. Throws InputError (CONFIG_UNREADABLE or CONFIG_INVALID). */
export function loadConfig(file: string): PullcheckConfig {
  const { config, issues } = parseConfig(readInputFile(file, CONFIG_INPUT), file);
  if (!config) throw invalidInput(file, CONFIG_INPUT, issues);
  return config;
}

/** Validate config text. Never throws on user mistakes: returns the config or every issue. */
export function parseConfig(text: string, file: string): { config: PullcheckConfig | null; issues: InputIssue[] } {
  const parsed = parseInput(text, CONFIG_INPUT);
  const overrides: IngestOverrides = { files: [], values: { ...DEFAULT_VALUE_SETTINGS, maps: {}, wonStages: [], lostStages: [] }, configFile: file };
  const settings: AnalysisSettings = { ...DEFAULT_SETTINGS };
  const config: PullcheckConfig = { path: file, overrides, settings };
  const empty = !parsed.fatal && (parsed.data === null || parsed.data === '');
  const data = empty ? {} : validateInput(parsed, configSchema());
  if (data === null || parsed.issues.length > 0) return { config: null, issues: sortedIssues(parsed.issues) };
  apply(data, parsed, config);
  overrides.values.analysis = settings;
  return { config, issues: [] };
}

/** The keys of the mapping at a path, in the file's order (zod's output follows its schema's). */
function keysAt(parsed: ParsedInput, path: readonly string[]): string[] {
  let value: unknown = parsed.data;
  for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'object' && value !== null ? Object.keys(value) : [];
}

/** Turns the validated file into ingest overrides and analysis settings, keeping the file's lines. */
function apply(data: ConfigData, parsed: ParsedInput, config: PullcheckConfig): void {
  const { overrides, settings } = config;
  for (const [match, f] of Object.entries(data.files ?? {})) {
    const override: FileOverride = { match };
    const line = parsed.lineOf(['files', match]);
    if (line !== null) override.line = line;
    for (const key of keysAt(parsed, ['files', match])) {
      if (key === 'columns' && f.columns) {
        // Field names as pullcheck spells them (deal_id → dealId), each with its line.
        const known = fieldsOf(f.table);
        override.columns = {};
        override.columnLines = {};
        for (const [field, headers] of Object.entries(f.columns)) {
          const canonical = known.get(headerKey(field))!;
          override.columns[canonical] = headers;
          const columnLine = parsed.lineOf(['files', match, 'columns', field]);
          if (columnLine !== null) override.columnLines[canonical] = columnLine;
        }
      } else if (key !== 'columns' && f[key as keyof typeof f] !== undefined) {
        (override as unknown as Record<string, unknown>)[key] = f[key as keyof typeof f];
      }
    }
    overrides.files.push(override);
  }
  for (const [field, map] of Object.entries(data.values ?? {})) {
    if (map) overrides.values.maps[field] = Object.fromEntries(Object.entries(map).map(([from, to]) => [normaliseLabel(from), to]));
  }
  if (data.wonStages) overrides.values.wonStages = data.wonStages;
  if (data.lostStages) overrides.values.lostStages = data.lostStages;
  for (const key of ['nonCoreEvents', 'salesSources', 'productSources', 'touchTypes', 'signupEvents', 'inviteEvents', 'inviteAcceptedEvents'] as const) {
    const list = data[key];
    if (list) settings[key] = list;
  }
  if (data.linkFloors) {
    const floors = { ...settings.linkFloors };
    for (const [raw, share] of Object.entries(data.linkFloors)) floors[linkId(raw) as keyof typeof floors] = share;
    settings.linkFloors = floors;
  }
  if (data.asOf !== undefined) config.asOf = data.asOf;
  if (data.fiscalYearStart !== undefined) settings.fiscalYearStart = data.fiscalYearStart;
  if (data.currency) {
    const currency: CurrencySettings = {};
    for (const key of keysAt(parsed, ['currency'])) {
      if (key === 'base' && data.currency.base) currency.base = data.currency.base;
      if (key === 'rates' && data.currency.rates) {
        currency.rates = Object.fromEntries(Object.entries(data.currency.rates).map(([code, rate]) => [code.trim().toUpperCase(), rate as number]));
      }
    }
    overrides.currency = currency;
  }
  if (data.pipelines) {
    const scope: PipelineScope = {};
    if (data.pipelines.include) scope.include = data.pipelines.include;
    if (data.pipelines.exclude) scope.exclude = data.pipelines.exclude;
    overrides.pipelines = scope;
  }
  if (data.activation) {
    const milestone = { ...settings.activation };
    for (const key of ['event', 'count', 'withinDays'] as const) if (data.activation[key] !== undefined) Object.assign(milestone, { [key]: data.activation[key] });
    settings.activation = milestone;
  }
  if (data.motions) {
    const motions: AnalysisSettings['motions'] = {};
    for (const name of keysAt(parsed, ['motions'])) {
      const on = data.motions[name];
      if (typeof on === 'boolean') motions[name as Motion] = on;
    }
    settings.motions = motions;
  }
  if (data.features?.map) {
    overrides.featureRules = Object.entries(data.features.map).map(([pattern, feature]) => ({
      pattern: pattern.trim(),
      feature: feature.trim(),
      line: parsed.lineOf(['features', 'map', pattern]) ?? undefined,
    }));
  }
  if (data.staff?.domains) overrides.staffDomains = data.staff.domains;
}
