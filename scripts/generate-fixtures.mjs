#!/usr/bin/env node
// @ts-check
/**
 * Seeded generator of synthetic software companies in pullcheck's canonical CSV layout
 * (src/ingest/layouts.ts): deals, activities, contacts, accounts, events, users, releases,
 * feature_requests. Two profiles, `sales-led` and `product-led`, differ the way
 * /work/shared/METRICS.md (docs/metrics.md) says sales-driven and product-driven companies differ,
 * with noise and a bit of everything in both.
 *
 *   node scripts/generate-fixtures.mjs                      # regenerate fixtures/sales-led and fixtures/product-led
 *   node scripts/generate-fixtures.mjs --profile sales-led --seed 7 --events 1000000 --out /tmp/x
 *
 * Deterministic: every random draw comes from a seeded sfc32 stream or a seeded integer hash,
 * never from Math.random() or the clock, so the same seed and options give byte-identical files.
 * Events are simulated day by day and written per-day chunk with backpressure, so millions of
 * events never sit in memory at once. No dependencies (Node >= 20).
 */
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
const SEC = 1000;

export const DEFAULT_SEED = 42;
export const DEFAULT_AS_OF = '2026-06-30';
export const DEFAULT_MONTHS = 30;
/** @type {readonly Profile[]} */
export const PROFILE_NAMES = ['sales-led', 'product-led'];

/** @typedef {'sales-led' | 'product-led'} Profile */

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

/** FNV-1a of a string, for turning labels into seed material. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32: seed expander. */
function splitmix32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

/** Seeded PRNG (sfc32) with the distributions the generator needs. */
class Rng {
  /** @param {number} seed @param {string} label */
  constructor(seed, label) {
    const sm = splitmix32((seed >>> 0) ^ fnv1a(label));
    this.a = sm(); this.b = sm(); this.c = sm(); this.d = sm();
    for (let i = 0; i < 15; i++) this.next();
  }
  /** Uniform in [0, 1). */
  next() {
    let { a, b, c, d } = this;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.a = a; this.b = b; this.c = c; this.d = d;
    return (t >>> 0) / 4294967296;
  }
  uniform(lo, hi) { return lo + (hi - lo) * this.next(); }
  /** Integer in [lo, hi]. */
  int(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  chance(p) { return this.next() < p; }
  /** @template T @param {readonly T[]} items @returns {T} */
  pick(items) { return items[Math.floor(this.next() * items.length)]; }
  /** Key of a {key: weight} table. @param {Record<string, number>} table */
  weighted(table) {
    let total = 0;
    for (const k in table) total += table[k];
    let x = this.next() * total;
    let last = '';
    for (const k in table) {
      last = k;
      x -= table[k];
      if (x < 0) return k;
    }
    return last;
  }
  /** @template T @param {readonly T[]} items @param {(item: T) => number} weightOf @returns {T} */
  weightedItem(items, weightOf) {
    let total = 0;
    for (const it of items) total += weightOf(it);
    let x = this.next() * total;
    for (const it of items) {
      x -= weightOf(it);
      if (x < 0) return it;
    }
    return items[items.length - 1];
  }
  normal(mean = 0, sd = 1) {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  lognormal(median, sigma) { return median * Math.exp(sigma * this.normal()); }
  exp(mean) { return -mean * Math.log(1 - this.next()); }
  poisson(lambda) {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) { k++; p *= this.next(); }
    return k;
  }
  /** @template T @param {T[]} items @returns {T[]} in place */
  shuffle(items) {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
  /** k distinct items (k clipped to the length). @template T @param {readonly T[]} items @returns {T[]} */
  sample(items, k) {
    return this.shuffle(items.slice()).slice(0, Math.min(k, items.length));
  }
}

/**
 * Systematic sampling: which of n items (in their given order) to pick so that about
 * `share` of them are picked, evenly spread, from one random offset. Any run of consecutive
 * items holds close to `share` of picks, so counts do not swing from seed to seed the way
 * independent coin flips do. @param {Rng} rng @returns {boolean[]}
 */
function systematic(rng, n, share) {
  const u = rng.next();
  const out = [];
  for (let i = 0; i < n; i++) out.push(Math.floor((i + 1) * share + u) > Math.floor(i * share + u));
  return out;
}

/** A running systematic sampler: `next()` says yes to about `share` of calls, evenly spread. */
class Quota {
  /** @param {Rng} rng @param {number} share */
  constructor(rng, share) {
    this.share = share;
    this.acc = rng.next();
  }
  next() {
    const before = Math.floor(this.acc);
    this.acc += this.share;
    return Math.floor(this.acc) > before;
  }
}

/** Seeded integer hash of (a, b, c) → uniform [0, 1): per (user, feature) draws without storage. */
function hashUnit(seed, a, b, c) {
  let h = (seed ^ Math.imul(a + 0x27d4eb2f, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f);
  h ^= Math.imul(c + 0x165667b1, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const floorDay = (ms) => Math.floor(ms / DAY) * DAY;
const pad2 = (n) => (n < 10 ? '0' : '') + n;
/** YYYY-MM-DD */
const dayStr = (ms) => new Date(floorDay(ms)).toISOString().slice(0, 10);
/** YYYY-MM-DDTHH:MM:SSZ */
const tsStr = (ms) => new Date(Math.floor(ms / SEC) * SEC).toISOString().slice(0, 19) + 'Z';
/** 0 = Sunday ... 6 = Saturday. */
const weekday = (ms) => (Math.floor(ms / DAY) + 4) % 7;
/** Move a weekend instant to the following Monday, same time of day. */
function toWeekday(ms) {
  const wd = weekday(ms);
  if (wd === 6) return ms + 2 * DAY;
  if (wd === 0) return ms + DAY;
  return ms;
}
/** Last day (00:00 UTC) of the calendar quarter containing ms. */
function quarterEndDay(ms) {
  const d = new Date(ms);
  const q = Math.floor(d.getUTCMonth() / 3);
  return Date.UTC(d.getUTCFullYear(), q * 3 + 3, 0);
}
/** An instant during (UTC) business hours on the day of ms (Americas/Europe overlap). */
function workTime(rng, ms) {
  const hour = Math.min(23.5, Math.max(7, rng.normal(16, 2.6)));
  return floorDay(ms) + Math.floor(hour * HOUR + rng.uniform(0, 59) * MIN + rng.int(0, 59) * SEC);
}
/** Business-day instant on (or after) the day of ms. */
const workDayTime = (rng, ms) => workTime(rng, toWeekday(floorDay(ms)));

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/** Feature id → event names. The first entries are the "classic" base product. */
const CATALOGUE = /** @type {[string, string[]][]} */ ([
  ['reports', ['report_viewed', 'report_created', 'report_shared']],
  ['dashboards', ['dashboard_viewed', 'dashboard_created', 'widget_added']],
  ['exports', ['export_started', 'export_downloaded']],
  ['search', ['search_performed']],
  ['tasks', ['task_created', 'task_completed']],
  ['projects', ['project_viewed', 'project_created']],
  ['comments', ['comment_posted']],
  ['alerts', ['alert_created', 'alert_opened']],
  ['file_sharing', ['file_uploaded', 'file_shared']],
  ['imports', ['import_started', 'import_completed']],
  ['templates', ['template_used', 'template_created']],
  ['permissions', ['role_created', 'permission_changed']],
  ['approvals', ['approval_requested', 'approval_granted']],
  ['budgets', ['budget_created', 'budget_updated']],
  ['invoices', ['invoice_created', 'invoice_sent']],
  ['custom_fields', ['custom_field_created', 'custom_field_edited']],
  ['tags', ['tag_added']],
  ['saved_views', ['view_saved', 'saved_view_opened']],
  ['workflows', ['workflow_created', 'workflow_run']],
  ['api_keys', ['api_key_created']],
  ['sso', ['sso_configured', 'sso_policy_updated']],
  ['audit_log', ['audit_log_viewed', 'audit_log_exported']],
  ['kanban', ['card_moved', 'board_created']],
  ['calendar_sync', ['calendar_connected', 'calendar_event_synced']],
  ['slack_integration', ['slack_connected', 'slack_notification_sent']],
  ['forms', ['form_created', 'form_submitted']],
  ['expenses', ['expense_submitted', 'expense_approved']],
  ['scheduling', ['schedule_created', 'shift_assigned']],
  ['time_tracking', ['timer_started', 'timesheet_submitted']],
  ['mentions', ['mention_sent']],
  ['bulk_edit', ['bulk_edit_applied']],
  ['webhooks', ['webhook_created', 'webhook_tested']],
  ['data_retention', ['retention_policy_set']],
  ['sandbox', ['sandbox_created']],
  ['mobile_app', ['mobile_record_viewed', 'mobile_record_edited']],
  ['offline_mode', ['offline_sync_completed']],
  ['ai_assistant', ['ai_prompt_submitted', 'ai_answer_rated']],
  ['ai_summaries', ['summary_generated']],
  ['anomaly_detection', ['anomaly_viewed', 'anomaly_rule_created']],
  ['benchmarks', ['benchmark_viewed']],
  ['scorecards', ['scorecard_created', 'scorecard_viewed']],
  ['goals', ['goal_created', 'goal_updated']],
  ['okrs', ['okr_created', 'okr_checkin_posted']],
  ['surveys', ['survey_created', 'survey_sent']],
  ['gantt', ['gantt_viewed', 'dependency_added']],
  ['forecasting', ['forecast_created', 'forecast_viewed']],
  ['salesforce_sync', ['salesforce_connected', 'salesforce_sync_run']],
  ['erp_connector', ['erp_connected', 'erp_sync_run']],
  ['sql_editor', ['query_run', 'query_saved']],
  ['embedded_analytics', ['embed_created', 'embed_viewed']],
  ['white_labeling', ['branding_theme_applied']],
  ['custom_branding', ['logo_uploaded']],
  ['multi_currency', ['currency_added', 'fx_rate_updated']],
  ['localization', ['locale_changed']],
  ['compliance_center', ['compliance_report_generated']],
  ['vendor_portal', ['vendor_invited', 'vendor_portal_viewed']],
  ['contract_management', ['contract_uploaded', 'contract_renewal_flagged']],
  ['spend_analytics', ['spend_report_viewed']],
  ['purchase_orders', ['po_created', 'po_approved']],
  ['inventory', ['stock_adjusted', 'inventory_counted']],
  ['executive_briefings', ['briefing_generated', 'briefing_opened']],
  ['custom_objects', ['custom_object_created', 'custom_record_edited']],
  ['data_lineage', ['lineage_graph_viewed']],
  ['board_packs', ['board_pack_generated']],
  ['esignature', ['signature_requested', 'document_signed']],
  ['territory_planning', ['territory_created', 'territory_rebalanced']],
  ['notifications', ['notification_opened', 'notification_settings_changed']],
  ['guest_access', ['guest_invited', 'guest_viewed']],
  ['two_factor_auth', ['two_factor_enabled']],
  ['digest_emails', ['digest_opened', 'digest_configured']],
  ['recurring_tasks', ['recurrence_created']],
  ['document_editor', ['document_created', 'document_edited']],
  ['whiteboards', ['whiteboard_created', 'sticky_added']],
  ['jira_sync', ['jira_connected', 'jira_issue_linked']],
  ['teams_integration', ['teams_connected', 'teams_message_sent']],
  ['zapier_integration', ['zap_created', 'zap_triggered']],
  ['usage_analytics', ['usage_report_viewed']],
  ['public_links', ['public_link_created', 'public_link_opened']],
]);
/** Enterprise checklist features that product-led deals sometimes "promise" (already exist). */
const ENTERPRISE_FEATURES = ['sso', 'audit_log', 'permissions', 'api_keys', 'data_retention', 'sandbox'];

const TITLES = {
  exec: ['Chief Financial Officer', 'Chief Operating Officer', 'Chief Executive Officer', 'VP of Operations', 'VP of Finance', 'Chief Revenue Officer'],
  manager: ['Operations Manager', 'Marketing Manager', 'Engineering Manager', 'Finance Manager', 'Analytics Manager', 'Project Manager', 'Customer Success Manager'],
  practitioner: ['Data Analyst', 'Software Engineer', 'Financial Analyst', 'Operations Analyst', 'Marketing Specialist', 'Business Analyst', 'Accountant', 'Project Coordinator', 'Support Specialist', 'Product Designer'],
  it: ['IT Administrator', 'Systems Administrator', 'Network Administrator'],
  procurement: ['Procurement Manager', 'Purchasing Manager', 'Procurement Specialist'],
};
const FIRST_NAMES = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Priya', 'Wei', 'Fatima', 'Lucas', 'Sofia', 'Mateo', 'Aisha', 'Noah', 'Emma', 'Liam', 'Olivia', 'Hiro', 'Yuki', 'Ana', 'Diego', 'Chloe', 'Ravi', 'Zara', 'Ben', 'Maya', 'Omar', 'Lena', 'Ivan', 'Nina', 'Kofi', 'Ama', 'Erik', 'Ingrid', 'Tomas', 'Leah'];
const LAST_NAMES = ['Smith', 'Garcia', 'Chen', 'Patel', 'Kim', 'Nguyen', 'Müller', 'Rossi', 'Silva', 'Johnson', 'Okafor', 'Hansen', 'Novak', 'Kowalski', 'Brown', 'Martin', 'Lopez', 'Tanaka', 'Singh', 'Cohen', 'Dubois', 'Andersen', 'Reyes', 'Murphy', 'Khan', 'Ivanova', 'Haddad', 'Park', "O'Neil", 'Fischer', 'Costa', 'Moreau', 'Schmidt', 'Yilmaz', 'Mensah', 'Larsen', 'Walsh', 'Sato', 'Ali', 'Berg'];
const COMPANY_STEMS = ['Northwind', 'Bluefin', 'Copperleaf', 'Granite', 'Harbor', 'Ironwood', 'Juniper', 'Keystone', 'Lakeside', 'Meridian', 'Nimbus', 'Oakridge', 'Pinecrest', 'Quarry', 'Redwood', 'Silverline', 'Tidewater', 'Umbra', 'Vantage', 'Westfield', 'Yellowstone', 'Zephyr', 'Apex', 'Beacon', 'Cascade', 'Driftwood', 'Evergreen', 'Foxglove', 'Goldcrest', 'Highland', 'Indigo', 'Jetstream', 'Kingsley', 'Lumen', 'Maple', 'Nova', 'Orchard', 'Prism', 'Quill', 'Riverbend', 'Summit', 'Trident', 'Upland', 'Velvet', 'Willow', 'Acorn', 'Birch', 'Cobalt', 'Delta', 'Ember'];
const COMPANY_KINDS = ['Logistics', 'Analytics', 'Health', 'Foods', 'Manufacturing', 'Retail', 'Capital', 'Energy', 'Labs', 'Media', 'Systems', 'Partners', 'Insurance', 'Freight', 'Dental', 'Robotics', 'Hospitality', 'Construction', 'Pharma', 'Telecom'];
const IMPROVEMENTS = ['faster loading', 'bulk actions', 'keyboard shortcuts', 'better filters', 'redesigned editor', 'more export options', 'new chart types', 'saved filters', 'improved search', 'mobile layout', 'clearer empty states', 'undo support', 'inline editing', 'smarter defaults'];
const FIXES = ['timezone handling', 'pagination bug', 'export encoding', 'permission check', 'slow query on large accounts', 'display glitch', 'duplicate notifications', 'sort order'];

const ROLE_OF_TITLE = new Map();
for (const [role, titles] of Object.entries(TITLES)) for (const t of titles) ROLE_OF_TITLE.set(t, role);

// ---------------------------------------------------------------------------------------------
// Profiles: the knobs that make a company sales-led or product-led
// ---------------------------------------------------------------------------------------------
// Tuned so the bundled companies read like real, mixed ones rather than caricatures: with the
// default rubric product-led scores ~80–85 (six checks warn or fail: unused features, promises
// not adopted, deal-requested releases, enterprise buying committees, touches on large deals,
// quarter-end discounts) and sales-led ~17–19 (improvement releases, time to value, a share of
// self-serve wins and the mid/large touch bands warn or pass). fixtures/README.md lists the result.

/**
 * @typedef {{ name: string, weight: number, sources: Record<string, number>, cycle: number,
 *   win: number, list: number, sigma: number, users?: number, trial?: boolean, free?: boolean,
 *   touches: number, meetingShare: number, assisted?: boolean, priorUsage?: number }} Archetype
 */

const PROFILES = {
  'sales-led': {
    sales: true,
    baseEvents: 38_000,
    accounts: 345,
    featureCount: 52,
    legacyCount: 20,
    ideaCount: 8,
    /** Account archetypes: how the first deal is sourced, cycle (median days), win rate, list price. */
    archetypes: /** @type {Archetype[]} */ ([
      { name: 'outbound', weight: 0.30, sources: { outbound: 0.55, sdr: 0.45 }, cycle: 140, win: 0.5, list: 50_000, sigma: 0.75, touches: 1, meetingShare: 0.32 },
      { name: 'event', weight: 0.1, sources: { event: 0.7, 'trade show': 0.3 }, cycle: 130, win: 0.55, list: 40_000, sigma: 0.7, touches: 1, meetingShare: 0.32 },
      { name: 'partner', weight: 0.1, sources: { partner: 1 }, cycle: 150, win: 0.6, list: 60_000, sigma: 0.7, touches: 1, meetingShare: 0.32 },
      { name: 'inbound', weight: 0.12, sources: { inbound: 0.55, website: 0.25, referral: 0.2 }, cycle: 34, win: 0.62, list: 17_000, sigma: 0.7, touches: 0.8, meetingShare: 0.3 },
      { name: 'trial', weight: 0.06, sources: { 'free trial': 0.6, 'self-serve': 0.4 }, cycle: 24, win: 0.4, list: 9_000, sigma: 0.6, touches: 0.6, meetingShare: 0.1, trial: true },
      // small teams that buy online after a trial; sales still chases them by e-mail and phone
      { name: 'selfserve', weight: 0.26, sources: { 'self-serve': 0.45, website: 0.25, 'free trial': 0.3 }, cycle: 14, win: 0.55, list: 7_000, sigma: 0.5, touches: 0.8, meetingShare: 0, trial: true },
      { name: 'unknown', weight: 0.06, sources: { '': 0.6, 'list import': 0.25, other: 0.15 }, cycle: 100, win: 0.5, list: 26_000, sigma: 0.7, touches: 1, meetingShare: 0.3 },
    ]),
    /** Median touches (call/email/meeting/demo) on a won new deal, by amount band (<10k, 10-50k, >50k). */
    touchMedians: [14, 20, 30],
    /** Touches on renewal and expansion deals (uniform integer range). */
    renewalTouches: [6, 14],
    expansionTouches: [8, 18],
    /** Touch multiplier for renewals and expansions above 50k. */
    largeRenewalFactor: 2,
    /** Days before the anniversary that a renewal opportunity is opened (sales-sourced vs other accounts). */
    renewalLead: { sales: [90, 150], other: [20, 40] },
    /** Account-level onboarding calls, meetings and e-mails in the 60 days after the first close. */
    onboardingTouches: [5, 12],
    quarterEndPull: 0.5,
    discount: { base: 0.22, quarterEnd: 0.42, sd: 0.065, blank: 0.08 },
    shelfRate: 0.36,
    renew: { ok: 0.85, okFactor: [0.9, 1.08], shelf: 0.55, shelfFactor: [0.6, 0.9] },
    expansionPerYear: 0.2,
    seatPrice: [1100, 1900],
    provisionShare: [0.55, 0.95],
    /** Provisioned users: activation chance, median days (lognormal), share walked through it by a training session. */
    activation: { p: 0.62, median: 7, sigma: 1.0, shelfP: 0.22, shelfMedian: 10, trainedShare: 0.7 },
    invitedShare: 0.06,
    extraInvites: 0.03,
    userLifeDays: 420,
    roles: { practitioner: 0.82, manager: 0.13, it: 0.03, exec: 0.01, procurement: 0.01 },
    contactRoles: { exec: 0.34, procurement: 0.22, it: 0.2, manager: 0.16, practitioner: 0.08 },
    /** Feature usage: legacy core, legacy other, new in-window; adoption p, retention r, user share q. */
    coreWeights: [70, 24, 7],
    features: {
      legacy: { p: [0.02, 0.1], r: 0.6, w: [0.5, 2.2] },
      fresh: { p: [0.2, 0.5], r: [0.1, 0.3], w: [2, 5], q: 0.6, lateFactor: 0.35 },
      q: 0.45, coreQ: 0.9, boost: 5, launchDelay: 10, discoverDelay: 40, userDelay: 5,
    },
    /** Share of new features built for one account (custom) or promised in deals (sales); promise mix. */
    roadmap: { custom: 0.4, sales: 0.3, extraPromise: 0.9, promiseMix: { idea: 0.4, existing: 0.45, roadmap: 0.15 }, promiseAdopt: 0.55, customAdopt: 0.6 },
    /** Per feature and year; plus one improvement every ~trainDays (release train). */
    releases: { improvementsPerYear: 0.05, fixesPerYear: 0.2, trainDays: 32 },
    /** Per session: login probability, extra pageviews, extra feature events; user rate spread. */
    session: { loginP: 0.7, pageviews: 1.1, extraFeatureEvents: 0.7, engagement: 0.8, rateSigma: 0.9, affinitySigma: 0.6 },
  },
  'product-led': {
    sales: false,
    baseEvents: 90_000,
    accounts: 360,
    featureCount: 68,
    legacyCount: 38,
    ideaCount: 8,
    archetypes: /** @type {Archetype[]} */ ([
      { name: 'free', weight: 0.31, sources: {}, cycle: 14, win: 0, list: 4_000, sigma: 0.6, users: 2, touches: 0, meetingShare: 0, free: true },
      { name: 'selfserve', weight: 0.29, sources: { 'self-serve': 0.62, organic: 0.12, referral: 0.1, invite: 0.04, website: 0.04, '': 0.08 }, cycle: 13, win: 0.93, list: 4_500, sigma: 0.6, users: 8, touches: 0.4, meetingShare: 0 },
      { name: 'pql', weight: 0.18, sources: { pql: 0.7, product: 0.2, '': 0.1 }, cycle: 16, win: 0.82, list: 16_000, sigma: 0.55, users: 12, touches: 2.5, meetingShare: 0.1, assisted: true },
      { name: 'inbound', weight: 0.09, sources: { inbound: 0.7, website: 0.15, referral: 0.15 }, cycle: 17, win: 0.75, list: 20_000, sigma: 0.55, users: 12, touches: 4, meetingShare: 0.15, assisted: true },
      // sales-assisted enterprise accounts: some prospected, many found through product usage (PQL)
      { name: 'enterprise', weight: 0.13, sources: { outbound: 0.25, sdr: 0.15, partner: 0.05, pql: 0.55 }, cycle: 15, win: 0.6, list: 55_000, sigma: 0.5, users: 25, touches: 14, meetingShare: 0.3, assisted: true, priorUsage: 0.55 },
    ]),
    touchMedians: [1, 3, 12],
    /** Won deals above `amount` get a negotiated number of touches (median), new vs renewal/expansion. */
    largeDeal: { amount: 50_000, newTouches: 65, otherTouches: 50 },
    /** Share of sales-assisted new wins pulled into the last two weeks of a quarter (with extra discount). */
    quarterEndPull: 0.3,
    /** Product-led discounts: annual-prepay share of self-serve wins, share of renewals/expansions discounted. */
    discount: { base: 0, quarterEnd: 0, sd: 0, blank: 0.1, annualPrepay: 0.5, renewal: 0.5, quarterEndExtra: [0.05, 0.09] },
    /** Chance a second user is also a CRM contact (the first user always is). */
    userContacts: 0.15,
    /** How long a free workspace stays in use (days, uniform). */
    freeLifeDays: [30, 400],
    /** Days before the anniversary that a renewal opportunity is opened (sales-sourced vs other accounts). */
    renewalLead: { sales: [7, 21], other: [7, 21] },
    /** Buying-committee contacts added per account archetype (chance, count) and their roles. */
    buyerContacts: { enterprise: { p: 1, n: [6, 10] }, inbound: { p: 1, n: [3, 5] }, pql: { p: 0.6, n: [2, 3] } },
    buyerRoles: { procurement: 0.35, exec: 0.4, it: 0.25 },
    shelfRate: 0.03,
    renew: { ok: 0.93, okFactor: [1.03, 1.15], shelf: 0.4, shelfFactor: [0.6, 0.9] },
    expansionPerYear: 0.8,
    seatPrice: [300, 540],
    provisionShare: [0.6, 0.95],
    activation: { p: 0.82, median: 0.6, sigma: 1.4, shelfP: 0.2, shelfMedian: 5 },
    invitedShare: 0.82,
    extraInvites: 0.8,
    userLifeDays: 1000,
    roles: { practitioner: 0.68, manager: 0.24, exec: 0.03, it: 0.03, procurement: 0.02 },
    contactRoles: { practitioner: 0.45, manager: 0.4, exec: 0.08, procurement: 0.04, it: 0.03 },
    coreWeights: [10],
    features: {
      legacy: { p: [0.15, 0.75], r: [0.9, 1], w: [0, 0] },
      fresh: { p: [0.15, 0.75], r: [0.65, 0.9], w: [0, 0], lateFactor: 1 },
      // niche features: share of legacy/new ones that few accounts adopt (p range) and that get little use
      nicheShare: { legacy: 0.95, fresh: 0.38 }, niche: [0.005, 0.03], nicheWeight: 0.05, zipf: 0.55, freshWeight: 4,
      q: 0.35, coreQ: 0.9, boost: 1, launchDelay: 5, discoverDelay: 30, userDelay: 6,
    },
    // sales: new features driven by enterprise deals (SSO-style checklist items); promiseWeight: how heavily an adopting account uses it
    roadmap: { custom: 0.02, sales: 0.37, extraPromise: 0.4, promiseMix: { idea: 0.1, existing: 0.8, roadmap: 0.1 }, promiseAdopt: 0.55, customAdopt: 0.9, promiseWeight: 20 },
    releases: { improvementsPerYear: 0.85, fixesPerYear: 0.3 },
    session: { loginP: 0.35, pageviews: 0.3, extraFeatureEvents: 0.6, engagement: 1, rateSigma: 1.0, affinitySigma: 2.5 },
  },
};

const SALES_OWNERS = ['Jordan Blake', 'Casey Morgan', 'Riley Chen', 'Avery Patel', 'Morgan Diaz', 'Taylor Brooks', 'Sam Okafor', 'Jamie Novak', 'Drew Larsen'];
const AM_OWNERS = ['Kelly Hart', 'Robin Sato', 'Alexis Moreau'];
const PLG_OWNERS = ['Jesse Park', 'Dana Whitfield', 'Chris Mensah'];

// ---------------------------------------------------------------------------------------------
// CSV output
// ---------------------------------------------------------------------------------------------

/** @param {unknown} v */
function cell(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Buffered CSV writer that flushes in ~64 KB chunks and waits for 'drain' (backpressure). */
class CsvWriter {
  /** @param {string} file @param {string[]} header */
  constructor(file, header) {
    this.file = file;
    this.stream = createWriteStream(file);
    this.buf = header.join(',') + '\n';
    this.rows = 0;
    this.bytes = 0;
  }
  /** @param {unknown[]} values */
  async row(values) {
    this.buf += values.map(cell).join(',') + '\n';
    this.rows++;
    if (this.buf.length >= 65_536) await this.flush();
  }
  /** Pre-formatted lines. @param {string} text @param {number} rows */
  async raw(text, rows) {
    this.buf += text;
    this.rows += rows;
    if (this.buf.length >= 65_536) await this.flush();
  }
  async flush() {
    if (!this.buf) return;
    const chunk = this.buf;
    this.buf = '';
    this.bytes += Buffer.byteLength(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }
  async close() {
    await this.flush();
    await new Promise((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(resolve);
    });
  }
}

const HEADERS = {
  deals: ['deal_id', 'account_id', 'deal_name', 'amount', 'stage', 'created_at', 'closed_at', 'source', 'deal_type', 'discount', 'list_amount', 'promised_features', 'owner'],
  activities: ['activity_id', 'type', 'deal_id', 'account_id', 'contact_id', 'occurred_at'],
  contacts: ['contact_id', 'account_id', 'title', 'email', 'name'],
  accounts: ['account_id', 'name', 'domain', 'created_at', 'plan'],
  events: ['timestamp', 'user_id', 'account_id', 'event', 'feature'],
  users: ['user_id', 'account_id', 'signup_at', 'activated_at', 'title', 'invited_by'],
  releases: ['feature', 'released_at', 'kind', 'title'],
  feature_requests: ['request_id', 'feature', 'account_id', 'deal_id', 'source', 'created_at', 'votes'],
};

// ---------------------------------------------------------------------------------------------
// Model records (internal)
// ---------------------------------------------------------------------------------------------

/**
 * @typedef {{ idx: number, id: string, w: number, p: number, r: number, q: number, boost: number,
 *   launch: number, inWindow: boolean, legacy: boolean, core: boolean, idea: boolean,
 *   events: string[], label: string, role?: string, customOwner?: Account }} Feature
 * @typedef {{ f: number, s: number, e: number, q: number, wm: number, onboarding: boolean }} Entry
 * @typedef {{ idx: number, id: string, name: string, domain: string, created: number, plan: string,
 *   arche: Archetype, shelf: boolean, usageEnd: number, featureEnd: number, usageStart: number,
 *   firstClose: number, firstDeal: Deal | null, arr: number, users: User[], contacts: Contact[],
 *   entries: Entry[], engagement: number, promised: Map<number, Deal>, noAdopt: Set<number> }} Account
 * @typedef {{ id: string, seq: number, account: Account, name: string, amount: number | null,
 *   stage: 'won' | 'lost' | 'open', created: number, closed: number | null, source: string,
 *   type: 'new' | 'renewal' | 'expansion', discount: number | null, list: number | null,
 *   promised: Feature[], owner: string, salesSourced: boolean, touches: number }} Deal
 * @typedef {{ idx: number, id: string, account: Account, signup: number, act: number, end: number,
 *   title: string, invitedBy: User | null, rate: number }} User
 * @typedef {{ id: string, account: Account, title: string, email: string, name: string }} Contact
 */

const SALES_SOURCES = new Set(['outbound', 'sdr', 'ae', 'sales', 'event', 'partner', 'trade show']);

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

/**
 * Generate one synthetic company into `outDir`.
 * @param {{ profile: Profile, seed?: number, events?: number, outDir: string, asOf?: string,
 *   months?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ profile: Profile, seed: number, outDir: string, rows: Record<string, number>, bytes: Record<string, number> }>}
 */
export async function generateCompany(options) {
  const profile = options.profile;
  const cfg = PROFILES[profile];
  if (!cfg) throw new Error(`unknown profile ${profile} (expected ${PROFILE_NAMES.join(' or ')})`);
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const targetEvents = Math.max(1000, Math.round(options.events ?? cfg.baseEvents));
  const months = options.months ?? DEFAULT_MONTHS;
  const asOfDay = Date.parse(`${options.asOf ?? DEFAULT_AS_OF}T00:00:00Z`);
  if (Number.isNaN(asOfDay)) throw new Error(`bad --as-of ${options.asOf}`);
  const asOfDate = new Date(asOfDay);
  const start = Date.UTC(asOfDate.getUTCFullYear(), asOfDate.getUTCMonth() - months + 1, 1);
  const T = asOfDay; // last day with data (00:00); events run to T + DAY - 1s
  const TEND = T + DAY - SEC;
  const scale = targetEvents / cfg.baseEvents;
  const rng = new Rng(seed, `pullcheck:${profile}:world`);
  const hashSeed = (seed ^ fnv1a(`pullcheck:${profile}:users`)) | 0;

  // ---- features ------------------------------------------------------------------------------
  const features = buildFeatures(cfg, rng, start, T);
  const released = features.filter((f) => !f.idea);
  const onboardingFeature = features[0];

  // ---- accounts, deals, users -----------------------------------------------------------------
  /** @type {Account[]} */ const accounts = [];
  /** @type {Deal[]} */ const deals = [];
  /** @type {User[]} */ const users = [];
  /** @type {{ t: number, user: User }[]} */ const invites = [];
  let dealSeq = 0;

  const nAccounts = Math.max(20, Math.round(cfg.accounts * scale));
  const arrivals = arrivalTimes(rng, nAccounts, start + 3 * DAY, T - 5 * DAY);
  const stems = rng.shuffle(COMPANY_STEMS.slice());
  const kinds = rng.shuffle(COMPANY_KINDS.slice());
  const idWidth = Math.max(4, String(nAccounts).length);

  /** @returns {Deal} */
  function addDeal(account, type, created, source) {
    /** @type {Deal} */
    const d = {
      id: '', seq: dealSeq++, account, name: '', amount: null, stage: 'open', created, closed: null,
      source, type, discount: null, list: null, promised: [], owner: '',
      salesSourced: SALES_SOURCES.has(source), touches: 0,
    };
    const label = type === 'new' ? 'New Business' : type === 'renewal' ? `Renewal ${new Date(created).getUTCFullYear()}` : 'Expansion';
    d.name = `${account.name} - ${label}`;
    deals.push(d);
    return d;
  }

  /** Price a deal: list, discount (fraction), amount. */
  function price(d, list, quarterEnd) {
    const disc = cfg.discount;
    let discount = 0;
    if (cfg.sales) {
      const mean = quarterEnd ? disc.quarterEnd : d.type === 'renewal' ? 0.11 : disc.base;
      discount = Math.min(0.5, Math.max(0, rng.normal(mean, disc.sd)));
    } else if (d.type === 'new') {
      const a = d.account.arche.name;
      if (a === 'enterprise') discount = rng.uniform(0.06, 0.2);
      else if (a === 'selfserve') discount = rng.chance(disc.annualPrepay) ? 0.1 : 0;
      else discount = rng.chance(0.45) ? rng.uniform(0.05, 0.15) : 0;
      // a deal pulled into the last days of the quarter buys its signature with a bigger discount
      if (quarterEnd) discount += rng.uniform(disc.quarterEndExtra[0], disc.quarterEndExtra[1]);
    } else discount = rng.chance(disc.renewal) ? rng.uniform(0.03, 0.1) : 0;
    discount = Math.round(discount * 100) / 100;
    const amount = Math.round((list * (1 - discount)) / 10) * 10;
    if (rng.chance(disc.blank)) {
      d.discount = null;
      d.list = null;
    } else {
      d.discount = discount;
      d.list = Math.round(list / 10) * 10;
    }
    d.amount = amount;
    return amount;
  }

  function closeDeal(d, closeAt, won) {
    if (closeAt > T) {
      d.stage = 'open';
      d.closed = null;
      if (rng.chance(0.6)) { d.amount = null; d.discount = null; d.list = null; }
      return;
    }
    d.stage = won ? 'won' : 'lost';
    d.closed = floorDay(closeAt);
    if (!won && rng.chance(0.3)) { d.amount = null; d.discount = null; d.list = null; }
    if (won && rng.chance(0.015)) { d.amount = null; }
  }

  function ownerFor(d) {
    if (cfg.sales) return d.type === 'new' ? rng.pick(SALES_OWNERS) : rng.pick(AM_OWNERS);
    if (d.type === 'new' && (d.account.arche.name === 'selfserve' || d.account.arche.name === 'free')) return rng.chance(0.8) ? '' : rng.pick(PLG_OWNERS);
    if (d.type !== 'new' && !d.salesSourced) return rng.chance(0.6) ? '' : rng.pick(PLG_OWNERS);
    return rng.pick(PLG_OWNERS);
  }

  function pickRole(table) { return rng.weighted(table); }
  function titleFor(role) { return rng.pick(TITLES[role]); }

  /** Add a user; activation drawn by mode. */
  function addUser(account, signup, mode, invitedBy) {
    const a = cfg.activation;
    let act = NaN;
    if (mode === 'viral') {
      const p = account.users.length === 0 ? 0.93 : account.arche.free ? 0.7 : a.p;
      if (rng.chance(p)) act = signup + Math.max(2 * MIN, rng.lognormal(a.median, a.sigma) * DAY);
    } else if (mode === 'trial') {
      if (rng.chance(0.75)) act = signup + Math.max(2 * MIN, rng.lognormal(3, 1.1) * DAY);
    } else if (account.shelf) {
      if (rng.chance(a.shelfP)) act = signup + Math.max(2 * MIN, rng.lognormal(a.shelfMedian, 0.8) * DAY);
      if (act >= account.featureEnd) act = NaN;
    } else if (rng.chance(a.p)) {
      act = signup + Math.max(2 * MIN, rng.lognormal(a.median, a.sigma) * DAY);
    }
    if (act > Math.min(TEND, account.usageEnd)) act = NaN;
    const role = pickRole(cfg.roles);
    /** @type {User} */
    const u = {
      idx: users.length, id: '', account, signup, act, end: 0, title: titleFor(role), invitedBy,
      rate: rng.lognormal(1, cfg.session.rateSigma) * account.engagement,
    };
    if (Number.isNaN(act)) u.end = signup + rng.uniform(2, 25) * DAY;
    else {
      u.end = Math.min(account.usageEnd, act + rng.exp(cfg.userLifeDays) * DAY);
      if (account.shelf) u.end = Math.min(u.end, account.featureEnd + rng.uniform(0, 60) * DAY);
      u.end = Math.max(u.end, act + HOUR);
    }
    u.end = Math.min(u.end, TEND);
    users.push(u);
    account.users.push(u);
    return u;
  }

  /** Pick an inviter among the account's users activated before t (prefer recent signups). */
  function pickInviter(account, t) {
    const ready = account.users.filter((u) => !Number.isNaN(u.act) && u.act < t - 10 * MIN && u.end > t);
    if (!ready.length) return null;
    const recent = ready.filter((u) => t - u.signup < 30 * DAY);
    return rng.pick(recent.length && rng.chance(0.7) ? recent : ready);
  }

  /** Users joining an account from `from`: viral growth (invites) or admin provisioning. */
  function growUsers(account, from, n, mode) {
    let t = from;
    const limit = Math.min(TEND, account.usageEnd);
    for (let k = 0; k < n; k++) {
      if (k > 0) {
        if (mode === 'viral') t += rng.exp(4 + 1.5 * k) * DAY;
        else if (mode === 'provision') t = rng.chance(0.6) ? from + rng.uniform(0, 14) * DAY : from + rng.uniform(10, 240) * DAY;
        else t += rng.exp(3) * DAY;
      }
      if (t > limit) { if (mode === 'provision') continue; break; }
      const signup = workTime(rng, t);
      if (signup > limit) continue;
      let inviter = null;
      const inviteShare = mode === 'viral' ? cfg.invitedShare : mode === 'provision' ? cfg.invitedShare : 0.3;
      if (k > 0 && rng.chance(inviteShare)) {
        const sentAt = signup - Math.max(MIN, rng.lognormal(0.25, 1.0) * DAY);
        inviter = pickInviter(account, sentAt);
        if (inviter) invites.push({ t: Math.max(sentAt, inviter.act + MIN), user: inviter });
      }
      addUser(account, signup, mode, inviter);
    }
  }

  /** Renewals and expansions after the first won deal. */
  function contractLife(account, first) {
    let arr = first.amount ?? first.list ?? 10_000;
    const firstClose = /** @type {number} */ (first.closed);
    const r = cfg.renew;
    for (let year = 1; year < 10; year++) {
      const contractStart = firstClose + (year - 1) * 365 * DAY;
      const renewalAt = firstClose + year * 365 * DAY + rng.int(-5, 10) * DAY;
      // expansions during the contract year
      const slots = cfg.sales ? [rng.uniform(90, 330)] : [rng.uniform(40, 170), rng.uniform(190, 330)];
      const pSlot = cfg.sales ? (account.shelf ? 0 : cfg.expansionPerYear) : cfg.expansionPerYear / 2;
      for (const off of slots) {
        if (!rng.chance(pSlot)) continue;
        const closeAt = contractStart + off * DAY;
        if (closeAt > account.usageEnd) continue;
        const cycle = cfg.sales ? rng.lognormal(60, 0.4) : rng.lognormal(8, 0.6);
        const created = workDayTime(rng, closeAt - cycle * DAY);
        if (created > T) continue;
        const source = cfg.sales
          ? rng.weighted({ ae: 0.45, sales: 0.25, partner: 0.1, inbound: 0.1, '': 0.1 })
          : rng.weighted({ pql: 0.35, product: 0.25, 'self-serve': 0.25, ae: 0.07, '': 0.08 });
        const d = addDeal(account, 'expansion', floorDay(created), source);
        price(d, arr * (cfg.sales ? rng.uniform(0.15, 0.4) : rng.uniform(0.15, 0.55)), false);
        const won = rng.chance(cfg.sales ? 0.8 : 0.95);
        closeDeal(d, toWeekday(closeAt), won);
        d.owner = ownerFor(d);
        if (d.stage === 'won' && d.amount) arr += d.amount;
      }
      // sales-led renewals of sales-sourced contracts are negotiated for months; others renew quietly
      const [leadMin, leadMax] = first.salesSourced ? cfg.renewalLead.sales : cfg.renewalLead.other;
      const lead = rng.uniform(leadMin, leadMax);
      const created = floorDay(renewalAt - lead * DAY);
      if (created > T || renewalAt > account.usageEnd + DAY) break;
      const source = rng.chance(0.9) ? first.source : '';
      const d = addDeal(account, 'renewal', created, source);
      const renewP = account.shelf ? r.shelf : r.ok;
      const factorRange = account.shelf ? r.shelfFactor : r.okFactor;
      const renewed = rng.chance(renewP);
      price(d, (arr * rng.uniform(factorRange[0], factorRange[1])) / (cfg.sales ? 0.89 : 1), false);
      closeDeal(d, renewalAt, renewed);
      d.owner = ownerFor(d);
      if (d.stage === 'open') break;
      if (d.stage === 'lost') {
        account.usageEnd = Math.min(account.usageEnd, renewalAt + rng.uniform(0, 25) * DAY);
        break;
      }
      arr = d.amount ?? arr;
    }
    account.arr = arr;
  }

  for (let i = 0; i < nAccounts; i++) {
    const arche = rng.weightedItem(cfg.archetypes, (a) => a.weight);
    const stem = stems[i % stems.length];
    // (i mod S, (i + 11·⌊i/S⌋) mod K) is unique for i < S·K since gcd(11, 20) = 1
    const kind = kinds[(i + 11 * Math.floor(i / stems.length)) % kinds.length];
    const round = Math.floor(i / (stems.length * kinds.length));
    const name = `${stem} ${kind}${round ? ` ${round + 1}` : ''}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    /** @type {Account} */
    const account = {
      idx: i, id: `A${String(i + 1).padStart(idWidth, '0')}`, name,
      domain: rng.chance(0.85) ? `${slug}.example` : `${slug}.example.com`,
      created: floorDay(arrivals[i]), plan: '', arche, shelf: false, usageEnd: Infinity, featureEnd: Infinity,
      usageStart: NaN, firstClose: NaN, firstDeal: null, arr: 0, users: [], contacts: [], entries: [],
      engagement: rng.lognormal(1, 0.35) * cfg.session.engagement, promised: new Map(), noAdopt: new Set(),
    };
    accounts.push(account);
    if (cfg.sales) salesLedAccount(account);
    else productLedAccount(account);
  }

  /** @param {Account} account */
  function salesLedAccount(account) {
    const arche = account.arche;
    let created = arche.trial ? account.created + rng.uniform(3, 20) * DAY : account.created + rng.uniform(0, 40) * DAY;
    if (arche.trial) {
      account.usageEnd = account.created + rng.uniform(25, 60) * DAY; // extended if won
      growUsers(account, account.created, rng.int(1, 3), 'trial');
    }
    let winP = arche.win;
    for (let attempt = 0; attempt < 3; attempt++) {
      created = Math.min(floorDay(toWeekday(created)), T);
      const source = rng.weighted(arche.sources);
      const d = addDeal(account, 'new', created, source);
      const won = rng.chance(winP);
      let closeAt = created + Math.max(7, rng.lognormal(arche.cycle, 0.45)) * DAY;
      let qe = false;
      if (won && rng.chance(cfg.quarterEndPull)) {
        const qEnd = quarterEndDay(closeAt);
        if (qEnd <= T) {
          if (closeAt < qEnd - 13 * DAY) closeAt = qEnd - rng.int(0, 13) * DAY;
          qe = true;
        }
      } else closeAt = toWeekday(closeAt);
      if (closeAt >= qEndStart(closeAt)) qe = true;
      price(d, Math.min(400_000, Math.max(4_000, rng.lognormal(arche.list, arche.sigma))), qe);
      closeDeal(d, closeAt, won);
      d.owner = ownerFor(d);
      if (d.stage === 'won') {
        wonAccount(account, d);
        return;
      }
      if (d.stage === 'open' || !rng.chance(0.15)) return;
      created = /** @type {number} */ (d.closed) + rng.uniform(60, 300) * DAY;
      if (created > T) return;
      winP = 0.45;
    }
  }

  /** Last-14-days-of-quarter window start for the quarter containing ms. */
  function qEndStart(ms) { return quarterEndDay(ms) - 13 * DAY; }

  /** @param {Account} account @param {Deal} d */
  function wonAccount(account, d) {
    account.firstDeal = d;
    account.firstClose = /** @type {number} */ (d.closed);
    account.usageEnd = Infinity;
    account.shelf = rng.chance(cfg.shelfRate);
    if (account.shelf) account.featureEnd = account.firstClose + rng.uniform(25, 55) * DAY;
    const list = d.list ?? (d.amount ?? 20_000) / 0.85;
    account.plan = cfg.sales ? (list > 40_000 ? 'enterprise' : 'professional') : list > 30_000 ? 'enterprise' : list > 10_000 ? 'business' : 'team';
    contractLife(account, d);
    if (cfg.sales) {
      const seats = Math.min(150, Math.max(3, Math.round(list / rng.uniform(cfg.seatPrice[0], cfg.seatPrice[1]))));
      const share = account.shelf ? rng.uniform(0.3, 0.7) : rng.uniform(cfg.provisionShare[0], cfg.provisionShare[1]);
      const n = Math.max(2, Math.round(seats * share));
      growUsers(account, account.firstClose + rng.uniform(4, 21) * DAY, n, 'provision');
    }
  }

  /** @param {Account} account */
  function productLedAccount(account) {
    const arche = account.arche;
    const eventual = Math.max(1, Math.min(arche.free ? 6 : 120, Math.round(rng.lognormal(arche.users ?? 8, arche.free ? 0.6 : 0.6))));
    if (arche.free) {
      account.plan = 'free';
      account.usageEnd = account.created + rng.uniform(cfg.freeLifeDays[0], cfg.freeLifeDays[1]) * DAY;
      if (rng.chance(0.2)) {
        // a trial that did not convert (or is still open)
        const created = floorDay(account.created + rng.uniform(2, 12) * DAY);
        const d = addDeal(account, 'new', Math.min(created, T), rng.weighted({ 'self-serve': 0.6, pql: 0.25, '': 0.15 }));
        price(d, rng.lognormal(arche.list, arche.sigma), false);
        closeDeal(d, created + rng.lognormal(14, 0.5) * DAY, false);
        d.owner = ownerFor(d);
      }
      growUsers(account, account.created, eventual, 'viral');
      return;
    }
    const priorUsage = arche.name !== 'enterprise' || rng.chance(arche.priorUsage ?? 0.45);
    let created;
    if (priorUsage) {
      // starts free: founder signs up, team grows, then a deal
      account.usageEnd = Infinity;
      created = account.created + (arche.name === 'enterprise' ? rng.uniform(20, 120) : rng.uniform(0, 10)) * DAY;
    } else {
      created = account.created + rng.uniform(0, 12) * DAY;
    }
    created = Math.min(floorDay(created), T);
    const d = addDeal(account, 'new', created, rng.weighted(arche.sources));
    const won = rng.chance(arche.win);
    let closeAt = created + Math.max(1, rng.lognormal(arche.cycle, 0.5)) * DAY;
    let qe = false;
    // sales-assisted deals (not self-serve checkouts) get pulled in to make the quarter
    if (won && arche.assisted && rng.chance(cfg.quarterEndPull)) {
      const qEnd = quarterEndDay(closeAt);
      if (qEnd <= T) {
        if (closeAt < qEnd - 13 * DAY) closeAt = qEnd - rng.int(0, 13) * DAY;
        qe = true;
      }
    }
    price(d, Math.max(600, rng.lognormal(arche.list, arche.sigma)), qe);
    closeDeal(d, closeAt, won);
    d.owner = ownerFor(d);
    if (d.stage === 'lost') account.usageEnd = /** @type {number} */ (d.closed) + rng.uniform(0, 30) * DAY;
    if (d.stage === 'won') wonAccount(account, d);
    else account.plan = 'free';
    if (priorUsage) growUsers(account, account.created, d.stage === 'won' ? eventual : Math.min(eventual, 4), 'viral');
    else if (d.stage === 'won') growUsers(account, /** @type {number} */ (d.closed) + rng.uniform(2, 10) * DAY, eventual, 'viral');
  }

  // extra invites that were never accepted
  for (const u of users) {
    if (Number.isNaN(u.act)) continue;
    const m = rng.poisson(cfg.extraInvites);
    for (let k = 0; k < m; k++) {
      const t = u.act + Math.max(MIN, rng.exp(8) * DAY);
      if (t < u.end && t <= TEND) invites.push({ t, user: u });
    }
  }
  for (const a of accounts) {
    let first = Infinity;
    for (const u of a.users) if (!Number.isNaN(u.act) && u.act < first) first = u.act;
    a.usageStart = first === Infinity ? NaN : first;
  }

  // ---- roadmap: promises, feature requests -----------------------------------------------------
  const requests = buildRoadmap();

  function buildRoadmap() {
    /** @type {{ feature: Feature, account: Account | null, deal: Deal | null, source: string, created: number, votes: number | null }[]} */
    const out = [];
    const rm = cfg.roadmap;
    const newDeals = deals.filter((d) => d.type === 'new' && !d.account.arche.trial && !d.account.arche.free);
    const wonNew = newDeals.filter((d) => d.stage === 'won');
    const customers = accounts.filter((a) => a.users.length > 0);
    const promise = (d, f) => {
      if (d.promised.includes(f)) return false;
      d.promised.push(f);
      if (d.stage === 'won') d.account.promised.set(f.idx, d);
      return true;
    };
    const request = (feature, account, deal, source, created, votes) => {
      out.push({ feature, account, deal, source, created: Math.min(T, Math.max(start, floorDay(created))), votes });
    };
    // in launch order, a steady share of new features is driven by deals (custom or sales)
    const inWindow = features.filter((f) => f.inWindow).sort((a, b) => a.launch - b.launch || a.idx - b.idx);
    const dealDriven = systematic(rng, inWindow.length, rm.custom + rm.sales);
    const customOfDealDriven = systematic(rng, dealDriven.filter(Boolean).length, rm.custom / Math.max(1e-9, rm.custom + rm.sales));
    let dealDrivenSeen = 0;
    for (const [i, f] of inWindow.entries()) {
      /** @type {string} */
      let role = 'organic';
      if (dealDriven[i]) role = customOfDealDriven[dealDrivenSeen++] ? 'custom' : 'sales';
      if (role === 'custom') {
        const cands = wonNew.filter((d) => d.created >= f.launch - 300 * DAY && d.created <= f.launch - 14 * DAY && !d.account.shelf);
        if (cands.length) {
          const d = rng.pick(cands);
          promise(d, f);
          f.customOwner = d.account;
          f.role = 'custom';
          request(f, d.account, d, 'sales', d.created + rng.uniform(0, 20) * DAY, null);
          const after = /** @type {number} */ (d.closed);
          if (rng.chance(0.5) && after < f.launch - 5 * DAY) request(f, d.account, null, 'customer', rng.uniform(after, f.launch), rng.int(1, 3));
          continue;
        }
        role = 'sales';
      }
      if (role === 'sales') {
        f.role = 'sales';
        const cands = newDeals.filter((d) => d.created >= f.launch - 300 * DAY && d.created <= f.launch + 20 * DAY);
        const k = cfg.sales ? rng.int(2, 5) : 1;
        for (const d of rng.sample(cands, k)) {
          if (promise(d, f)) request(f, d.account, d, rng.chance(0.75) ? 'sales' : 'prospect', d.created + rng.uniform(0, 20) * DAY, null);
        }
        if (cfg.sales) continue;
      }
      f.role = f.role ?? 'organic';
      // customer-driven requests
      const before = customers.filter((a) => a.created < f.launch - 10 * DAY);
      const k = cfg.sales ? rng.int(0, 3) : rng.int(3, 12);
      for (const a of rng.sample(before, k)) {
        request(f, a, null, cfg.sales ? rng.weighted({ customer: 0.6, support: 0.4 }) : rng.weighted({ customer: 0.65, support: 0.35 }),
          f.launch - rng.uniform(10, 360) * DAY, cfg.sales ? rng.int(1, 4) : rng.int(1, 40));
      }
      if (!cfg.sales && rng.chance(0.3)) request(f, null, null, 'internal', f.launch - rng.uniform(30, 200) * DAY, null);
    }
    // legacy features: improvement requests from customers
    for (const f of features.filter((x) => x.legacy)) {
      if (!rng.chance(cfg.sales ? 0.35 : 0.6)) continue;
      const k = cfg.sales ? rng.int(1, 3) : rng.int(2, 8);
      for (const a of rng.sample(customers, k)) {
        request(f, a, null, rng.weighted({ customer: 0.6, support: 0.3, internal: 0.1 }), rng.uniform(Math.max(start, a.created), T), cfg.sales ? rng.int(1, 3) : rng.int(1, 25));
      }
    }
    // extra promises made to close deals
    const ideas = features.filter((f) => f.idea);
    for (const d of newDeals) {
      if (d.promised.length) continue;
      const arche = d.account.arche.name;
      // product-led: only sales-assisted deals get promises (enterprise checklists), pql ones rarely
      const p = (d.stage === 'won' ? rm.extraPromise : rm.extraPromise * 0.6) * (!cfg.sales && arche === 'pql' ? 0.4 : 1);
      const eligible = cfg.sales || arche === 'enterprise' || arche === 'inbound' || arche === 'pql';
      if (!eligible || !rng.chance(p)) continue;
      const m = cfg.sales ? rng.int(1, 2) : 1;
      for (let k = 0; k < m; k++) {
        const kind = rng.weighted(rm.promiseMix);
        /** @type {Feature | undefined} */
        let f;
        if (kind === 'existing') {
          const pool = cfg.sales ? released.filter((g) => g.launch < d.created) : released.filter((g) => ENTERPRISE_FEATURES.includes(g.id) && g.launch < d.created);
          f = pool.length ? rng.pick(pool) : undefined;
        } else if (kind === 'roadmap') {
          // roadmap promises pile onto features that deals already drive
          const road = released.filter((g) => g.inWindow && g.launch > d.created && g.launch < d.created + 365 * DAY && g.role === 'sales');
          f = road.length ? rng.pick(road) : undefined;
        }
        if (!f) f = rng.pick(ideas);
        if (f && promise(d, f) && rng.chance(0.5)) request(f, d.account, d, 'sales', d.created + rng.uniform(0, 30) * DAY, null);
      }
    }
    // ideas: requested, never built
    for (const f of ideas) {
      const k = rng.int(1, 5);
      for (let j = 0; j < k; j++) {
        if (cfg.sales && rng.chance(0.5) && newDeals.length) {
          const d = rng.pick(newDeals);
          request(f, d.account, d, 'sales', d.created + rng.uniform(0, 30) * DAY, null);
        } else if (customers.length) {
          const a = rng.pick(customers);
          request(f, a, null, rng.weighted({ customer: 0.6, support: 0.3, prospect: 0.1 }), rng.uniform(Math.max(start, a.created), T), rng.int(1, cfg.sales ? 4 : 30));
        }
      }
    }
    out.sort((a, b) => a.created - b.created);
    return out;
  }

  // ---- feature adoption per account --------------------------------------------------------------
  const fcfg = cfg.features;
  const promiseAdoption = new Quota(rng, cfg.roadmap.promiseAdopt);
  for (const a of accounts) {
    if (Number.isNaN(a.usageStart)) continue;
    const u0 = a.usageStart;
    const end = Math.min(a.usageEnd, a.featureEnd);
    a.entries.push({ f: onboardingFeature.idx, s: u0, e: a.featureEnd, q: 1, wm: 1, onboarding: true });
    for (const f of released) {
      if (f === onboardingFeature || f.launch >= end || f.launch > T) continue;
      const promisedBy = a.promised.get(f.idx);
      if (promisedBy) {
        if (f.customOwner === a ? !rng.chance(cfg.roadmap.customAdopt) : !promiseAdoption.next()) continue;
        const s = Math.max(Math.max(f.launch, /** @type {number} */ (promisedBy.closed)) + rng.uniform(2, 45) * DAY, u0 + rng.uniform(0, 15) * DAY);
        const keep = rng.chance(f.customOwner === a ? 0.6 : cfg.sales ? 0.4 : 0.9);
        const e = keep ? a.featureEnd : Math.min(a.featureEnd, s + rng.uniform(15, 45) * DAY);
        // the account asked for it: those who adopt it use it noticeably
        if (s < end) a.entries.push({ f: f.idx, s, e, q: cfg.sales ? 0.7 : 0.9, wm: cfg.sales ? (f.customOwner === a ? 8 : 6) : cfg.roadmap.promiseWeight, onboarding: false });
        continue;
      }
      const existed = f.launch <= u0;
      let p = f.p;
      if (f.customOwner) p = 0.01;
      else if (f.inWindow && existed) p *= fcfg.fresh.lateFactor;
      if (!rng.chance(p)) continue;
      const s = existed ? u0 + rng.exp(f.core ? 2 : fcfg.discoverDelay) * DAY : f.launch + rng.exp(fcfg.launchDelay) * DAY;
      if (s >= end) continue;
      const e = rng.chance(f.r) ? a.featureEnd : Math.min(a.featureEnd, s + rng.uniform(10, 45) * DAY);
      a.entries.push({ f: f.idx, s, e, q: f.q, wm: 1, onboarding: false });
    }
  }

  // ---- contacts --------------------------------------------------------------------------------
  /** @type {Contact[]} */ const contacts = [];
  const usedEmails = new Set();
  function personName() { return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`; }
  function addContact(account, title) {
    const name = personName();
    const base = name.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(' ', '.');
    const domain = rng.chance(0.12) ? 'example.com' : account.domain;
    let email = `${base}@${domain}`;
    for (let n = 2; usedEmails.has(email); n++) email = `${base}${n}@${domain}`;
    usedEmails.add(email);
    const c = { id: `C${String(contacts.length + 1).padStart(idWidth + 1, '0')}`, account, title, email: rng.chance(0.06) ? '' : email, name };
    contacts.push(c);
    account.contacts.push(c);
    return c;
  }
  for (const a of accounts) {
    if (cfg.sales) {
      const n = Math.min(8, 2 + rng.poisson(1.8));
      for (let k = 0; k < n; k++) addContact(a, titleFor(pickRole(cfg.contactRoles)));
    } else {
      if (a.users.length) {
        const fromUsers = rng.sample(a.users.slice(1), rng.chance(cfg.userContacts) ? 1 : 0);
        for (const u of [a.users[0], ...fromUsers]) addContact(a, u.title);
      }
      // the buying committee: sales-assisted accounts add executives, procurement and IT
      const bc = cfg.buyerContacts[a.arche.name];
      const n = bc && rng.chance(bc.p) ? rng.int(bc.n[0], bc.n[1]) : 0;
      for (let k = 0; k < n; k++) addContact(a, titleFor(rng.weighted(cfg.buyerRoles)));
      if (!a.contacts.length) addContact(a, titleFor(pickRole(cfg.contactRoles)));
    }
  }

  // ---- activities ------------------------------------------------------------------------------
  /** @type {{ t: number, type: string, deal: Deal | null, account: Account, contact: Contact | null }[]} */
  const activities = [];
  const touchType = (meetingShare) => {
    const x = rng.next();
    if (x < meetingShare) return rng.chance(0.6) ? 'meeting' : 'demo';
    return rng.chance(0.55) ? 'email' : 'call';
  };
  function addActivity(account, deal, t, type, withDeal) {
    activities.push({ t, type, deal: withDeal ? deal : null, account, contact: account.contacts.length && rng.chance(0.9) ? rng.pick(account.contacts) : null });
  }
  function touchesFor(d) {
    const band = (d.amount ?? d.list ?? 20_000) < 10_000 ? 0 : (d.amount ?? d.list ?? 20_000) <= 50_000 ? 1 : 2;
    const a = d.account.arche;
    if (cfg.sales) {
      // renewals and expansions are negotiated too, large ones twice as hard
      const factor = band === 2 ? cfg.largeRenewalFactor : 1;
      if (d.type === 'renewal') return Math.round(factor * rng.int(cfg.renewalTouches[0], cfg.renewalTouches[1]));
      if (d.type === 'expansion') return Math.round(factor * rng.int(cfg.expansionTouches[0], cfg.expansionTouches[1]));
      let n = Math.round(rng.lognormal(cfg.touchMedians[band] * a.touches, 0.35));
      if (d.stage === 'lost') n = Math.round(n * 0.6);
      return Math.max(3, n);
    }
    const amount = d.amount ?? d.list ?? 0;
    if (cfg.largeDeal && amount > cfg.largeDeal.amount) {
      // enterprise-size contracts are negotiated (security reviews, procurement), even renewals
      return Math.max(4, Math.round(rng.lognormal(d.type === 'new' ? cfg.largeDeal.newTouches : cfg.largeDeal.otherTouches, 0.35)));
    }
    if (d.type === 'renewal') return rng.chance(0.85) ? 0 : 1;
    if (d.type === 'expansion') return d.salesSourced ? rng.int(2, 6) : rng.chance(0.7) ? 0 : 1;
    if (a.name === 'selfserve' || a.name === 'free') return rng.chance(0.62) ? 0 : rng.chance(0.8) ? 1 : 2;
    if (a.name === 'enterprise') return Math.max(4, Math.round(rng.lognormal(a.touches, 0.35)));
    return rng.poisson(a.touches) + (a.name === 'inbound' ? 1 : 0);
  }
  for (const d of deals) {
    const n = touchesFor(d);
    d.touches = n;
    const from = d.created;
    const to = d.closed ?? T;
    const meetingShare = cfg.sales ? d.account.arche.meetingShare : d.type === 'new' ? d.account.arche.meetingShare : 0;
    const linkP = cfg.sales ? 0.85 : 0.92;
    for (let k = 0; k < n; k++) {
      const t = Math.min(to + 18 * HOUR, workTime(rng, toWeekday(from + rng.next() * Math.max(DAY, to - from))));
      addActivity(d.account, d, t, touchType(meetingShare), rng.chance(linkP));
    }
    const extra = rng.poisson(n * 0.25);
    for (let k = 0; k < extra; k++) {
      const t = workTime(rng, toWeekday(from + rng.next() * Math.max(DAY, to - from)));
      addActivity(d.account, d, Math.min(t, to + 18 * HOUR), rng.chance(0.6) ? 'note' : 'task', rng.chance(linkP));
    }
  }
  // post-sale onboarding and check-ins (account-level, no deal id)
  for (const a of accounts) {
    if (!a.firstDeal) continue;
    const close = a.firstClose;
    const onboarding = cfg.sales ? rng.int(cfg.onboardingTouches[0], cfg.onboardingTouches[1]) : a.arche.name === 'enterprise' ? rng.int(1, 3) : rng.chance(0.05) ? 1 : 0;
    for (let k = 0; k < onboarding; k++) {
      const t = workTime(rng, toWeekday(close + rng.uniform(3, 60) * DAY));
      if (t <= TEND) addActivity(a, null, t, rng.weighted({ meeting: 0.4, call: 0.35, email: 0.25 }), false);
    }
    if (cfg.sales) {
      for (let t = close + rng.uniform(80, 100) * DAY; t <= Math.min(T, a.usageEnd); t += rng.uniform(80, 100) * DAY) {
        const at = workTime(rng, toWeekday(t));
        if (at <= TEND) addActivity(a, null, at, rng.chance(0.5) ? 'call' : 'email', false);
      }
    }
  }
  // sales-led: many provisioned users are walked to activation by a training call or meeting
  if (cfg.activation.trainedShare) {
    for (const u of users) {
      const a = u.account;
      if (Number.isNaN(u.act) || !a.firstDeal || u.signup < a.firstClose || !rng.chance(cfg.activation.trainedShare)) continue;
      const t = u.signup + rng.uniform(0.1, 0.95) * (u.act - u.signup);
      if (t <= TEND) addActivity(a, null, t, rng.chance(0.6) ? 'meeting' : 'call', false);
    }
  }
  activities.sort((x, y) => x.t - y.t);

  // ---- releases --------------------------------------------------------------------------------
  /** @type {{ feature: Feature, t: number, kind: string, title: string }[]} */
  const releases = [];
  for (const f of released) {
    releases.push({ feature: f, t: f.launch, kind: 'new', title: `Introducing ${f.label}` });
    const from = Math.max(start, f.launch + 14 * DAY);
    const rates = cfg.releases;
    const weight = cfg.sales ? 1 : 0.5 + hashUnit(seed, f.idx, 7, 7);
    for (const [kind, perYear] of /** @type {[string, number][]} */ ([['improvement', rates.improvementsPerYear * weight], ['fix', rates.fixesPerYear]])) {
      for (let t = from + rng.exp(365 / perYear) * DAY; t <= T; t += rng.exp(365 / perYear) * DAY) {
        const day = floorDay(toWeekday(t));
        if (day > T) break;
        const title = kind === 'improvement' ? `${f.label}: ${rng.pick(IMPROVEMENTS)}` : `${f.label}: fixed ${rng.pick(FIXES)}`;
        releases.push({ feature: f, t: day, kind, title });
      }
    }
  }
  // a release train: improvements to the features in use, on a steady cadence
  if (cfg.releases.trainDays) {
    const every = cfg.releases.trainDays;
    for (let t = start + rng.uniform(0, every) * DAY; t <= T; t += rng.uniform(0.7, 1.3) * every * DAY) {
      const day = floorDay(toWeekday(t));
      const live = released.filter((f) => f.launch + 14 * DAY <= day);
      if (day > T || !live.length) continue;
      const f = rng.weightedItem(live, (g) => g.w);
      releases.push({ feature: f, t: day, kind: 'improvement', title: `${f.label}: ${rng.pick(IMPROVEMENTS)}` });
    }
  }
  releases.sort((a, b) => a.t - b.t || a.feature.idx - b.feature.idx);

  // ---- ids -------------------------------------------------------------------------------------
  deals.sort((a, b) => a.created - b.created || a.seq - b.seq);
  const dealWidth = Math.max(5, String(deals.length).length);
  deals.forEach((d, i) => { d.id = `D${String(i + 1).padStart(dealWidth, '0')}`; });
  const usersBySignup = users.slice().sort((a, b) => a.signup - b.signup || a.idx - b.idx);
  const userWidth = Math.max(5, String(users.length).length);
  usersBySignup.forEach((u, i) => { u.id = `U${String(i + 1).padStart(userWidth, '0')}`; });

  // ---- write the small tables ------------------------------------------------------------------
  mkdirSync(options.outDir, { recursive: true });
  const file = (t) => path.join(options.outDir, `${t}.csv`);
  /** @type {Record<string, CsvWriter>} */
  const w = {};
  for (const t of Object.keys(HEADERS)) w[t] = new CsvWriter(file(t), HEADERS[t]);

  for (const a of accounts) await w.accounts.row([a.id, a.name, a.domain, dayStr(a.created), a.plan]);
  for (const d of deals) {
    await w.deals.row([d.id, d.account.id, d.name, d.amount, d.stage, dayStr(d.created), d.closed === null ? '' : dayStr(d.closed),
      d.source, d.type, d.discount, d.list, d.promised.map((f) => f.id).join(';'), d.owner]);
  }
  for (const c of contacts) await w.contacts.row([c.id, c.account.id, c.title, c.email, c.name]);
  for (const u of usersBySignup) {
    await w.users.row([u.id, u.account.id, tsStr(u.signup), Number.isNaN(u.act) ? '' : tsStr(u.act), u.title, u.invitedBy ? u.invitedBy.id : '']);
  }
  for (const r of releases) await w.releases.row([r.feature.id, dayStr(r.t), r.kind, r.title]);
  let reqN = 0;
  for (const r of requests) {
    reqN++;
    await w.feature_requests.row([`FR${String(reqN).padStart(5, '0')}`, r.feature.id, r.account ? r.account.id : '', r.deal ? r.deal.id : '', r.source, dayStr(r.created), r.votes]);
  }
  const actWidth = Math.max(6, String(activities.length).length);
  let actN = 0;
  for (const x of activities) {
    actN++;
    await w.activities.row([`ACT${String(actN).padStart(actWidth, '0')}`, x.type, x.deal ? x.deal.id : '', x.deal && rng.chance(0.3) ? '' : x.account.id, x.contact ? x.contact.id : '', tsStr(x.t)]);
  }

  // ---- events ----------------------------------------------------------------------------------
  await simulateEvents({ cfg, seed, profile, features, users, invites, start, TEND, targetEvents, hashSeed, writer: w.events });

  for (const t of Object.keys(w)) await w[t].close();
  /** @type {Record<string, number>} */ const rows = {};
  /** @type {Record<string, number>} */ const bytes = {};
  for (const t of Object.keys(w)) { rows[t] = w[t].rows; bytes[t] = w[t].bytes; }
  const total = Object.values(bytes).reduce((s, b) => s + b, 0);
  const log = options.log ?? ((line) => process.stderr.write(line + '\n'));
  log(`${profile} (seed ${seed}) → ${options.outDir}: ${Object.keys(rows).map((t) => `${t} ${rows[t]}`).join(', ')} [${(total / 1e6).toFixed(2)} MB]`);
  return { profile, seed, outDir: options.outDir, rows, bytes };
}

/**
 * A position in [0, 1) drawn with density rising linearly ~2.6× from start to end (a growing
 * company). `u` is the uniform draw; pass a stratified one to spread positions evenly.
 */
function growthPosition(rng, u = rng.next()) {
  const a = 0.55;
  const b = 0.9;
  const y = u * (a + b / 2);
  return (-a + Math.sqrt(a * a + 2 * b * y)) / b; // inverse of a x + b x^2 / 2
}

/** Account arrival times over [from, to], growing over time. */
function arrivalTimes(rng, n, from, to) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(from + growthPosition(rng) * (to - from));
  return out.sort((p, q) => p - q);
}

/** @returns {Feature[]} */
function buildFeatures(cfg, rng, start, T) {
  const fc = cfg.features;
  const baseCount = 12; // the classic base product comes first in the catalogue
  const base = CATALOGUE.slice(0, baseCount);
  const rest = rng.shuffle(CATALOGUE.slice(baseCount));
  const legacyList = [...base, ...rest.slice(0, cfg.legacyCount - baseCount)];
  const freshList = rest.slice(cfg.legacyCount - baseCount, cfg.featureCount - baseCount);
  const ideaList = rest.slice(cfg.featureCount - baseCount, cfg.featureCount - baseCount + cfg.ideaCount);
  /** @type {Feature[]} */
  const features = [];
  const label = (id) => {
    const s = id.replace(/_/g, ' ').replace(/\b(ai|sso|api|erp|sql|okrs)\b/g, (m) => m.toUpperCase());
    return s[0].toUpperCase() + s.slice(1);
  };
  const legacyFrom = Date.UTC(new Date(start).getUTCFullYear() - 3, 0, 15);
  const legacyTo = start - 30 * DAY;
  const freshFrom = start + 30 * DAY;
  const freshTo = T - 20 * DAY;
  // product-led: Zipf-like weights over a shuffled rank order (the onboarding feature ranks first)
  const ranks = rng.shuffle(Array.from({ length: cfg.featureCount - 1 }, (_, i) => i + 1));
  // product-led: which released features are niche (few accounts ever adopt them), evenly spread
  const nicheFlags = cfg.sales ? [] : [
    ...systematic(rng, cfg.legacyCount, fc.nicheShare.legacy),
    ...systematic(rng, cfg.featureCount - cfg.legacyCount, fc.nicheShare.fresh),
  ];
  const mk = (id, events, kind, i) => {
    const legacy = kind === 'legacy';
    const inWindow = kind === 'fresh';
    /** @type {Feature} */
    const f = {
      idx: features.length, id, events, label: label(id), legacy, inWindow, idea: kind === 'idea', core: false,
      w: 1, p: 0, r: 1, q: fc.q, boost: 1, launch: Infinity,
    };
    if (legacy) f.launch = floorDay(i < 3 ? legacyFrom + i * 20 * DAY : rng.uniform(legacyFrom, legacyTo));
    // new features: one per stratum of the growth curve, so launches per year do not swing by seed
    if (inWindow) f.launch = floorDay(toWeekday(freshFrom + (freshTo - freshFrom) * growthPosition(rng, (i + rng.next()) / freshList.length)));
    if (cfg.sales) {
      if (legacy && i < cfg.coreWeights.length) {
        f.core = true; f.w = cfg.coreWeights[i]; f.p = i === 0 ? 1 : i === 1 ? 0.85 : 0.7; f.r = 1; f.q = fc.coreQ;
      } else if (legacy) {
        f.w = rng.uniform(fc.legacy.w[0], fc.legacy.w[1]); f.p = rng.uniform(fc.legacy.p[0], fc.legacy.p[1]); f.r = fc.legacy.r;
      } else if (inWindow) {
        f.w = rng.uniform(fc.fresh.w[0], fc.fresh.w[1]); f.p = rng.uniform(fc.fresh.p[0], fc.fresh.p[1]);
        f.r = rng.uniform(fc.fresh.r[0], fc.fresh.r[1]); f.boost = fc.boost; f.q = fc.fresh.q;
      }
    } else if (!f.idea) {
      const rank = features.length === 0 ? 0 : ranks[features.length - 1];
      f.w = (cfg.coreWeights[0] / Math.pow(rank + 1, fc.zipf)) * (inWindow ? fc.freshWeight : 1);
      const niche = features.length > 0 && nicheFlags[features.length];
      f.p = features.length === 0 ? 1 : niche ? rng.uniform(fc.niche[0], fc.niche[1]) : rng.uniform(fc.legacy.p[0], fc.legacy.p[1]);
      if (niche) f.w *= fc.nicheWeight;
      f.r = rng.uniform(fc.legacy.r[0], fc.legacy.r[1]);
      f.boost = inWindow ? fc.boost : 1;
      if (features.length === 0) { f.core = true; f.r = 1; f.q = fc.coreQ; }
    }
    features.push(f);
  };
  legacyList.forEach(([id, ev], i) => mk(id, ev, 'legacy', i));
  freshList.forEach(([id, ev], i) => mk(id, ev, 'fresh', i));
  ideaList.forEach(([id, ev], i) => mk(id, ev, 'idea', i));
  return features;
}

// ---------------------------------------------------------------------------------------------
// Event simulation: users' sessions in time order, written per day
// ---------------------------------------------------------------------------------------------

/** Min-heap of (time, user index) in typed arrays. */
class Heap {
  constructor(capacity) {
    this.keys = new Float64Array(Math.max(1, capacity));
    this.vals = new Int32Array(Math.max(1, capacity));
    this.size = 0;
  }
  push(key, val) {
    let i = this.size++;
    const { keys, vals } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] < key || (keys[p] === key && vals[p] < val)) break;
      keys[i] = keys[p]; vals[i] = vals[p]; i = p;
    }
    keys[i] = key; vals[i] = val;
  }
  topKey() { return this.keys[0]; }
  pop() {
    const { keys, vals } = this;
    const top = vals[0];
    const key = keys[--this.size];
    const val = vals[this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && (keys[c + 1] < keys[c] || (keys[c + 1] === keys[c] && vals[c + 1] < vals[c]))) c++;
      if (keys[c] > key || (keys[c] === key && vals[c] > val)) break;
      keys[i] = keys[c]; vals[i] = vals[c]; i = c;
    }
    keys[i] = key; vals[i] = val;
    return top;
  }
}

async function simulateEvents({ cfg, seed, profile, features, users, invites, start, TEND, targetEvents, hashSeed, writer }) {
  const rng = new Rng(seed, `pullcheck:${profile}:events`);
  const fc = cfg.features;
  const sc = cfg.session;
  const nonCorePerSession = sc.loginP + sc.pageviews;
  const featurePerSession = 1 + sc.extraFeatureEvents;

  // Calibrate the session rate so the expected event count matches the target.
  const preSessions = new Map();
  let fixed = invites.length;
  let variable = 0;
  for (const u of users) {
    const actSpan = Number.isNaN(u.act) ? 0 : Math.max(0, u.end - u.act) / DAY;
    fixed += nonCorePerSession; // signup session
    if (!Number.isNaN(u.act)) {
      fixed += nonCorePerSession + featurePerSession; // activation session
      let candidateShare = 1;
      const fe = u.account.featureEnd;
      if (fe < u.end) candidateShare = Math.max(0, Math.min(1, (fe - u.act) / Math.max(1, u.end - u.act)));
      variable += u.rate * actSpan * (nonCorePerSession + featurePerSession * candidateShare * 0.93);
    }
  }
  // pre-activation "look around" sessions: decided up front, deterministic
  for (const u of users) {
    const until = Number.isNaN(u.act) ? Math.min(u.end, u.signup + 14 * DAY) : u.act;
    const gapDays = (until - u.signup) / DAY;
    const m = Number.isNaN(u.act) ? (rng.chance(0.4) ? 1 : 0) : gapDays > 2 ? Math.min(4, rng.poisson(Math.min(3, gapDays / 12))) : 0;
    if (m > 0) {
      const times = [];
      for (let k = 0; k < m; k++) times.push(u.signup + rng.uniform(0.05, 0.95) * (until - u.signup));
      times.sort((a, b) => a - b);
      preSessions.set(u.idx, times);
      fixed += m * nonCorePerSession;
    }
  }
  const weekendLoss = 0.94; // weekend deferral and truncation at user end stretch gaps a little
  const calib = Math.max(0.002, (targetEvents - fixed) / Math.max(1, variable * weekendLoss));

  const heap = new Heap(users.length);
  const phase = new Uint8Array(users.length); // 0 signup, 1 pre-activation, 2 activation due, 3 regular
  const preIdx = new Uint8Array(users.length);
  for (const u of users) heap.push(u.signup, u.idx);
  invites.sort((a, b) => a.t - b.t || a.user.idx - b.user.idx);
  let inviteIdx = 0;

  /** @type {{ t: number, s: number, line: string }[]} */
  let buf = [];
  let carry = [];
  let seq = 0;
  const dayCache = new Map();
  const ts = (ms) => {
    const d = Math.floor(ms / DAY);
    let prefix = dayCache.get(d);
    if (prefix === undefined) {
      prefix = new Date(d * DAY).toISOString().slice(0, 11);
      dayCache.set(d, prefix);
      if (dayCache.size > 4) dayCache.delete(dayCache.keys().next().value);
    }
    const secs = Math.floor((ms - d * DAY) / SEC);
    return `${prefix}${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}Z`;
  };
  const emit = (t, u, event, feature) => {
    if (t > TEND) return;
    const account = rng.chance(0.005) ? '' : u.account.id;
    buf.push({ t, s: seq++, line: `${ts(t)},${u.id},${account},${event},${feature}\n` });
  };

  /** Features the user can use at t, with weights. */
  const cands = [];
  const weights = [];
  function candidates(u, t) {
    cands.length = 0;
    weights.length = 0;
    for (const e of u.account.entries) {
      let us;
      if (e.onboarding) us = Math.max(e.s, u.act);
      else {
        if (hashUnit(hashSeed, u.idx, e.f, 1) >= e.q) continue;
        us = Math.max(e.s, u.act) - fc.userDelay * Math.log(1 - hashUnit(hashSeed, u.idx, e.f, 2)) * DAY;
      }
      if (t < us || t >= e.e) continue;
      const f = features[e.f];
      // per-(user, feature) affinity: people have favourite features (≈ lognormal, from a hash)
      const z = (hashUnit(hashSeed, u.idx, e.f, 3) + hashUnit(hashSeed, u.idx, e.f, 4) + hashUnit(hashSeed, u.idx, e.f, 5) - 1.5) * 2;
      cands.push(f);
      weights.push(f.w * e.wm * Math.exp(sc.affinitySigma * z) * (t - us < 21 * DAY ? f.boost : 1));
    }
  }
  function pickFeature() {
    let total = 0;
    for (const x of weights) total += x;
    let r = rng.next() * total;
    for (let i = 0; i < cands.length; i++) {
      r -= weights[i];
      if (r < 0) return cands[i];
    }
    return cands[cands.length - 1];
  }
  function nonCoreSession(u, t) {
    let x = t;
    if (rng.chance(sc.loginP)) { emit(x, u, 'login', ''); x += rng.int(3, 40) * SEC; }
    const pv = 1 + rng.poisson(sc.pageviews);
    for (let k = 0; k < pv; k++) { emit(x, u, 'pageview', ''); x += rng.int(10, 180) * SEC; }
  }
  function session(u, t, activation) {
    candidates(u, t);
    let x = t;
    if (activation) {
      if (rng.chance(sc.loginP)) emit(t - rng.int(5, 60) * SEC, u, 'login', '');
    } else if (rng.chance(sc.loginP)) { emit(x, u, 'login', ''); x += rng.int(3, 40) * SEC; }
    const pv = rng.poisson(sc.pageviews);
    if (!cands.length && activation) {
      // cannot happen by construction (the onboarding feature is always available); stay safe
      cands.push(features[u.account.entries[0]?.f ?? 0]);
      weights.push(1);
    }
    if (!cands.length) {
      for (let k = 0; k < Math.max(1, pv); k++) { emit(x, u, 'pageview', ''); x += rng.int(10, 180) * SEC; }
      return;
    }
    const k = 1 + rng.poisson(sc.extraFeatureEvents);
    let pvLeft = pv;
    for (let i = 0; i < k; i++) {
      const f = pickFeature();
      emit(x, u, rng.pick(f.events), f.id);
      x += rng.int(15, 240) * SEC;
      if (pvLeft > 0 && rng.chance(0.5)) { emit(x, u, 'pageview', ''); x += rng.int(10, 120) * SEC; pvLeft--; }
    }
  }
  function nextRegular(u, t) {
    let next = t - (1 / (u.rate * calib)) * Math.log(1 - rng.next()) * DAY;
    const wd = weekday(next);
    if ((wd === 0 || wd === 6) && rng.chance(0.75)) next += (wd === 6 ? 2 : 1) * DAY;
    if (next < u.end) heap.push(next, u.idx);
  }

  for (let day = floorDay(start); day <= TEND; day += DAY) {
    const dayEnd = day + DAY;
    buf = carry;
    carry = [];
    while (heap.size && heap.topKey() < dayEnd) {
      const t = heap.topKey();
      const u = users[heap.pop()];
      const ph = phase[u.idx];
      if (ph === 0 || ph === 1) {
        nonCoreSession(u, t);
        const pre = preSessions.get(u.idx);
        if (ph === 0) preIdx[u.idx] = 0; else preIdx[u.idx]++;
        phase[u.idx] = 1;
        if (pre && preIdx[u.idx] < pre.length) heap.push(pre[preIdx[u.idx]], u.idx);
        else if (!Number.isNaN(u.act)) { phase[u.idx] = 2; heap.push(u.act, u.idx); }
      } else if (ph === 2) {
        session(u, t, true);
        phase[u.idx] = 3;
        nextRegular(u, t);
      } else {
        session(u, t, false);
        nextRegular(u, t);
      }
    }
    while (inviteIdx < invites.length && invites[inviteIdx].t < dayEnd) {
      const inv = invites[inviteIdx++];
      emit(inv.t, inv.user, 'invite_sent', '');
    }
    buf.sort((a, b) => a.t - b.t || a.s - b.s);
    let text = '';
    let n = 0;
    for (const e of buf) {
      if (e.t >= dayEnd) carry.push(e);
      else { text += e.line; n++; }
    }
    if (n) await writer.raw(text, n);
  }
}

// ---------------------------------------------------------------------------------------------
// Bundled fixtures and CLI
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Drift: a company sliding from product-led to sales-led
// ---------------------------------------------------------------------------------------------

export const DRIFT_MONTHS = 18;
/** Months of steady product-led history before the drift starts. */
const DRIFT_LEAD_MONTHS = 12;
/** Target events of the two companies spliced (small: the fixture stays a few hundred KB). */
const DRIFT_EVENTS = { 'product-led': 45_000, 'sales-led': 19_000 };
/** Tables written gzipped, to keep the fixture small. */
const DRIFT_GZIP = ['events', 'activities'];
/** Id columns per table, renamed with an `S` prefix in the sales-led half so the halves never share an id. */
const ID_COLUMNS = {
  accounts: ['account_id'], deals: ['deal_id', 'account_id'], activities: ['activity_id', 'deal_id', 'account_id', 'contact_id'],
  contacts: ['contact_id', 'account_id'], users: ['user_id', 'account_id', 'invited_by'], events: ['user_id', 'account_id'],
  feature_requests: ['request_id', 'account_id', 'deal_id'], releases: [],
};

/**
 * A company whose drift is known: product-led for DRIFT_LEAD_MONTHS, then sliding to sales-led
 * over the last DRIFT_MONTHS months up to the as-of date. Generated by splicing a product-led and
 * a sales-led company (same seed, as-of and span) by date: a deal created, a user signed up, an
 * event or touch at t comes from the sales-led company with probability f(t), rising linearly from
 * 0 at the drift's start to 1 at the as-of date, else from the product-led one (so the product-led
 * users fade out); a deal's touches follow the deal, accounts and contacts whatever was kept of
 * them. Releases are spliced the same way by release date (one launch per feature name). Sales-led ids
 * get an `S` prefix (`SA0001`, `SD00001`…) and its domains `s-`, so the halves never collide.
 * A trend of it must fall (test/e2e/trend.test.ts).
 * @param {{ outDir: string, seed?: number, asOf?: string, log?: (line: string) => void }} options
 */
export async function generateDriftCompany(options) {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { parse } = await import('csv-parse/sync');
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const months = DRIFT_LEAD_MONTHS + DRIFT_MONTHS;
  const tmp = mkdtempSync(path.join(tmpdir(), 'pullcheck-drift-'));
  try {
    /** @type {Record<string, Record<string, Record<string, string>[]>>} */
    const halves = {};
    for (const profile of PROFILE_NAMES) {
      const dir = path.join(tmp, profile);
      await generateCompany({ profile, seed, events: DRIFT_EVENTS[profile], outDir: dir, asOf, months, log: () => {} });
      halves[profile] = {};
      for (const table of Object.keys(HEADERS)) {
        halves[profile][table] = parse(readFileSync(path.join(dir, `${table}.csv`), 'utf8'), { columns: true });
      }
    }
    const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
    const end = new Date(asOfMs);
    const driftStart = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - DRIFT_MONTHS + 1, 1);
    /** Share of new accounts (or releases) that are sales-led at `ms`. */
    const salesShare = (ms) => Math.min(1, Math.max(0, (ms - driftStart) / (asOfMs - driftStart)));
    const hashSeed = (seed ^ fnv1a('pullcheck:drift')) | 0;
    const draw = (text) => hashUnit(hashSeed, fnv1a(text), 0, 0);
    /** @type {Record<string, unknown[][]>} */
    const out = Object.fromEntries(Object.keys(HEADERS).map((t) => [t, []]));
    for (const profile of PROFILE_NAMES) {
      const sales = profile === 'sales-led';
      const t = halves[profile];
      // A dated row comes from this half with the half's share at its date: deals by creation,
      // users by signup, events and touches by time. Accounts and contacts follow what was kept.
      const keep = (date, key) => (draw(key) < salesShare(Date.parse(date))) === sales;
      const deals = new Set(t.deals.filter((d) => keep(d.created_at, d.deal_id)).map((d) => d.deal_id));
      const users = new Set(t.users.filter((u) => keep(u.signup_at, u.user_id)).map((u) => u.user_id));
      const accounts = new Set([...t.deals.filter((d) => deals.has(d.deal_id)), ...t.users.filter((u) => users.has(u.user_id))].map((r) => r.account_id));
      /** @type {Record<string, (row: Record<string, string>, i: number) => boolean>} */
      const kept = {
        accounts: (r) => accounts.has(r.account_id),
        deals: (r) => deals.has(r.deal_id),
        contacts: (r) => accounts.has(r.account_id),
        users: (r) => users.has(r.user_id),
        activities: (r) => (r.deal_id ? deals.has(r.deal_id) : accounts.has(r.account_id) && keep(r.occurred_at, r.activity_id)),
        events: (r, i) => (r.user_id ? users.has(r.user_id) : accounts.has(r.account_id)) && keep(r.timestamp, `event ${i}`),
        feature_requests: (r) => (r.deal_id ? deals.has(r.deal_id) : (!r.account_id || accounts.has(r.account_id)) && keep(r.created_at, r.request_id)),
        releases: (r) => keep(r.released_at, `${r.feature} ${r.released_at}`),
      };
      for (const [table, rows] of Object.entries(t)) {
        for (const [i, row] of rows.entries()) {
          if (!kept[table](row, i)) continue;
          if (sales) {
            for (const col of ID_COLUMNS[table]) if (row[col]) row[col] = `S${row[col]}`;
            if (row.domain) row.domain = `s-${row.domain}`;
            if (row.email) row.email = row.email.replace('@', '@s-');
          }
          out[table].push(HEADERS[table].map((h) => row[h]));
        }
      }
    }
    // One launch per feature name (the earlier; both halves launch `reports`…), its improvements
    // and fixes kept, and every table in time order as exports are.
    const seen = new Set();
    const dateCol = { accounts: 3, deals: 5, activities: 5, contacts: 0, users: 2, events: 0, feature_requests: 5, releases: 1 };
    out.releases.sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    out.releases = out.releases.filter((r) => r[2] !== 'new' || (!seen.has(r[0]) && seen.add(r[0])));
    mkdirSync(options.outDir, { recursive: true });
    /** @type {Record<string, number>} */ const rows = {};
    for (const [table, list] of Object.entries(out)) {
      const col = dateCol[table];
      if (table !== 'contacts') list.sort((a, b) => String(a[col]).localeCompare(String(b[col])));
      const w = new CsvWriter(path.join(options.outDir, `${table}.csv`), HEADERS[table]);
      for (const row of list) await w.row(row);
      await w.close();
      rows[table] = list.length;
      if (DRIFT_GZIP.includes(table)) {
        // the largest files compressed, as exports often are (pullcheck reads .csv.gz as it reads)
        const file = path.join(options.outDir, `${table}.csv`);
        writeFileSync(`${file}.gz`, gzipSync(readFileSync(file), { level: 9 }));
        rmSync(file);
      }
    }
    (options.log ?? ((line) => process.stderr.write(`${line}\n`)))(`drift (seed ${seed}) → ${options.outDir}: ${Object.entries(rows).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    return { outDir: options.outDir, rows };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Regenerate the bundled fixtures: `<outRoot>/sales-led` and `<outRoot>/product-led`.
 * @param {{ outRoot?: string, seed?: number, log?: (line: string) => void }} [options]
 */
export async function generateFixtures(options = {}) {
  const outRoot = options.outRoot ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
  const results = [];
  for (const profile of PROFILE_NAMES) {
    results.push(await generateCompany({ profile, seed: options.seed ?? DEFAULT_SEED, outDir: path.join(outRoot, profile), log: options.log }));
  }
  await generateDriftCompany({ seed: options.seed ?? DEFAULT_SEED, outDir: path.join(outRoot, 'drift'), log: options.log });
  return results;
}

const USAGE = `usage: node scripts/generate-fixtures.mjs [options]

With no options, regenerates fixtures/sales-led, fixtures/product-led and fixtures/drift (seed ${DEFAULT_SEED}).

  --profile <sales-led|product-led|drift>  generate one company (default: all three); drift: product-led
                                     sliding to sales-led over the last ${DRIFT_MONTHS} months (ignores --events, --months)
  --seed <n>                         PRNG seed (default ${DEFAULT_SEED})
  --events <n>                       target event count; accounts, users and deals scale with it
                                     (default: sales-led ${PROFILES['sales-led'].baseEvents}, product-led ${PROFILES['product-led'].baseEvents})
  --out <dir>                        output folder (one profile: the company's folder;
                                     both: a folder holding sales-led/ and product-led/)
  --as-of <YYYY-MM-DD>               last day of data (default ${DEFAULT_AS_OF})
  --months <n>                       months of history ending at --as-of (default ${DEFAULT_MONTHS}, min 18)
  -h, --help                         show this help
`;

/** @param {string[]} argv */
export async function cli(argv) {
  /** @type {Record<string, string>} */
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') { process.stdout.write(USAGE); return 0; }
    const m = /^--(profile|seed|events|out|as-of|months)(?:=(.*))?$/.exec(arg);
    if (!m) { process.stderr.write(`generate-fixtures: unknown argument ${arg}\n${USAGE}`); return 2; }
    const value = m[2] ?? argv[++i];
    if (value === undefined) { process.stderr.write(`generate-fixtures: ${arg} needs a value\n`); return 2; }
    opts[m[1]] = value;
  }
  const int = (name) => {
    if (opts[name] === undefined) return undefined;
    const n = Number(opts[name]);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
    return n;
  };
  const defaultRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
  if (opts.profile === 'drift' || !opts.profile) {
    const outDir = opts.out ? (opts.profile ? opts.out : path.join(opts.out, 'drift')) : path.join(defaultRoot, 'drift');
    await generateDriftCompany({ seed: int('seed'), outDir, asOf: opts['as-of'] });
    if (opts.profile) return 0;
  }
  const profiles = opts.profile ? [opts.profile] : PROFILE_NAMES;
  for (const p of profiles) if (!PROFILE_NAMES.includes(/** @type {Profile} */ (p))) throw new Error(`--profile must be one of ${PROFILE_NAMES.join(', ')}, drift`);
  const months = int('months');
  if (months !== undefined && months < 18) throw new Error('--months must be at least 18');
  for (const p of profiles) {
    const outDir = opts.out ? (opts.profile ? opts.out : path.join(opts.out, p)) : path.join(defaultRoot, p);
    await generateCompany({ profile: /** @type {Profile} */ (p), seed: int('seed'), events: int('events'), outDir, asOf: opts['as-of'], months });
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error) => { process.stderr.write(`generate-fixtures: ${error instanceof Error ? error.message : String(error)}\n`); process.exitCode = 1; },
  );
}
