/**
 * Analysis settings: the vocabulary decisions behind the metrics (which events are core,
 * which lead sources are sales-sourced, ...). Defaults follow ../docs/metrics.md; a config
 * file can override them (see docs/data-model.md).
 */
import { memoByString } from './memo.js';
import type { BusinessContext, Dataset, LinkId } from './model.js';
import { quarterLabel } from './calendar.js';
import { sourcesOf } from './vocabularies.js';
import type { DeclaredMotions } from './motions.js';

export interface AnalysisSettings {
  /** Event names that never count as product use (matched case-insensitively, exact). */
  nonCoreEvents: string[];
  /** Lead sources counted as sales-sourced (lower-case, exact after normalising -, _ and spaces). */
  salesSources: string[];
  /** Lead sources counted as product-led or inbound. */
  productSources: string[];
  /** Activity types that count as a sales touch. */
  touchTypes: string[];
  /** Activity types that mean a human-led meeting (used by self-serve-won-share). */
  meetingTypes: string[];
  /** Event names of a signup (compared with normaliseLabel): a user's first one is its signup when no users table gives it (src/ingest/derive-activation.ts). */
  signupEvents: string[];
  /** The activation milestone derived from events when no users file has an activated-at column (src/ingest/derive-activation.ts). */
  activation: ActivationMilestone;
  /** Event names of an invite being sent (compared with normaliseLabel; evidence of invite-k-factor). */
  inviteEvents: string[];
  /** Event names of an invite being accepted (compared with normaliseLabel): who invited whom, from events (src/ingest/derive-users.ts). */
  inviteAcceptedEvents: string[];
  /**
   * Per link, the least share of a metric's own denominator that must link (e.g. won deals with
   * a linked touch) before the metric is measured; below it — unless the link itself works for
   * the rows that carry a reference — the check is insufficient data (metrics/link-floor.ts).
   */
  linkFloors: Record<LinkId, number>;
  /**
   * Month number (1–12) the fiscal year starts in; the quarter-end checks use its quarters
   * (src/core/calendar.ts). 1 = calendar quarters.
   */
  fiscalYearStart: number;
  /** Motions the config declares (`motions:`); checks presuming an absent one are not applicable (src/core/motions.ts). */
  motions: DeclaredMotions;
}

/**
 * A user is activated at its `count`-th milestone event at or after signup, within `withinDays`
 * of signup when set. Milestone events: those named `event`, else core events.
 */
export interface ActivationMilestone {
  event: string | null;
  count: number;
  withinDays: number | null;
}

/** Default link floors: at least half of a metric's denominator must link (docs/data-model.md, "Link floors"). */
export const DEFAULT_LINK_FLOORS: Record<LinkId, number> = {
  'activity→deal': 0.5,
  'activity→account': 0.5,
  'contact→account': 0.5,
  'deal→account': 0.5,
  'event→account': 0.5,
  'user→account': 0.5,
  'release→feature': 0.5,
  'request→account': 0.5,
  'request→deal': 0.5,
  'request→release': 0.5,
  'promise→release': 0.5,
  'subscription→account': 0.5,
  'user→inviter': 0.5,
};

export const DEFAULT_SETTINGS: AnalysisSettings = {
  nonCoreEvents: [
    'login', 'logout', 'log_in', 'log_out', 'signed_in', 'signed_out', 'sign_in', 'sign_out',
    'pageview', 'page_view', '$pageview', '$pageleave', 'screen_view', 'session_start', 'session_end',
    'identify', '$identify', 'app_open', 'app_opened', 'signup', 'sign_up', 'signed_up',
  ],
  // Built from the vendors' vocabularies with a reason per value (src/core/vocabularies.ts, docs/vocabularies.md).
  salesSources: sourcesOf('sales'),
  productSources: sourcesOf('product'),
  touchTypes: ['call', 'email', 'meeting', 'demo'],
  meetingTypes: ['meeting', 'demo'],
  signupEvents: ['user_signed_up', 'signed_up', 'signup', '$signup', 'sign_up', 'account_created', 'user_created', 'user_registered', 'registration_completed'],
  // First core event after signup; each metric applies its own window (unassisted-activation-rate: 14 days).
  activation: { event: null, count: 1, withinDays: null },
  // `Invite Sent` and `invite-sent` are invite_sent after normaliseLabel.
  inviteEvents: ['invite_sent', 'user_invited', '$invite', 'invitation_sent', 'member_invited', 'teammate_invited'],
  inviteAcceptedEvents: ['invite_accepted', 'invitation_accepted', 'accepted_invite', 'joined_via_invite', 'invite_redeemed', 'user_joined_via_invite'],
  linkFloors: DEFAULT_LINK_FLOORS,
  fiscalYearStart: 1,
  motions: {},
};

/**
 * Normalise a source label for comparison: lower-case, `-`/`_` to spaces, collapse spaces.
 * Labels (stages, sources, types) repeat down a column: each distinct one is normalised once.
 */
export const normaliseLabel = memoByString((value: string): string => value.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim());

/**
 * Event names (normaliseLabel) whose events checks count against exact times: invites in each
 * inviter's window after signup (invite-k-factor), and a named activation milestone. DuckDB keeps
 * these rows at their own times instead of one row a day (src/ingest/events-duckdb.ts), so a
 * signup time inside a day splits no count.
 */
export function exactTimeEventLabels(settings: AnalysisSettings): string[] {
  const names = [...settings.inviteEvents, ...(settings.activation.event === null ? [] : [settings.activation.event])];
  return [...new Set(names.map(normaliseLabel))];
}

export type SourceClass = 'sales' | 'product' | 'unknown';

export function classifySource(source: string | null, settings: AnalysisSettings): SourceClass {
  if (source === null || source.trim() === '') return 'unknown';
  const label = normaliseLabel(source);
  if (settings.salesSources.some((s) => normaliseLabel(s) === label)) return 'sales';
  if (settings.productSources.some((s) => normaliseLabel(s) === label)) return 'product';
  return 'unknown';
}

/** The business context as shown in the report's inputs and in `inspect`: settings, and what ingest decided. */
export function businessContext(settings: AnalysisSettings, dataset: Pick<Dataset, 'currency' | 'pipelines'> | null): BusinessContext {
  return {
    fiscalYearStart: settings.fiscalYearStart,
    quarters: quarterLabel(settings.fiscalYearStart),
    currency: dataset?.currency ?? null,
    pipelines: dataset?.pipelines ?? null,
    // only when declared, so reports without a `motions:` config keep their shape
    ...(Object.keys(settings.motions).length ? { motions: { ...settings.motions } } : {}),
  };
}
