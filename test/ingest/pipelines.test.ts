import { describe, expect, it } from 'vitest';
import { applyPipelineScope } from '../../src/ingest/pipelines.js';
import type { Deal } from '../../src/core/model.js';
import { deal } from '../helpers/factories.js';

const inPipeline = (dealId: string, pipeline: string | null, stage: Deal['stage'] = 'won'): Deal => ({ ...deal({ dealId, stage }), pipeline });
const sample = (): Deal[] => [
  inPipeline('s1', 'Sales Pipeline'), inPipeline('s2', 'Sales Pipeline', 'lost'), inPipeline('s3', 'Sales Pipeline'),
  inPipeline('o1', 'Onboarding'), inPipeline('r1', 'Renewals'), inPipeline('b1', null),
];

describe('applyPipelineScope', () => {
  it('is null, keeping every deal, when no deal names a pipeline and no scope is configured (no rows, no column)', () => {
    expect(applyPipelineScope([])).toBeNull();
    const deals = [inPipeline('a', null)];
    expect(applyPipelineScope(deals)).toBeNull();
    expect(deals).toHaveLength(1);
  });

  it('counts every pipeline by default and lists them with deal counts', () => {
    const deals = sample();
    const p = applyPipelineScope(deals)!;
    expect(deals).toHaveLength(6);
    expect(p).toEqual({
      rule: 'all pipelines (default; config pipelines.include / exclude narrows it)',
      byPipeline: [
        { pipeline: 'Sales Pipeline', deals: 3, wonDeals: 2, counted: true },
        { pipeline: '(blank)', deals: 1, wonDeals: 1, counted: true },
        { pipeline: 'Onboarding', deals: 1, wonDeals: 1, counted: true },
        { pipeline: 'Renewals', deals: 1, wonDeals: 1, counted: true },
      ],
      excludedDeals: 0,
      unmatchedConfig: [],
    });
  });

  it('include keeps only the named pipelines (case, - and _ ignored); deals without a pipeline are left out', () => {
    const deals = sample();
    const p = applyPipelineScope(deals, { include: ['sales-pipeline', 'RENEWALS'] })!;
    expect(deals.map((d) => d.dealId)).toEqual(['s1', 's2', 's3', 'r1']);
    expect(p.excludedDeals).toBe(2);
    expect(p.rule).toBe('include: sales-pipeline, RENEWALS');
  });

  it('exclude leaves the named pipelines out and reports config names that match no pipeline', () => {
    const deals = sample();
    const p = applyPipelineScope(deals, { exclude: ['Onboarding', 'Support'] })!;
    expect(deals.map((d) => d.dealId)).toEqual(['s1', 's2', 's3', 'r1', 'b1']);
    expect(p).toMatchObject({ excludedDeals: 1, unmatchedConfig: ['Support'] });
    expect(p.byPipeline.find((x) => x.pipeline === 'Onboarding')!.counted).toBe(false);
  });

  it('a configured scope on data without a pipeline column keeps nothing it cannot place, and says so', () => {
    const deals = [inPipeline('a', null)];
    const p = applyPipelineScope(deals, { include: ['Sales'] })!;
    expect(deals).toHaveLength(0);
    expect(p).toMatchObject({ excludedDeals: 1, unmatchedConfig: ['Sales'] });
  });
});
