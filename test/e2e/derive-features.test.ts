/**
 * Features derived from event names end to end: fixtures/derive/features has events that name
 * the feature only in the event ("Report Created", `dashboard_shared`), a changelog of 12
 * features and a config pattern ("Board *" → Dashboards); the feature checks are measured.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { byKey } from '../helpers/evidence.js';
import type { Evidence } from '../../src/report/contract/evidence.js';

const DIR = 'fixtures/derive/features';
interface Check { id: string; status: string; value: number | null; n: number; evidence: Evidence }

describe('features from event names', () => {
  it('shows each event name → feature, rows and how in inspect', () => {
    const r = runCli(['inspect', DIR]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Features ← event names (config features.map (1 pattern), then 12 release feature names): 486 events given one of 11 features; 108 matched nothing, 6 ambiguous');
    expect(r.stdout).toContain('  Report Created → Reports  152 rows, release name "Reports"');
    expect(r.stdout).toContain('  Board Opened → Dashboards  39 rows, config pattern "Board *"');
    expect(r.stdout).toContain('  Report Dashboard Linked → (none)  6 rows, ambiguous: Reports | Dashboards');
    expect(r.stdout).toContain('  login → (none)  74 rows, no match');
    const json = JSON.parse(runCli(['inspect', DIR, '--format', 'json']).stdout);
    expect(json.derivedFeatures).toMatchObject({ derivedRows: 486, unmatchedRows: 108, ambiguousRows: 6, features: 11 });
  });

  it('measures core-feature-share and unused-feature-share from the derived features', () => {
    const r = runCli(['analyze', DIR, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const checks: Check[] = JSON.parse(r.stdout).categories.flatMap((c: { checks: Check[] }) => c.checks);
    const check = (id: string): Check => checks.find((c) => c.id === id)!;
    expect(check('core-feature-share')).toMatchObject({ status: 'pass', value: 0.4545, n: 11 });
    expect(byKey(check('core-feature-share').evidence)).toMatchObject({ featuresSeen: 11, featureEvents: 486, coreFeatures: 5 });
    expect(check('unused-feature-share')).toMatchObject({ status: 'pass', value: 0.0833, n: 12 });
    expect(byKey(check('unused-feature-share').evidence)).toMatchObject({ releasedFeatures: 12, unusedFeatures: 1, activeAccounts: 20 });
  });
});
