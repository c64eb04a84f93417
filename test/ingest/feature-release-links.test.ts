/**
 * request→release and promise→release in the link table (src/ingest/links.ts): requested and
 * promised features measured against the release log as the feature checks join them (trimmed
 * ids, after the events' spelling); docs/data-model.md, "Links".
 */
import { describe, expect, it } from 'vitest';
import { resolveLinks } from '../../src/ingest/links.js';
import { deal, release, request, tables } from '../helpers/factories.js';

describe('the link table: request→release and promise→release', () => {
  it('counts each request and each deal\'s distinct promised feature against the release log, blanks as noKey', () => {
    const t = tables({
      releases: [release({ feature: 'f01' }), release({ feature: 'f02' })],
      feature_requests: [request({ feature: 'f01' }), request({ feature: ' f02 ' }), request({ feature: 'wish' }), request({ feature: null })],
      deals: [deal({ dealId: 'd1', promisedFeatures: ['f01', 'f01', 'Xf02'] }), deal({ dealId: 'd2', promisedFeatures: [] })],
    });
    const { links } = resolveLinks(t);
    expect(links.find((l) => l.id === 'request→release')).toMatchObject({ from: 'feature_requests', to: 'releases', rows: 4, linked: 2, noKey: 1, rate: 0.5, unlinkedExamples: ['wish'] });
    expect(links.find((l) => l.id === 'promise→release')).toMatchObject({ from: 'deals', to: 'releases', rows: 2, linked: 1, noKey: 0, rate: 0.5, unlinkedExamples: ['Xf02'] });
  });
});
