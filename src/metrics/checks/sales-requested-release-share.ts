import { normaliseLabel } from '../../core/settings.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { DAY_MS, plural, round, roundedWilson, topBy } from '../../stats/stats.js';
import {
  DEFAULT_SALES_REQUEST_SOURCES, datedOnOrBeforeReleaseDay, isSalesRequest, launchesBefore, promisedFeaturesOf, requestsByFeature,
} from '../shared-features.js';
import { requestedFeatureCoverage } from '../feature-links.js';
import { addLinkCoverage, checkLinkFloor, type LinkFloorResult } from '../link-floor.js';
import { defineMetric, insufficient, measured } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { windowDays: 365, minN: 10, salesRequestSources: [...DEFAULT_SALES_REQUEST_SOURCES] };

/**
 * sales-requested-release-share (RC roadmap capture).
 *
 * Definition: new features launched in [T - windowDays, T) (launch = first release row, and its
 * kind is 'new'); one counts as sales-requested when, on or before its launch day (or undated):
 *   - a feature request for it carries a deal id, or
 *   - a feature request for it has a sales-like source (`salesRequestSources`, compared after
 *     normaliseLabel; default sales, prospect, sales team, ae, sdr), or
 *   - any deal (any stage) lists it in promisedFeatures (deal dated by createdAt, else closedAt).
 *   sales-requested new features ÷ new features.
 * Direction: higher = more sales-driven.
 *
 * Requests and promises dated after the launch day cannot have driven the release and are
 * ignored (counted as `signalsAfterRelease`). Features whose first release row is an improvement
 * or fix are not new (`excludedNotNew`); a later 'new' row of an existing feature is not a launch.
 * Requests with a blank source and no deal id are never guessed: counted as `unclassifiedRequests`.
 * No cohort ageing applies (the request precedes the release). Needs at least `minN` new
 * features, and some request signal (feature requests, or deals listing promised features).
 * Link floors (feature-links.ts, link-floor.ts): `request→release` over the sales requests (a deal
 * id or a sales-like source) that name a feature, and `promise→release` over each deal's promised
 * features: those naming a released feature, of those naming a feature released or seen in events
 * (a request or promise for a feature never built is a real "not released", left out; when none
 * names a known feature, all count). Below either, insufficient: a failed spelling is not "no
 * release was asked for by sales".
 */
export default defineMetric({
  id: 'sales-requested-release-share',
  description: `New features launched in the window (default ${DEFAULTS.windowDays} days) that a deal or a sales-sourced request asked for ÷ new features`,
  unit: 'ratio',
  requires: ['releases'],
  defaultParams: DEFAULTS,
  compute(tables, params, ctx) {
    const { asOf, derived } = ctx;
    const from = asOf - params.windowDays * DAY_MS;
    const inWindow = launchesBefore(derived, asOf).filter((r) => r.releasedAt >= from);
    const launchesNew = inWindow.filter((r) => r.kind === 'new');
    const excludedNotNew = inWindow.length - launchesNew.length;
    const salesSources = new Set(params.salesRequestSources.map(normaliseLabel));
    const requests = requestsByFeature(tables.feature_requests);
    const promisingDeals = new Map<string, Array<number | null>>();
    for (const d of tables.deals) {
      for (const f of promisedFeaturesOf(d)) {
        const list = promisingDeals.get(f) ?? [];
        list.push(d.createdAt ?? d.closedAt);
        promisingDeals.set(f, list);
      }
    }

    let viaDealRequest = 0;
    let viaSalesSourceRequest = 0;
    let viaDealPromise = 0;
    let signalsAfterRelease = 0;
    let unclassifiedRequests = 0;
    const requested: Array<{ feature: string; signals: number }> = [];
    for (const launch of launchesNew) {
      let dealRequest = 0;
      let sourceRequest = 0;
      let promises = 0;
      for (const r of requests.get(launch.feature) ?? []) {
        const { viaDeal, viaSource } = isSalesRequest(r, salesSources);
        if (!viaDeal && !viaSource) {
          if (r.source === null || r.source.trim() === '') unclassifiedRequests++;
          continue;
        }
        if (!datedOnOrBeforeReleaseDay(r.createdAt, launch.releasedAt)) {
          signalsAfterRelease++;
          continue;
        }
        if (viaDeal) dealRequest++;
        if (viaSource) sourceRequest++;
      }
      for (const date of promisingDeals.get(launch.feature) ?? []) {
        if (datedOnOrBeforeReleaseDay(date, launch.releasedAt)) promises++;
        else signalsAfterRelease++;
      }
      if (dealRequest > 0) viaDealRequest++;
      if (sourceRequest > 0) viaSalesSourceRequest++;
      if (promises > 0) viaDealPromise++;
      const signals = dealRequest + sourceRequest + promises;
      if (signals > 0) requested.push({ feature: launch.feature, signals });
    }

    const n = launchesNew.length;
    const base = newEvidence()
      .count('newFeatures', 'new features launched', n)
      .count('salesRequested', 'of them asked for by sales before release', requested.length)
      .count('viaDealRequest', 'asked for in a request linked to a deal', viaDealRequest)
      .count('viaSalesSourceRequest', 'asked for in a sales-sourced request', viaSalesSourceRequest)
      .count('viaDealPromise', 'promised in a deal', viaDealPromise)
      .excluded('excludedNotNew', 'launches of features that were not new', excludedNotNew)
      .excluded('signalsAfterRelease', 'requests and promises dated after the release', signalsAfterRelease)
      .excluded('unclassifiedRequests', 'requests without a source or deal', unclassifiedRequests);
    if (n < params.minN) {
      return insufficient(
        `${plural(n, 'new feature')} launched in the last ${params.windowDays} days; need ${params.minN}`,
        n,
        'new features',
        base,
      );
    }
    if (tables.feature_requests.length === 0 && promisingDeals.size === 0) {
      return insufficient(
        'no feature requests and no deal lists promised features, so nothing shows who asked for a release',
        n,
        'new features',
        base,
      );
    }
    const floors: LinkFloorResult[] = [];
    const salesRequests = tables.feature_requests.filter((r) => {
      const { viaDeal, viaSource } = isSalesRequest(r, salesSources);
      return (viaDeal || viaSource) && r.feature !== null;
    });
    const requestLink = requestedFeatureCoverage('request→release', tables, salesRequests.map((r) => r.feature!), 'sales feature requests');
    if (requestLink) floors.push(checkLinkFloor(ctx, requestLink));
    const promiseLink = requestedFeatureCoverage('promise→release', tables, tables.deals.flatMap((d) => promisedFeaturesOf(d)), 'features promised in deals');
    if (promiseLink) floors.push(checkLinkFloor(ctx, promiseLink));
    for (const floor of floors) if (floor.insufficient) return floor.insufficient(n, 'new features', base);
    const notes: string[] = [];
    if (tables.feature_requests.length === 0) notes.push('no feature requests in the data: only deal promises were used');
    if (promisingDeals.size === 0) notes.push('no deal lists promised features: only feature requests were used');
    const evidence = base.table(
      'topSalesRequested',
      'most requested by sales',
      'feature',
      [column('signals', 'requests and promises', 'count')],
      topBy(requested, (r) => r.signals, (r) => r.feature, 'desc').map((r) => ({ id: r.feature, values: { signals: r.signals } })),
    );
    if (floors.length > 0) addLinkCoverage(evidence, floors.map((f) => f.evidence));
    return measured(round(requested.length / n), n, 'new features', evidence, {
      interval: roundedWilson(requested.length, n),
      ...(notes.length > 0 ? { notes } : {}),
    });
  },
});
