import { DAY_MS, plural, round, roundedWilson } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { defineMetric, insufficient, measured } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { windowDays: 90, eventShare: 0.8, minN: 10, minEvents: 100 };

/**
 * core-feature-share (CA curb appeal, SN saying no).
 *
 * Definition: over the core events with a feature in [T - windowDays, T), the core set is the
 * smallest set of features that together produce at least `eventShare` of those events
 * (largest first, ties by feature id; derived.coreSet). Then
 *   size of the core set ÷ features seen (≥1 core event) in the window.
 * Direction: higher = more product-driven (usage spread over many features rather than a few
 * used features among many shelved ones).
 *
 * Excluded: non-core events (login, pageview...) and events without a feature. No cohort
 * ageing applies: every feature seen in the window counts, whatever its release date.
 * Needs at least `minN` features seen and `minEvents` feature events (with a handful of events
 * the core set is noise). The Wilson interval treats features as the sample; it is indicative.
 */
export default defineMetric({
  id: 'core-feature-share',
  description: `Size of the core set (features making a share of feature events, default ${Math.round(DEFAULTS.eventShare * 100)}%) ÷ features seen in the window (default ${DEFAULTS.windowDays} days)`,
  unit: 'ratio',
  requires: ['events'],
  requiresFields: ['events.feature'],
  defaultParams: DEFAULTS,
  compute(_tables, params, ctx) {
    const { asOf, derived } = ctx;
    const { core, seen, totalEvents } = derived.coreSet(params.windowDays, params.eventShare);
    const counts = derived.featureEventCounts(asOf - params.windowDays * DAY_MS, asOf);
    const coreEvents = core.reduce((sum, f) => sum + (counts.get(f) ?? 0), 0);
    const base = newEvidence()
      .count('featuresSeen', 'features seen', seen)
      .count('featureEvents', 'feature events', totalEvents);
    if (seen < params.minN) {
      return insufficient(
        `${plural(seen, 'feature')} used in the last ${params.windowDays} days; need ${params.minN}`,
        seen,
        'features seen',
        base,
      );
    }
    if (totalEvents < params.minEvents) {
      return insufficient(
        `${plural(totalEvents, 'feature event')} in the last ${params.windowDays} days; need ${params.minEvents}`,
        seen,
        'features seen',
        base,
      );
    }
    const evidence = base
      .count('coreFeatures', `core features (making ${Math.round(params.eventShare * 100)}% of feature events)`, core.length)
      .share('coreEventShare', 'share of feature events from core features', round(coreEvents / totalEvents))
      .table(
        'topCoreFeatures',
        'top core features',
        'feature',
        [column('eventShare', 'event share', 'share')],
        // core is already ordered by event count descending, ties by feature id.
        core.slice(0, 5).map((feature) => ({ id: feature, values: { eventShare: round((counts.get(feature) ?? 0) / totalEvents) } })),
      );
    return measured(round(core.length / seen), seen, 'features seen', evidence, {
      interval: roundedWilson(core.length, seen),
    });
  },
});
