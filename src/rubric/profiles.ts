/**
 * Starting rubrics for a go-to-market motion (`pullcheck rubric init --profile`): the default
 * rubric with the thresholds that depend on the motion moved, each move with its basis and
 * source, written into the file as a comment above the line it changes. Data only: the figures
 * come from ../shared/METRICS.md's published anchors (SaaS Capital NRR by ACV, Lenny Rachitsky
 * and Kyle Poyar's conversion benchmarks); moves without a published figure are `judgement`.
 */
import type { Threshold, ThresholdBasis } from './types.js';

export const PROFILE_IDS = ['plg', 'smb', 'mid-market', 'enterprise'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export interface ProfileChange {
  check: string;
  threshold?: Omit<Threshold, 'better'>;
  params?: Record<string, unknown>;
  basis: ThresholdBasis;
  source?: string;
  /** Why this motion moves the check, in one line (written into the rubric). */
  why: string;
}

export interface Profile {
  id: ProfileId;
  name: string;
  /** Who it is for, in one line. */
  description: string;
  changes: ProfileChange[];
}

const FREEMIUM = 'Lenny Rachitsky and Kyle Poyar (1,000+ products): freemium conversion good 3-5%, great 6-8%';
const TRIAL = 'Lenny Rachitsky and Kyle Poyar (1,000+ products): opt-in trial conversion good 8-12%, great 15-25%';

export const PROFILES: Readonly<Record<ProfileId, Profile>> = {
  plg: {
    id: 'plg',
    name: 'product-led (freemium, self-serve)',
    description: 'a free tier or self-serve signup, most revenue closed without a salesperson, low ACV',
    changes: [
      { check: 'free-to-paid-conversion-90d', threshold: { pass: 0.06, fail: 0.03 }, params: { model: 'freemium' }, basis: 'sourced', source: FREEMIUM, why: 'freemium conversion: pass at "great", fail below "good"' },
      { check: 'nrr-from-deals', threshold: { pass: 1.0, fail: 0.9 }, basis: 'sourced', source: 'SaaS Capital 2023 (~1,500 private B2B SaaS): median NRR 100% at ACV up to $12K; gross retention 90-93%', why: 'low-ACV companies expand less per account' },
      { check: 'self-serve-won-share', threshold: { pass: 0.7, fail: 0.4 }, basis: 'judgement', why: 'a product-led company closes most deals without a meeting' },
    ],
  },
  smb: {
    id: 'smb',
    name: 'SMB (sales-assisted, trials)',
    description: 'small customers, a free trial and a light-touch sales team, ACV up to about $12K',
    changes: [
      { check: 'free-to-paid-conversion-90d', threshold: { pass: 0.15, fail: 0.08 }, params: { model: 'trial' }, basis: 'sourced', source: TRIAL, why: 'opt-in trial conversion: pass at "great", fail below "good"' },
      { check: 'nrr-from-deals', threshold: { pass: 1.0, fail: 0.9 }, basis: 'sourced', source: 'SaaS Capital 2023 (~1,500 private B2B SaaS): median NRR 100% at ACV up to $12K; gross retention 90-93%', why: 'small customers expand less per account' },
    ],
  },
  'mid-market': {
    id: 'mid-market',
    name: 'mid-market (sales-led with trials)',
    description: 'an inside sales team closing deals of roughly $12K-$100K, with a trial',
    changes: [
      { check: 'free-to-paid-conversion-90d', threshold: { pass: 0.12, fail: 0.08 }, params: { model: 'trial' }, basis: 'sourced', source: TRIAL, why: 'opt-in trial conversion: pass at the top of "good", fail below it' },
      { check: 'nrr-from-deals', threshold: { pass: 1.06, fail: 1.0 }, basis: 'sourced', source: 'SaaS Capital 2023 (~1,500 private B2B SaaS): median NRR 102%, 100% at ACV up to $12K and 110% above $250K', why: 'between the small- and large-ACV medians' },
    ],
  },
  enterprise: {
    id: 'enterprise',
    name: 'enterprise (field sales)',
    description: 'large deals (ACV above about $100K) closed by account executives over months',
    changes: [
      { check: 'nrr-from-deals', threshold: { pass: 1.15, fail: 1.05 }, basis: 'sourced', source: 'SaaS Capital 2023 (~1,500 private B2B SaaS): median NRR 110% at ACV above $250K', why: 'large accounts are expected to expand: fail below the median' },
      { check: 'touches-per-won-deal-large', threshold: { pass: 25, fail: 60 }, basis: 'judgement', why: 'large deals involve procurement, security review and several buyers' },
      { check: 'self-serve-won-share', threshold: { pass: 0.2, fail: 0.05 }, basis: 'judgement', why: 'enterprise contracts rarely close without a meeting; some expansions should' },
      { check: 'free-to-paid-conversion-90d', threshold: { pass: 0.12, fail: 0.08 }, params: { model: 'trial' }, basis: 'sourced', source: TRIAL, why: 'where there is a trial or pilot, its conversion is an opt-in trial\'s' },
    ],
  },
};
