import { normaliseLabel } from '../../core/settings.js';
import { round, roundedWilson, topBy, topEntries } from '../../stats/stats.js';
import { safeId } from '../shared-pull.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { addCurrencyExclusions, wonClosedWithin } from '../shared-push.js';
import { addLinkCoverage, checkLinkFloor } from '../link-floor.js';
import { TOUCHES_WITH_REFERENCE } from '../derived.js';
import { defineMetric, insufficient, measured } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { lookbackDays: 365, minN: 30 };

/**
 * self-serve-won-share (PULL).
 *
 * Definition: among won deals closed in [T − lookbackDays, T), the share that are self-serve:
 * source classifies as product/inbound (`classifySource` → 'product') AND the deal has no touch of
 * a meeting type (`settings.meetingTypes`, default meeting/demo; via `derived.touchesByDeal()`)
 * dated on or before its close. Value = self-serve won deals ÷ won deals (by count; by amount in evidence).
 * Direction: higher = more product-driven.
 *
 * Won deals with a blank or unrecognised source stay in the denominator (they are won deals) but
 * cannot be self-serve: they are never guessed. Their count and the share an all-product reading
 * would give (`upperBoundIfUnknownWereProduct`) are reported, with a note when they are ≥20%.
 * Meetings after close (onboarding, QBRs) do not make a sale assisted and are ignored. Meeting types
 * must also be touch types to be joined to deals. Won deals without a close date are excluded (counted).
 * Needs at least `minN` won deals. Link floor (link-floor.ts, `activity→deal`, `requireSource`),
 * when there are activities: the touches with a reference (naming a deal or an account, or a contact
 * id that names no contact: `derived.touchJoin()`) that joined a deal must reach the floor; below it
 * every product-sourced win whose meetings were lost would look self-serve for want of a join, so
 * the result is insufficient — even when most won deals have a linked touch (a touch with no deal
 * id joins every deal of its account in its span, so a few can reach most deals). At or above it,
 * won deals without a touch are real. Won deals with a linked touch ÷ won deals is in evidence; it
 * decides alone only when no touch carries a reference.
 */
export default defineMetric({
  id: 'self-serve-won-share',
  description: `Won deals with a product/inbound source and no meeting or demo before close ÷ won deals in the lookback (default ${DEFAULTS.lookbackDays} days)`,
  unit: 'ratio',
  requires: ['deals'],
  requiresFields: ['deals.stage|isWon', 'deals.source'],
  defaultParams: DEFAULTS,
  compute({ activities }, params, ctx) {
    const meetingTypes = new Set(ctx.settings.meetingTypes.map(normaliseLabel));
    const touches = ctx.derived.touchesByDeal();
    const window = wonClosedWithin(ctx, params.lookbackDays);
    const won = window.deals;

    let product = 0;
    let productWithMeetings = 0;
    let sales = 0;
    let unknown = 0;
    let unknownWithoutMeetings = 0;
    let selfServe = 0;
    let selfServeAmount = 0;
    let totalAmount = 0;
    const unknownLabels = new Map<string, number>();
    const assistedProductDeals: Array<{ dealId: string; meetings: number }> = [];
    const meetingByType = new Map<string, boolean>();
    const isMeeting = (type: string): boolean => {
      let m = meetingByType.get(type);
      if (m === undefined) meetingByType.set(type, (m = meetingTypes.has(normaliseLabel(type))));
      return m;
    };
    for (const deal of won) {
      const meetings = (touches.get(deal.dealId) ?? []).filter((i) => isMeeting(activities.typeAt(i)) && activities.occurredAt(i) <= deal.closedAt!).length;
      const cls = ctx.derived.sourceClass(deal.source, ctx.settings);
      totalAmount += deal.amount ?? 0;
      if (cls === 'sales') sales++;
      else if (cls === 'unknown') {
        unknown++;
        if (meetings === 0) unknownWithoutMeetings++;
        const label = deal.source && deal.source.trim() !== '' ? normaliseLabel(deal.source) : '(blank)';
        unknownLabels.set(label, (unknownLabels.get(label) ?? 0) + 1);
      } else {
        product++;
        if (meetings > 0) {
          productWithMeetings++;
          assistedProductDeals.push({ dealId: deal.dealId, meetings });
        } else {
          selfServe++;
          selfServeAmount += deal.amount ?? 0;
        }
      }
    }

    const n = won.length;
    const evidence = newEvidence()
      .count('wonDeals', 'won deals', n)
      .count('selfServe', 'product/inbound wins without a meeting or demo before close', selfServe)
      .count('productSourced', 'product/inbound wins', product)
      .count('productSourcedWithMeetings', 'product/inbound wins with a meeting or demo', productWithMeetings)
      .count('salesSourced', 'sales-sourced wins', sales)
      .count('unknownSource', 'wins of unknown source (counted as not self-serve)', unknown)
      .share('unknownSourceShare', 'share of wins of unknown source', n > 0 ? round(unknown / n) : null)
      .share('selfServeAmountShare', 'self-serve share of won amount', totalAmount > 0 ? round(selfServeAmount / totalAmount) : null)
      .share('upperBoundIfUnknownWereProduct', 'upper bound if unknown sources without meetings were product', n > 0 ? round((selfServe + unknownWithoutMeetings) / n) : null)
      .excluded('wonWithoutCloseDate', 'won deals without a close date', window.missingCloseDate);
    addCurrencyExclusions(evidence, won)
      .table('topUnknownSources', 'unrecognised sources', 'source', [column('count', 'won deals', 'count')], topEntries(unknownLabels, 5).map(([source, count]) => ({ id: source, values: { count } })))
      .table(
        'productDealsWithMeetings',
        'product/inbound wins with meetings',
        'deal',
        [column('meetings', 'meetings', 'count')],
        topBy(assistedProductDeals, (x) => x.meetings, (x) => x.dealId, 'desc').map((x) => ({ id: safeId(x.dealId), values: { meetings: x.meetings } })),
      );
    if (n === 0 || n < params.minN) {
      return insufficient(`${n} won deals closed in the last ${params.lookbackDays} days; need ${params.minN}`, n, 'won deals', evidence);
    }
    // Meetings come from the activities joined to deals: a join that failed would make every product-sourced win look self-serve.
    if (activities.length > 0) {
      const join = ctx.derived.touchJoin();
      const touched = won.filter((d) => (touches.get(d.dealId)?.length ?? 0) > 0).length;
      const link = checkLinkFloor(ctx, {
        link: 'activity→deal',
        table: 'activities',
        linked: touched,
        total: n,
        what: 'won deals with a linked touch',
        source: { linked: join.joined, total: join.withReference, what: TOUCHES_WITH_REFERENCE },
      }, { requireSource: true });
      if (link.insufficient) return link.insufficient(n, 'won deals', evidence);
      addLinkCoverage(evidence, [link.evidence]);
    }
    const notes: string[] = [];
    if (unknown / n >= 0.2) notes.push(`${unknown} of ${n} won deals (${Math.round((100 * unknown) / n)}%) have a blank or unrecognised source; they are counted as not self-serve.`);
    if (activities.length === 0) notes.push('No activities in the export: meetings are unknown, so every product-sourced win counts as self-serve.');
    return measured(round(selfServe / n), n, 'won deals', evidence, {
      interval: roundedWilson(selfServe, n),
      ...(notes.length > 0 ? { notes } : {}),
    });
  },
});
