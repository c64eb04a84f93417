import { normaliseLabel, classifySource } from '../settings.js';
import { DAY_MS, round } from './stats.js';
import { byKey, proportionInterval, safeId } from './shared-pull.js';
import { defineMetric, insufficient, measured } from './types.js';

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
 * Needs at least `minN` won deals.
 */
export default defineMetric({
  id: 'self-serve-won-share',
  description: 'Won deals with a product/inbound source and no meeting or demo before close ÷ won deals (last 12 months)',
  unit: 'ratio',
  requires: ['deals'],
  defaultParams: { lookbackDays: 365, minN: 30 },
  compute({ activities }, params, ctx) {
    const T = ctx.asOf;
    const from = T - params.lookbackDays * DAY_MS;
    const meetingTypes = new Set(ctx.settings.meetingTypes.map(normaliseLabel));
    const touches = ctx.derived.touchesByDeal();
    let noCloseDate = 0;
    const won = ctx.derived.wonDeals().filter((deal) => {
      if (deal.closedAt === null) {
        noCloseDate++;
        return false;
      }
      return deal.closedAt >= from && deal.closedAt < T;
    });

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
    for (const deal of won) {
      const meetings = (touches.get(deal.dealId) ?? []).filter(
        (a) => meetingTypes.has(normaliseLabel(a.type)) && a.occurredAt <= deal.closedAt!,
      ).length;
      const cls = classifySource(deal.source, ctx.settings);
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
    const evidence = {
      wonDeals: n,
      selfServe,
      productSourced: product,
      productSourcedWithMeetings: productWithMeetings,
      salesSourced: sales,
      unknownSource: unknown,
      unknownSourceShare: n > 0 ? round(unknown / n) : null,
      wonWithoutCloseDate: noCloseDate,
      selfServeAmountShare: totalAmount > 0 ? round(selfServeAmount / totalAmount) : null,
      upperBoundIfUnknownWereProduct: n > 0 ? round((selfServe + unknownWithoutMeetings) / n) : null,
      topUnknownSources: [...unknownLabels.entries()]
        .sort((a, b) => b[1] - a[1] || byKey(a[0], b[0]))
        .slice(0, 5)
        .map(([source, count]) => ({ source, count })),
      productDealsWithMeetings: assistedProductDeals
        .sort((a, b) => b.meetings - a.meetings || byKey(a.dealId, b.dealId))
        .slice(0, 5)
        .map((x) => ({ dealId: safeId(x.dealId), meetings: x.meetings })),
    };
    if (n === 0 || n < params.minN) {
      return insufficient(`${n} won deals closed in the last ${params.lookbackDays} days; need ${params.minN}`, n, 'won deals', evidence);
    }
    const notes: string[] = [];
    if (unknown / n >= 0.2) notes.push(`${unknown} of ${n} won deals (${Math.round((100 * unknown) / n)}%) have a blank or unrecognised source; they are counted as not self-serve.`);
    if (activities.length === 0) notes.push('No activities in the export: meetings are unknown, so every product-sourced win counts as self-serve.');
    return measured(round(selfServe / n), n, 'won deals', evidence, {
      interval: proportionInterval(selfServe, n),
      ...(notes.length > 0 ? { notes } : {}),
    });
  },
});
