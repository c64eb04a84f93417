/**
 * Links measured end to end: HubSpot-style calls that name their deal ("Associated Deal") or
 * link through an association table, contacts linked by e-mail domain, and a folder whose calls
 * join nothing — where touches per won deal must be insufficient data, never a 0.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import type { Evidence } from '../../src/report/contract/evidence.js';
import { byKey } from '../helpers/evidence.js';

interface Link { id: string; rows: number; linked: number; by: Record<string, number>; noKey: number; ambiguous: number; rate: number | null; unlinkedExamples: string[]; ambiguousExamples: string[] }
interface Check { id: string; status: string; value: number | null; n: number; reason: string | null; evidence: Evidence }

function inspectJson(dir: string): { files: Array<{ path: string; table: string | null; layout: string | null }>; links: Link[] } {
  const r = runCli(['inspect', dir, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}
function analyzeJson(dir: string): { inputs: { links: Link[] }; categories: Array<{ checks: Check[] }> } {
  const r = runCli(['analyze', dir, '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}
const link = (links: Link[], id: string): Link => links.find((l) => l.id === id)!;
const check = (report: ReturnType<typeof analyzeJson>, id: string): Check => report.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;

describe('links between tables', () => {
  it('links calls to deals by deal name and through an association table, contacts by e-mail domain (inspect)', () => {
    const i = inspectJson('fixtures/links/hubspot-names');
    expect(i.files.find((f) => f.path.endsWith('engagement_deal.csv'))).toMatchObject({ table: 'associations', layout: 'hubspot-association' });
    expect(link(i.links, 'activity→deal')).toMatchObject({
      rows: 49, linked: 48, by: { id: 0, association: 8, name: 40 }, ambiguous: 1, ambiguousExamples: ['Hooli - Renewal'], rate: 0.98,
    });
    expect(link(i.links, 'deal→account')).toMatchObject({ rows: 14, linked: 14, by: { name: 14 } });
    expect(link(i.links, 'contact→account')).toMatchObject({ rows: 13, linked: 12, by: { domain: 12 }, unlinkedExamples: ['gmail.com'] });
  });

  it('prints the link table in inspect and in the terminal report', () => {
    const inspect = runCli(['inspect', 'fixtures/links/hubspot-names']);
    expect(inspect.stdout).toMatch(/Links:\n {2}deal→account {9}100% {2}14 \/ 14 +by name 14/);
    expect(inspect.stdout).toMatch(/activity→deal {9}98% {2}48 \/ 49 +by association 8, name 40; 1 ambiguous/);
    const report = runCli(['analyze', 'fixtures/links/hubspot-names']);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/ {2}Links\n[\s\S]*activity→deal {9}98% {2}48 \/ 49/);
  });

  it('shows the link table in the Markdown report, without the unlinked names', () => {
    const md = runCli(['analyze', 'fixtures/links/hubspot-names', '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| activity→deal | 48 / 49 | 98% | association 8, name 40 | 1 ambiguous |');
    expect(md.stdout).not.toContain('Hooli - Renewal');
  });

  it('measures touches per won deal when the calls join their deals by name', () => {
    const r = analyzeJson('fixtures/links/hubspot-names');
    const touches = check(r, 'touches-per-won-deal-small');
    expect(touches).toMatchObject({ status: 'warn', value: 4, n: 12 });
    expect(byKey(touches.evidence).linkCoverage[0]).toMatchObject({ id: 'activity→deal', linked: 12, of: 12, rate: 1 });
    expect(link(r.inputs.links, 'activity→deal').rate).toBe(0.98);
  });

  it('reports touches per won deal as insufficient data, naming the link, when no call joins a deal', () => {
    const i = inspectJson('fixtures/links/unjoined');
    expect(link(i.links, 'activity→deal')).toMatchObject({ rows: 49, linked: 0, rate: 0 });
    expect(link(i.links, 'activity→deal').unlinkedExamples).toHaveLength(5);
    const touches = check(analyzeJson('fixtures/links/unjoined'), 'touches-per-won-deal-small');
    expect(touches).toMatchObject({ status: 'insufficient-data', value: null, n: 12 });
    expect(touches.reason).toMatch(/activity→deal link reached 0 of 12 won deals .*with a linked touch \(0%\).*below its floor of 50%/);
  });

  it('links the corpus companies by the key their exports carry', () => {
    const hubspot = inspectJson('fixtures/corpus/hubspot-posthog').links;
    // HubSpot "Associated Deal" holds deal names; names two deals share stay unlinked.
    expect(link(hubspot, 'activity→deal')).toMatchObject({ linked: 912, by: { id: 0, name: 912 }, ambiguous: 70 });
    expect(link(hubspot, 'request→account').by.name).toBe(116);
    const warehouse = inspectJson('fixtures/corpus/hubspotwarehouse-crm').links;
    expect(link(warehouse, 'activity→deal').by).toMatchObject({ association: 614, name: 0 });
    expect(link(warehouse, 'deal→account').by).toMatchObject({ association: 50 });
    expect(link(inspectJson('fixtures/corpus/sfapi-segment').links, 'event→account').by).toMatchObject({ domain: 4382, via: 30 });
  });
});
