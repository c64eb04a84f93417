/**
 * Nothing private leaks into CI logs. fixtures/private has contacts with names and e-mail
 * addresses, deal owners, and deal names and lead sources that contain people's names and
 * e-mail addresses, in fields that end up in evidence (most-touched deals, largest discounts,
 * unclassified sources). Every output of a failing CI run is checked.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, makeSalesDriven, readCsv, tempDir } from './ci-data.js';
import { ROOT, runCli } from './run-cli.js';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+/;
const FORMATS = ['terminal', 'json', 'markdown', 'junit', 'html'] as const;
const FILES = { terminal: 'report.txt', json: 'report.json', markdown: 'report.md', junit: 'report.junit.xml', html: 'report.html' } as const;

const contacts = readCsv('fixtures/private/contacts.csv').slice(1);
const contactNames = contacts.map((r) => r[4]!);
const [dealHeader, ...dealRows] = readCsv('fixtures/private/deals.csv');
const owners = [...new Set(dealRows.map((r) => r[dealHeader!.indexOf('owner')]!))];
const companies = readCsv('fixtures/private/accounts.csv').slice(1).map((r) => r[1]!);

const rubric = join(tempDir(), 'default.yaml');
copyFileSync(join(ROOT, 'rubrics', 'default.yaml'), rubric);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  files: Record<(typeof FORMATS)[number] | 'gate', string>;
}

function ciRun(dir: string, baseline: string, env: Record<string, string>, extra: string[] = []): Run {
  const out = join(tempDir(), 'reports');
  const r = runCli(['analyze', dir, '--rubric', rubric, '--baseline', baseline, '--format', FORMATS.join(','), '--output-dir', out, ...extra], {
    env: { CI: '', GITHUB_ACTIONS: 'true', ...env },
  });
  const files = Object.fromEntries([...FORMATS.map((f) => [f, readFileSync(join(out, FILES[f]), 'utf8')]), ['gate', readFileSync(join(out, 'gate.json'), 'utf8')]]) as Run['files'];
  return { ...r, files };
}

let changed: string;
let baseline: string;

beforeAll(() => {
  // the fixture really holds personal data in the fields that feed evidence
  expect(dealRows.some((r) => EMAIL.test(r[dealHeader!.indexOf('deal_name')]!))).toBe(true);
  expect(dealRows.some((r) => contactNames.some((n) => r[dealHeader!.indexOf('deal_name')]!.includes(n)))).toBe(true);
  expect(dealRows.some((r) => owners.some((o) => r[dealHeader!.indexOf('deal_name')]!.includes(o)))).toBe(true);
  expect(dealRows.some((r) => EMAIL.test(r[dealHeader!.indexOf('source')]!))).toBe(true);

  const data = copyFixture('private');
  baseline = join(tempDir(), 'baseline.json');
  expect(runCli(['analyze', data, '--rubric', rubric, '--save-baseline', baseline, '--format', 'json'], { env: { CI: '' } }).code).toBe(0);
  changed = copyFixture('private');
  makeSalesDriven(changed); // deeper discounts: avg-discount-won regresses, so its evidence is in every CI format
});

describe('privacy in reports', () => {
  it('no format prints an e-mail address or a deal owner, even in a failing CI run with annotations', () => {
    const r = ciRun(changed, baseline, {});
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error title=pullcheck gate failed::/m);
    for (const [name, text] of [['stdout', r.stdout], ['stderr', r.stderr], ...Object.entries(r.files)] as const) {
      expect(text, name).not.toMatch(EMAIL);
      for (const owner of owners) expect(text, `${name}: ${owner}`).not.toContain(owner);
    }
    // the evidence is there, scrubbed: [email] and [person] marks in the full report
    expect(r.files.json).toContain('[email]');
    expect(r.files.json).toContain('[person]');
  });

  it('the CI formats replace company and deal names with stable pseudonyms', () => {
    const r = ciRun(changed, baseline, {});
    for (const [name, text] of [['annotations', r.stdout], ['markdown', r.files.markdown], ['junit', r.files.junit]] as const) {
      for (const company of companies) expect(text, `${name}: ${company}`).not.toContain(company);
      for (const person of contactNames) expect(text, `${name}: ${person}`).not.toContain(person);
    }
    expect(r.files.markdown).toMatch(/Evidence for the regressed checks[\s\S]*deal-[0-9a-f]{6} \(/);
    expect(r.files.junit).toMatch(/deal-[0-9a-f]{6} \(/);
    // stable: the same pseudonyms in another run
    const again = ciRun(changed, baseline, {});
    expect(again.files.junit.match(/deal-[0-9a-f]{6}/g)).toEqual(r.files.junit.match(/deal-[0-9a-f]{6}/g));
    // the local formats keep deal names (scrubbed of e-mails and owners)
    expect(r.files.terminal).toContain('Umbra Dental');
  });

  it('when running in CI (CI=true) every format pseudonymises, and --show-names keeps the names', () => {
    const inCi = ciRun(changed, baseline, { CI: 'true' });
    for (const f of FORMATS) for (const company of companies) expect(inCi.files[f], `${f}: ${company}`).not.toContain(company);
    const shown = ciRun(changed, baseline, { CI: 'true' }, ['--show-names']);
    expect(shown.files.junit).toContain('Umbra Dental');
    expect(companies.some((c) => shown.files.markdown.includes(c))).toBe(true);
    for (const text of Object.values(shown.files)) {
      expect(text).not.toMatch(EMAIL);
      for (const owner of owners) expect(text).not.toContain(owner);
    }
  });
});
