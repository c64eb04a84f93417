/**
 * The feature checks' link floors end to end (built CLI on a company written by the test): a
 * release log and an events export that spell features apart are insufficient data naming
 * release→feature, and sales requests that name no released feature insufficient data naming
 * request→release — never "every feature unused" or "no release asked for by sales"
 * (docs/data-model.md, "Feature links"). Spelled alike, the checks measure, and requests for
 * features never built do not stop them.
 */
import { describe, expect, it } from 'vitest';
import { analyzeJson, runCli, writeCompany } from './run-cli.js';

interface Row { id: string; values: Record<string, number | null> }
interface Check { id: string; status: string; value: number | null; reason: string | null; needs?: unknown[]; evidence: { examples?: Array<{ key: string; rows: Row[] }> } }
interface Report { categories: Array<{ checks: Check[] }> }

const features = Array.from({ length: 12 }, (_, i) => `f${String(i + 1).padStart(2, '0')}`);

/**
 * 12 new features released 2025-01-10 under `released(f)`; 20 accounts A1–A20 (user Uk) each log
 * in and use f01–f03 under `used(f)` on 2025-06-01…20 (the last event, so T is 2025-06-21);
 * 6 sales requests for f01–f06 and 4 for features never built (w1–w4), dated 2024-12-01.
 */
function company(released: (f: string) => string, used: (f: string) => string): string {
  const releases = ['feature,released_at,kind,title', ...features.map((f) => `${released(f)},2025-01-10,new,Introducing ${f}`)];
  const events = ['timestamp,user_id,account_id,event,feature'];
  for (let k = 1; k <= 20; k++) {
    const day = `2025-06-${String(k).padStart(2, '0')}`;
    events.push(`${day}T09:00:00Z,U${k},A${k},login,`);
    for (const f of features.slice(0, 3)) events.push(`${day}T10:00:00Z,U${k},A${k},feature_used,${used(f)}`);
  }
  const feature_requests = ['request_id,feature,account_id,deal_id,source,created_at,votes'];
  [...features.slice(0, 6), 'w1', 'w2', 'w3', 'w4'].forEach((f, i) => feature_requests.push(`R${i},${f},A${i + 1},,sales,2024-12-01,1`));
  return writeCompany('feature-links', { releases, events, feature_requests });
}

const check = (r: Report, id: string): Check => r.categories.flatMap((c) => c.checks).find((c) => c.id === id)!;
const coverage = (c: Check): Row[] | undefined => c.evidence.examples?.find((e) => e.key === 'linkCoverage')?.rows;
const same = (f: string): string => f;

describe('feature checks with features spelled apart, end to end', () => {
  it('is insufficient naming release→feature when the events spell every feature apart; measures when they join', () => {
    const dir = company(same, (f) => `X${f}`);
    const report = JSON.parse(analyzeJson(dir)) as Report;
    // Before: { status: 'fail', value: 1 }: no released feature joined an event, so all 12 read as unused.
    const unused = check(report, 'unused-feature-share');
    expect(unused).toMatchObject({ status: 'insufficient-data', value: null, needs: [{ kind: 'link', table: 'releases', link: 'release→feature' }] });
    expect(unused.reason).toMatch(/^the release→feature link reached 0 of 12 features released at least 90 days ago seen in product events \(0%\), and 0% of 3 features used/);
    // The requests still join the release log (both spelled f01…): 6 of 10 sales requests name a released feature, the rest are never built.
    const requested = check(report, 'sales-requested-release-share');
    expect(requested).toMatchObject({ value: 0.5 });
    expect(coverage(requested)).toEqual([{ id: 'request→release', values: { linked: 6, of: 6, rate: 1, floor: 0.5, sourceRate: null } }]);

    const joined = check(JSON.parse(analyzeJson(company(same, same))) as Report, 'unused-feature-share');
    // f04–f12 used by no account: 9 of 12.
    expect(joined).toMatchObject({ value: 0.75 });
    expect(coverage(joined)).toEqual([{ id: 'release→feature', values: { linked: 3, of: 12, rate: 0.25, floor: 0.5, sourceRate: 1 } }]);
  });

  it('is insufficient naming request→release when the release log spells every feature apart; inspect lists the link', () => {
    const dir = company((f) => `X${f}`, same);
    const report = JSON.parse(analyzeJson(dir)) as Report;
    // Before: { status: 'pass', value: 0 }: no request named a released feature, so no launch read as sales-requested.
    const requested = check(report, 'sales-requested-release-share');
    expect(requested).toMatchObject({ status: 'insufficient-data', value: null, needs: [{ kind: 'link', table: 'feature_requests', link: 'request→release' }] });
    // Known: f01–f03 (used in events); f04–f06 and w1–w4 name no feature known anywhere now, so they are left out.
    expect(requested.reason).toMatch(/^the request→release link reached 0 of 3 sales feature requests naming a feature released or seen in events \(0%\)/);
    expect(check(report, 'unused-feature-share')).toMatchObject({ status: 'insufficient-data', needs: [{ link: 'release→feature' }] });
    const inspect = runCli(['inspect', dir]).stdout;
    expect(inspect).toMatch(/request→release +0% +0 \/ 10/);
    expect(inspect).toContain('request→release unlinked, e.g. f01, f02, f03, f04, f05');
  });
});
