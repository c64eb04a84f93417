/**
 * Scope: which CRM pipelines count. A deal's pipeline is read from HubSpot "Pipeline", Salesforce
 * "Opportunity Record Type" / `RecordType.Name`, Pipedrive "Deal - Pipeline" (vendor-layouts.ts).
 * By default every pipeline counts: a pipeline's name does not tell reliably whether its won deals
 * are sales (an "Onboarding" pipeline may track paid implementations, a "Renewals" pipeline holds
 * the renewals NRR needs), so nothing is dropped by guess. Config `pipelines: { include, exclude }`
 * narrows it; deals outside the scope are removed from the analysis and counted per pipeline.
 */
import type { Deal, PipelineSummary } from '../core/model.js';
import { normaliseLabel } from '../core/settings.js';

/** Config `pipelines:` (docs/config.md). Names compare by case, `-`, `_` and spaces ignored. */
export interface PipelineScope {
  include?: string[];
  exclude?: string[];
}

/** A deal without a pipeline value, while others have one. */
export const NO_PIPELINE = '(blank)';

/**
 * Keep the deals of the pipelines in scope (in place) and say what was counted. Null when no deal
 * names a pipeline and the config sets no scope.
 */
export function applyPipelineScope(deals: Deal[], scope: PipelineScope = {}): PipelineSummary | null {
  const named = deals.some((d) => d.pipeline);
  if (!named && !scope.include && !scope.exclude) return null;
  const include = scope.include ? new Set(scope.include.map(normaliseLabel)) : null;
  const exclude = new Set((scope.exclude ?? []).map(normaliseLabel));
  const counts = (name: string): boolean => {
    const key = normaliseLabel(name);
    return (include === null || include.has(key)) && !exclude.has(key);
  };
  const stats = new Map<string, { deals: number; wonDeals: number; counted: boolean }>();
  const kept: Deal[] = [];
  for (const d of deals) {
    const name = d.pipeline ?? NO_PIPELINE;
    let s = stats.get(name);
    if (!s) stats.set(name, (s = { deals: 0, wonDeals: 0, counted: d.pipeline ? counts(name) : include === null }));
    s.deals++;
    if (d.stage === 'won') s.wonDeals++;
    if (s.counted) kept.push(d);
  }
  const excludedDeals = deals.length - kept.length;
  deals.length = 0;
  deals.push(...kept);
  const seen = new Set([...stats.keys()].map(normaliseLabel));
  const unmatched = [...(scope.include ?? []), ...(scope.exclude ?? [])].filter((p) => !seen.has(normaliseLabel(p)));
  const rule = include === null && exclude.size === 0
    ? 'all pipelines (default; config pipelines.include / exclude narrows it)'
    : [scope.include ? `include: ${scope.include.join(', ')}` : '', scope.exclude ? `exclude: ${scope.exclude.join(', ')}` : ''].filter(Boolean).join('; ');
  return {
    rule,
    byPipeline: [...stats.entries()]
      .map(([pipeline, s]) => ({ pipeline, deals: s.deals, wonDeals: s.wonDeals, counted: s.counted }))
      .sort((a, b) => b.deals - a.deals || a.pipeline.localeCompare(b.pipeline)),
    excludedDeals,
    unmatchedConfig: unmatched,
  };
}

/** One line on the pipelines left out (report warning). */
export function pipelineMessage(p: PipelineSummary): string {
  const out = p.byPipeline.filter((x) => !x.counted).map((x) => `${x.pipeline} (${x.deals} deals)`);
  const parts = [
    out.length ? `${p.excludedDeals} deals outside the pipelines in scope (${p.rule}) are not analysed: ${out.join(', ')}` : '',
    p.unmatchedConfig.length ? `config pipelines name no pipeline in the data: ${p.unmatchedConfig.join(', ')} (pipelines found: ${p.byPipeline.map((x) => x.pipeline).join(', ')})` : '',
  ];
  return parts.filter(Boolean).join('; ');
}
