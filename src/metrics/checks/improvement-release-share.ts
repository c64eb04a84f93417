import { DAY_MS, round, roundedWilson, topBy } from '../../stats/stats.js';
import { column, evidence as newEvidence } from '../evidence.js';
import { isoDay } from '../shared-push.js';
import { defineMetric, insufficient, measured } from '../types.js';

// Default parameters (a rubric check's `params` override them); the description names them.
const DEFAULTS = { windowDays: 365, minN: 8 };

/**
 * improvement-release-share (FO: features over optimisation).
 *
 * Definition: among releases dated in the `windowDays` before T, the share whose kind is
 * `improvement` (improvements to an existing feature, as opposed to `new` features and `fix`es):
 *   improvement releases ÷ (new + improvement releases).
 * Fixes are excluded from both sides: they keep the product working, they are not a roadmap choice.
 * Direction: higher = more product-driven. Needs at least `minN` such releases.
 */
export default defineMetric({
  id: 'improvement-release-share',
  description: `Improvement releases ÷ (new-feature + improvement releases) in the window (default ${DEFAULTS.windowDays} days)`,
  unit: 'ratio',
  requires: ['releases'],
  requiresFields: ['releases.kind'],
  defaultParams: DEFAULTS,
  compute({ releases }, params, ctx) {
    const from = ctx.asOf - params.windowDays * DAY_MS;
    const inWindow = releases.filter((r) => r.releasedAt >= from && r.releasedAt < ctx.asOf && r.kind !== 'fix');
    const improvements = inWindow.filter((r) => r.kind === 'improvement');
    const fixes = releases.filter((r) => r.releasedAt >= from && r.releasedAt < ctx.asOf && r.kind === 'fix').length;
    const evidence = newEvidence()
      .count('newFeatures', 'new-feature releases', inWindow.length - improvements.length)
      .count('improvements', 'improvement releases', improvements.length)
      .excluded('fixesExcluded', 'fix releases (neither new nor improvement)', fixes)
      .table(
        'recentNewFeatures',
        'recent new features',
        'feature',
        [column('releasedOn', 'released on', 'date')],
        topBy(inWindow.filter((r) => r.kind === 'new'), (r) => r.releasedAt, (r) => r.feature, 'desc').map((r) => ({ id: r.feature, values: { releasedOn: isoDay(r.releasedAt) } })),
      );
    const n = inWindow.length;
    if (n < params.minN) {
      return insufficient(`${n} new-feature or improvement releases in the last ${params.windowDays} days; need ${params.minN}`, n, 'releases', evidence);
    }
    return measured(round(improvements.length / n), n, 'releases', evidence, { interval: roundedWilson(improvements.length, n) });
  },
});
