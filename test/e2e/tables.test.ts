/**
 * Table kinds beyond the CRM/analytics basics, through the built CLI (`inspect --format json`):
 * people tables as users, changelog / Jira / Linear / GitHub releases, warehouse-sync shapes with
 * lookup tables resolved after loading, rows flagged deleted excluded and counted, and files that
 * must not be read as a table (history, the CRM's staff, page views). Fixtures: fixtures/tables/.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface LookupResolution { lookup: string; from: string[]; resolved: number; unresolved: number; unit: string; unresolvedExamples: string[] }
interface InspectFile {
  path: string; table: string | null; layout: string | null; vendor: string | null; kind?: string; status?: string; reason?: string; rows: number; rejected: number;
  rejectedByReason: Record<string, number>; excluded?: Record<string, number>; warnings: Record<string, number>; mapping?: Record<string, string>;
  values?: Record<string, Array<{ from: string; to: string; rows: number }>>;
  lookup?: { name: string; describes: string; entries: number; usedBy: string[] }; lookups?: Record<string, LookupResolution>;
  examples: Array<{ code: string; line: number; message: string }>;
}
interface Inspect { files: InspectFile[]; tables: Record<string, number> }

function inspect(dir: string): Inspect {
  const r = runCli(['inspect', `fixtures/tables/${dir}`, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Inspect;
}
const file = (i: Inspect, name: string): InspectFile => {
  const f = i.files.find((x) => x.path.endsWith(`/${name}`));
  expect(f, name).toBeDefined();
  return f!;
};
const value = (f: InspectFile, field: string, from: string): string | undefined => f.values?.[field]?.find((v) => v.from === from)?.to;

describe('people tables are users', () => {
  it('PostHog persons: the first distinct id, created_at, e-mail/title/company from properties', () => {
    const i = inspect('posthog-persons');
    const f = file(i, 'persons.csv');
    expect(f).toMatchObject({ table: 'users', layout: 'posthog-persons', vendor: 'PostHog (persons export)', rows: 4, rejected: 0 });
    expect(f.mapping).toMatchObject({ userId: 'distinct_ids | id', signupAt: 'created_at' });
    expect(f.mapping!.email).toMatch(/^properties → email/);
    expect(value(f, 'title', 'Data Analyst')).toBe('practitioner');
    expect(value(f, 'title', 'VP Engineering')).toBe('exec');
    expect(value(f, 'title', 'Product Manager')).toBe('manager');
    expect(i.tables).toEqual({ users: 4 });
  });

  it('Segment identifies: one row per identify call merged into one user each; pages and screens skipped', () => {
    const i = inspect('segment-identifies');
    const f = file(i, 'identifies.csv');
    expect(f).toMatchObject({ table: 'users', layout: 'segment-identifies', rows: 5, rejected: 0, warnings: { MERGED_ROWS: 2 } });
    expect(f.mapping).toMatchObject({ userId: 'user_id', email: 'email', company: 'company_name', accountId: 'context_traits_company_id' });
    expect(f.examples.find((e) => e.code === 'MERGED_ROWS')!.message).toMatch(/5 rows are 3 users/);
    expect(i.tables).toEqual({ users: 3 });
    for (const name of ['pages.csv', 'screens.csv']) {
      expect(file(i, name)).toMatchObject({ table: null, kind: 'page-views', warnings: { PAGE_VIEWS_TABLE: 1 } });
    }
    expect(file(i, 'pages.csv').examples[0]!.message).toMatch(/not who the users are/);
  });

  it('Mixpanel people ($distinct_id, $email, $created) with a blank $created', () => {
    const f = file(inspect('mixpanel-people'), 'people.csv');
    expect(f).toMatchObject({ table: 'users', layout: 'mixpanel-people', rows: 3, rejected: 0 });
    expect(f.mapping).toMatchObject({ userId: '$distinct_id', email: '$email', signupAt: '$created', title: 'title', accountId: 'company_id' });
  });

  it('Amplitude user export: user_properties JSON', () => {
    const f = file(inspect('amplitude-users'), 'users.csv');
    expect(f).toMatchObject({ table: 'users', layout: 'amplitude-users', rows: 2, rejected: 0 });
    expect(f.mapping).toMatchObject({ userId: 'user_id | amplitude_id', signupAt: 'first_used' });
    expect(value(f, 'title', 'Procurement Manager')).toBe('procurement');
  });

  it('Pendo visitors: first visit as sign-up', () => {
    const f = file(inspect('pendo-visitors'), 'visitors.csv');
    expect(f).toMatchObject({ table: 'users', layout: 'pendo-visitors', rows: 3, rejected: 0 });
    expect(f.mapping).toMatchObject({ userId: 'Visitor ID', accountId: 'Account ID', signupAt: 'First Visit', email: 'email', title: 'title' });
  });

  it('an Intercom-style users export reads as a product users table', () => {
    const f = file(inspect('intercom-users'), 'users.csv');
    expect(f).toMatchObject({ table: 'users', layout: 'product-users', rows: 2, rejected: 0 });
    expect(f.mapping).toMatchObject({ userId: 'User ID', email: 'Email', signupAt: 'Signed up', title: 'Job title', accountId: 'Company ID', company: 'Company name' });
  });

  it("a product's own users table, its deleted rows excluded and counted", () => {
    const f = file(inspect('product-users'), 'users.csv');
    expect(f).toMatchObject({ table: 'users', layout: 'product-users', rows: 4, rejected: 0, excluded: { DELETED_ROW: 1 } });
    expect(f.mapping).toMatchObject({ userId: 'id', email: 'email', signupAt: 'created_at', role: 'role', accountId: 'organization_id', company: 'company_name', invitedBy: 'invited_by' });
    expect(f.examples.find((e) => e.code === 'DELETED_ROW')).toMatchObject({ line: 4 });
  });
});

describe('release sheets are releases', () => {
  it('a changelog sheet: kinds as product teams write them, D/M dates, who requested it', () => {
    const f = file(inspect('changelog-sheet'), 'Product changelog.csv');
    expect(f).toMatchObject({ table: 'releases', layout: 'changelog', rows: 6, rejected: 0 });
    expect(f.mapping).toMatchObject({ feature: 'Feature', releasedAt: 'Release date', kind: 'Type', requestedBy: 'Requested by' });
    expect(value(f, 'kind', 'New feature')).toBe('new');
    expect(value(f, 'kind', 'Bug fix')).toBe('fix');
    expect(value(f, 'kind', 'Enhancement')).toBe('improvement');
    expect(value(f, 'kind', 'Launch')).toBe('new');
  });

  it('Jira fix versions: unreleased versions excluded', () => {
    const f = file(inspect('jira-versions'), 'versions.csv');
    expect(f).toMatchObject({ table: 'releases', layout: 'jira-versions', rows: 3, rejected: 0, excluded: { NOT_RELEASED: 1 } });
    expect(f.mapping).toMatchObject({ feature: 'Version', releasedAt: 'Release date' });
  });

  it('Linear issues: completed ones, kind from labels; open and canceled ones excluded', () => {
    const f = file(inspect('linear-issues'), 'Export Apr 10 2026.csv');
    expect(f).toMatchObject({ table: 'releases', layout: 'linear-issues', rows: 5, rejected: 0, excluded: { NOT_COMPLETED: 2 } });
    expect(value(f, 'kind', 'Bug')).toBe('fix');
    expect(value(f, 'kind', 'Improvement')).toBe('improvement');
  });

  it('GitHub releases: name or tag, published_at; drafts excluded', () => {
    const f = file(inspect('github-releases'), 'releases.csv');
    expect(f).toMatchObject({ table: 'releases', layout: 'github-releases', rows: 3, rejected: 0, excluded: { DRAFT_RELEASE: 1 } });
    expect(f.mapping).toMatchObject({ feature: 'name | tag_name', releasedAt: 'published_at | created_at' });
  });
});

describe('warehouse / sync shapes and their lookups', () => {
  it('HubSpot deal + deal_pipeline_stage: stage ids resolved (default pipeline ids too), the unknown one rejected, deleted rows counted', () => {
    const i = inspect('fivetran-hubspot-deals');
    const deals = file(i, 'deal.csv');
    expect(deals).toMatchObject({ table: 'deals', layout: 'hubspot', rows: 6, rejected: 1, rejectedByReason: { UNRESOLVED_STAGE_ID: 1 }, excluded: { DELETED_ROW: 1 } });
    expect(deals.lookups!.stage).toMatchObject({ lookup: 'deal-stage', resolved: 4, unresolved: 1, unit: 'rows', unresolvedExamples: ['st_gone'] });
    expect(deals.lookups!.stage!.from[0]).toMatch(/deal_pipeline_stage\.csv$/);
    expect(value(deals, 'stage', 'st_won')).toBe('won'); // "Signed", closed_won
    expect(value(deals, 'stage', 'st_lost')).toBe('lost'); // "No decision", closed, not won
    expect(value(deals, 'stage', 'st_demo')).toBe('open');
    expect(value(deals, 'stage', 'closedwon')).toBe('won'); // HubSpot's default pipeline, no table needed
    const stages = file(i, 'deal_pipeline_stage.csv');
    expect(stages).toMatchObject({ table: null, kind: 'lookup', rows: 4, excluded: { DELETED_ROW: 1 } });
    expect(stages.lookup).toMatchObject({ name: 'deal-stage', entries: 3 });
    expect(stages.lookup!.usedBy[0]).toMatch(/deal\.csv$/);
    expect(file(i, 'deal_pipeline.csv')).toMatchObject({ kind: 'lookup', lookup: { name: 'deal-pipeline', entries: 2 } });
    expect(file(i, 'deal_stage.csv')).toMatchObject({ table: null, kind: 'history', warnings: { HISTORY_TABLE: 1 } });
    expect(file(i, 'owner.csv')).toMatchObject({ table: null, kind: 'staff', warnings: { STAFF_TABLE: 1 } });
    expect(i.tables).toEqual({ deals: 4 });
  });

  it('catalogues (HubSpot engagement index, Amplitude event types) are skipped as what they are, not as unrecognised', () => {
    const i = inspect('catalogues');
    for (const name of ['engagement.csv', 'event_type.csv']) {
      expect(file(i, name)).toMatchObject({ table: null, kind: 'catalogue', status: 'skipped', warnings: { CATALOGUE_TABLE: 1 } });
      expect(file(i, name).reason).toMatch(/^a catalogue: /);
      expect(file(i, name).warnings.UNRECOGNISED_FILE).toBeUndefined();
    }
    expect(file(i, 'events.csv')).toMatchObject({ table: 'events', rows: 2 });
  });

  it('Pendo feature_event + feature_history: feature ids become names (latest name of each), the unknown id is kept and reported', () => {
    const i = inspect('fivetran-pendo');
    const events = file(i, 'feature_event.csv');
    expect(events).toMatchObject({ table: 'events', layout: 'pendo-feature-ids', rows: 5, rejected: 0 });
    expect(events.lookups!.feature).toMatchObject({ lookup: 'feature', resolved: 3, unresolved: 1, unit: 'distinct ids', unresolvedExamples: ['ftr_Zz99'] });
    const history = file(i, 'feature_history.csv');
    expect(history).toMatchObject({ kind: 'lookup', lookup: { name: 'feature', entries: 3 }, excluded: { DELETED_ROW: 1 } });
    expect(i.tables).toEqual({ events: 5 });
  });

  it('Mixpanel Fivetran event table: name/time/distinct_id, properties JSON, deleted rows excluded', () => {
    const f = file(inspect('fivetran-mixpanel'), 'event.csv');
    expect(f).toMatchObject({ table: 'events', layout: 'mixpanel-fivetran', rows: 4, rejected: 0, excluded: { DELETED_ROW: 1 } });
    expect(f.mapping).toMatchObject({ timestamp: 'time', event: 'name', userId: 'distinct_id' });
  });

  it('Salesforce warehouse sync (snake_case): opportunity, task, event as activities; user = staff, opportunity_history = history', () => {
    const i = inspect('salesforce-warehouse');
    expect(file(i, 'opportunity.csv')).toMatchObject({ table: 'deals', layout: 'salesforce-api', rows: 4, rejected: 0, excluded: { DELETED_ROW: 1 } });
    expect(file(i, 'opportunity.csv').mapping).toMatchObject({ stage: 'stage_name', isWon: 'is_won', accountId: 'account_id' });
    expect(file(i, 'task.csv')).toMatchObject({ table: 'activities', rows: 3, rejected: 0, excluded: { DELETED_ROW: 1 } });
    expect(file(i, 'task.csv').mapping).toMatchObject({ dealId: 'what_id', contactId: 'who_id' });
    expect(file(i, 'event.csv')).toMatchObject({ table: 'activities', rows: 2, rejected: 0 });
    expect(file(i, 'user.csv')).toMatchObject({ table: null, kind: 'staff' });
    expect(file(i, 'opportunity_history.csv')).toMatchObject({ table: null, kind: 'history' });
    expect(i.tables).toEqual({ deals: 3, activities: 4 });
  });
});

describe('files that must not be read as a table', () => {
  it('Salesforce Data Loader: User is staff (not contacts), OpportunityHistory is history (deals not doubled), OpportunityStage a lookup', () => {
    const i = inspect('salesforce-dataloader');
    expect(file(i, 'User.csv')).toMatchObject({ table: null, kind: 'staff', vendor: 'Salesforce (User object: the CRM’s own staff)' });
    expect(file(i, 'OpportunityHistory.csv')).toMatchObject({ table: null, kind: 'history' });
    expect(file(i, 'OpportunityStage.csv')).toMatchObject({ table: null, kind: 'lookup', lookup: { name: 'deal-stage', entries: 3 } });
    expect(i.tables).toEqual({ deals: 2, contacts: 1 });
  });

  it('a daily snapshot of deals is history, so each deal counts once', () => {
    const i = inspect('snapshot');
    expect(file(i, 'deals_daily_snapshot.csv')).toMatchObject({ table: null, kind: 'history' });
    expect(i.tables).toEqual({ deals: 2 });
  });

  it('an unrecognised file gets a config that is plausible for it, or is told none is', () => {
    const i = inspect('unrecognised');
    const usage = file(i, 'feature_usage.csv').examples[0]!.message;
    expect(usage).toMatch(/resembles events/);
    expect(usage).toContain('files: { "feature_usage.csv": { table: events, columns: { timestamp: "usage_date", event: "feature_name", accountId: "subscription_id" } } }');
    expect(usage).not.toMatch(/table: deals/);
    const products = file(i, 'products.csv').examples[0]!.message;
    expect(products).toMatch(/resembles none of the tables/);
    expect(products).not.toMatch(/table:/);
  });

  it('the suggested config reads the file as suggested', () => {
    const r = runCli(['inspect', 'fixtures/tables/unrecognised', '--format', 'json', '--config', 'fixtures/tables/unrecognised-config.yaml']);
    expect(r.code, r.stderr).toBe(0);
    const f = (JSON.parse(r.stdout) as Inspect).files.find((x) => x.path.endsWith('feature_usage.csv'))!;
    expect(f).toMatchObject({ table: 'events', rows: 2, rejected: 0 });
  });

  it('the analyze report lists lookups and skipped files with what they are', () => {
    const r = runCli(['analyze', 'fixtures/tables/fivetran-hubspot-deals']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/deal_pipeline_stage\.csv: lookup \(deal stage id → label, won, closed\), 4 rows, 1 excluded/);
    expect(r.stdout).toMatch(/deal\.csv: deals \(hubspot\), 6 rows, 1 rejected, 1 excluded \(DELETED_ROW\)/);
    expect(r.stdout).toMatch(/deal_stage\.csv: skipped — history: one row per stage a deal entered/);
    expect(r.stdout).toMatch(/owner\.csv: skipped — the CRM’s own staff: HubSpot owners are/);
  });

  it('inspect shows the kind, the lookups and the skipped files for a terminal', () => {
    const r = runCli(['inspect', 'fixtures/tables/fivetran-hubspot-deals']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/lookups\s+stage \(deal-stage ids\): 4 of 5 rows resolved, through .*deal_pipeline_stage\.csv; 1 not found, e\.g\. st_gone/);
    expect(r.stdout).toMatch(/kind\s+lookup \(deal stage id → label, won, closed\)/);
    expect(r.stdout).toMatch(/kind\s+not a table: staff — HubSpot \(owners/);
    expect(r.stdout).toMatch(/kind\s+not a table: history/);
    expect(r.stdout).toMatch(/skipped\s+history: one row per stage/);
  });
});
