import { describe, expect, it } from 'vitest';
import { containsEmail, emailSpans, knownPeople, replaceEmails, looksLikeName, pseudonym, pseudonymiseReport, Scrubber, scrubPersonalData } from '../../src/core/privacy.js';
import { deal, tables } from '../helpers/factories.js';
import { makeReport } from './report-factory.js';
import { column, evidence } from '../../src/metrics/evidence.js';

describe('Scrubber', () => {
  const s = new Scrubber(['Jesse Park', 'Al']);
  it('replaces e-mail addresses anywhere in a text', () => {
    expect(s.text('Umbra Dental (avery.andersen@umbra-dental.example) - New')).toBe('Umbra Dental ([email]) - New');
    expect(s.text('referral from dana.lee+crm@partner.co.uk, and bo@x.io')).toBe('referral from [email], and [email]');
    expect(containsEmail('no at-sign here, nor @handle')).toBe(false);
  });

  it('replaces the names of known people as whole words, any case; ignores names under 3 characters', () => {
    expect(s.text('Renewal (jesse park)')).toBe('Renewal ([person])');
    expect(s.text('Jesse Parker Ltd')).toBe('Jesse Parker Ltd');
    expect(s.text('Alpha Allied')).toBe('Alpha Allied');
  });

  it('turns line breaks into spaces, so no data value starts a line of a CI log', () => {
    expect(s.text('Acme\n::error::injected')).toBe('Acme ::error::injected');
  });

  it('scrubs every string of a JSON value, deeply', () => {
    expect(s.value({ a: ['x@y.example', { b: 'Jesse Park' }], n: 3 })).toEqual({ a: ['[email]', { b: '[person]' }], n: 3 });
  });
});

describe('knownPeople', () => {
  it('lists deal owners, not e-mails or blanks', () => {
    const t = tables({ deals: [deal({ owner: 'Jesse Park' }), deal({ owner: 'ops@x.example' }), deal({ owner: null }), deal({ owner: 'Jesse Park' })] });
    expect(knownPeople({ tables: t, present: new Set(), files: [], issues: [] })).toEqual(['Jesse Park']);
  });
});

describe('scrubPersonalData', () => {
  it('cleans evidence, notes, reasons and warnings, and leaves rubric texts alone', () => {
    const touched = (name: string) => evidence().table('mostTouched', 'most touched deals', 'deal', [column('touches', 'touches', 'count')], [{ id: 'D1', name, values: { touches: 2 } }]).build();
    const r = makeReport([{ id: 'push', checks: [{ id: 'touches', value: 0.5, evidence: touched('Acme - Jesse Park - a@b.example') }, { id: 'x', value: null, reason: 'owner Jesse Park has 2 deals' }] }]);
    r.warnings.push({ code: 'BAD_DATE', file: 'deals.csv', line: 3, message: "'a@b.example' is not a date" });
    const out = scrubPersonalData(r, ['Jesse Park']);
    expect(out.categories[0]!.checks[0]!.evidence).toEqual(touched('Acme - [person] - [email]'));
    expect(out.categories[0]!.checks[1]!.reason).toBe('owner [person] has 2 deals');
    expect(out.warnings[0]!.message).toBe("'[email]' is not a date");
    expect(out.categories[0]!.checks[0]!.recommendation).toBe('Fix touches.');
  });
});

describe('pseudonyms', () => {
  it('are stable, short, and independent of case and spacing; a key changes them', () => {
    expect(pseudonym('deal', 'Umbra Dental - New Business')).toMatch(/^deal-[0-9a-f]{6}$/);
    expect(pseudonym('deal', ' umbra dental - new business ')).toBe(pseudonym('deal', 'Umbra Dental - New Business'));
    expect(pseudonym('deal', 'Umbra Dental - New Business', 'secret')).not.toBe(pseudonym('deal', 'Umbra Dental - New Business'));
    expect(pseudonym('account', 'Umbra Dental')).not.toBe(pseudonym('account', 'Harbor Co'));
  });

  it('replace deal and account names in evidence rows by the kind of their rows, not other kinds, and the same names elsewhere', () => {
    const ev = evidence()
      .fact('summary', 'summary', 'Umbra Dental - New Business had the most touches')
      .table('mostTouched', 'most touched', 'deal', [column('touches', 'touches', 'count')], [{ id: 'D1', name: 'Umbra Dental - New Business', values: { touches: 9 } }])
      .table('accounts', 'accounts', 'account', [], [{ id: 'A1', name: 'Harbor Co', values: {} }])
      .table('features', 'features', 'feature', [], [{ id: 'Reports Pro', values: {} }])
      .build();
    const r = makeReport([{ id: 'push', checks: [{ id: 'touches', value: 0.5, evidence: ev }] }]);
    r.categories[0]!.checks[0]!.notes = ['Harbor Co renewed'];
    const check = pseudonymiseReport(r).categories[0]!.checks[0]!;
    const e = check.evidence;
    const dealP = pseudonym('deal', 'Umbra Dental - New Business');
    expect(e.examples[0]!.rows[0]).toEqual({ id: 'D1', name: dealP, values: { touches: 9 } });
    expect(e.examples[1]!.rows[0]!.name).toBe(pseudonym('account', 'Harbor Co'));
    expect(e.examples[2]!.rows[0]!.id).toBe('Reports Pro'); // feature names are not personal data
    expect(e.facts[0]!.value).toBe(`${dealP} had the most touches`);
    expect(check.notes).toEqual([`${pseudonym('account', 'Harbor Co')} renewed`]);
    expect(JSON.stringify(e)).not.toContain('Umbra');
  });

  it('replace account and deal ids that read like names or domains, also in the account-match examples and warnings', () => {
    for (const id of ['Umbra Dental', 'umbra-dental.com', 'umbra_dental', 'beacon-robotics']) expect(looksLikeName(id), id).toBe(true);
    for (const id of ['A0017', '0015g00000XyZ12AAB', '12345', 'D-001', 'ACT000001']) expect(looksLikeName(id), id).toBe(false);
    const top = (ids: string[]) => evidence().table('top', 'top', 'account', [column('n', 'n', 'count')], ids.map((id, i) => ({ id, values: { n: 2 - i } }))).build();
    const r = makeReport([{ id: 'pull', checks: [{ id: 'assisted', value: 0.5, evidence: top(['Umbra Dental', 'A0017']) }] }]);
    r.inputs.accountMatch = { productAccounts: 3, matched: { id: 1, domain: 0, name: 0 }, rate: 0.333, unmatchedExamples: { product: ['harbor.example', 'P-9'], crm: ['Quill Legal'] } };
    r.warnings.push({ code: 'ACCOUNT_MATCH', file: 'data', line: 0, message: 'unmatched product accounts e.g. harbor.example, P-9' });
    const out = pseudonymiseReport(r);
    expect(out.categories[0]!.checks[0]!.evidence).toEqual(top([pseudonym('account', 'Umbra Dental'), 'A0017']));
    expect(out.inputs.accountMatch!.unmatchedExamples).toEqual({ product: [pseudonym('account', 'harbor.example'), 'P-9'], crm: [pseudonym('account', 'Quill Legal')] });
    expect(out.warnings[0]!.message).toBe(`unmatched product accounts e.g. ${pseudonym('account', 'harbor.example')}, P-9`);
  });
});

describe('link examples', () => {
  it("keep an activity's contact reference (`contact C9`, `contact (name)`) as it is, and hide account names beside it", () => {
    const r = makeReport([{ id: 'push', checks: [{ id: 'touches', value: 0.5 }] }]);
    const by = { id: 0, association: 0, name: 0, domain: 0, via: 0 };
    r.inputs.links = [
      { id: 'activity→account', from: 'activities', to: 'accounts', rows: 4, linked: 0, by, noKey: 0, ambiguous: 1, rate: 0, unlinkedExamples: ['Harbor Co', 'contact (name)', 'contact C9'], ambiguousExamples: ['contact 8.00'] },
    ];
    const out = pseudonymiseReport(r).inputs.links![0]!;
    // Before: 'contact C9' and 'contact (name)' became account pseudonyms (a space reads like a name).
    expect(out.unlinkedExamples).toEqual([pseudonym('account', 'Harbor Co'), 'contact (name)', 'contact C9']);
    expect(out.ambiguousExamples).toEqual(['contact 8.00']);
  });

  it('keep the feature names of request→release and promise→release (as of release→feature): features are not people or companies', () => {
    const r = makeReport([{ id: 'roadmap', checks: [{ id: 'requested', value: 0.5 }] }]);
    const by = { id: 0, association: 0, name: 0, domain: 0, via: 0 };
    r.inputs.links = [
      { id: 'request→release', from: 'feature_requests', to: 'releases', rows: 2, linked: 0, by, noKey: 0, ambiguous: 0, rate: 0, unlinkedExamples: ['Audit Log', 'bulk_edit'], ambiguousExamples: [] },
      { id: 'promise→release', from: 'deals', to: 'releases', rows: 1, linked: 0, by, noKey: 0, ambiguous: 0, rate: 0, unlinkedExamples: ['Board Packs'], ambiguousExamples: [] },
    ];
    const [requests, promises] = pseudonymiseReport(r).inputs.links!;
    // Before: 'Audit Log' and 'Board Packs' (a space reads like a name) became account pseudonyms.
    expect(requests!.unlinkedExamples).toEqual(['Audit Log', 'bulk_edit']);
    expect(promises!.unlinkedExamples).toEqual(['Board Packs']);
  });
});

describe('emailSpans', () => {
  it('finds addresses whole, in any script, and nothing else', () => {
    expect(replaceEmails('josé.garcía@empresa.es y ĳsbrand@bücher.de')).toBe('[email] y [email]');
    expect(replaceEmails('a@b.c.d. end')).toBe('[email]. end');
    expect(replaceEmails('x@-bad.com @handle a@b a@b- foo@bar@baz.com')).toBe('x@-bad.com @handle a@b a@b- foo@[email]');
    expect(replaceEmails('a@b-.com, a@b.com-x, a@b.com- x')).toBe('a@b-.com, [email], [email]- x');
    expect(replaceEmails("o'brien@x.io")).toBe("o'[email]");
    expect(emailSpans('')).toEqual([]);
    expect(emailSpans('@')).toEqual([]);
  });

  it('walks each character a bounded number of times (linear on one long token)', () => {
    // counted, not timed: a token 10x longer costs about 10x, where a backtracking pattern cost 100x
    const count = (n: number): number => {
      let calls = 0;
      const text = 'a'.repeat(n) + 'a@'.repeat(n) + 'a.'.repeat(n);
      const original = String.prototype.charCodeAt;
      String.prototype.charCodeAt = function (this: string, i: number) {
        calls++;
        return original.call(this, i);
      };
      try {
        emailSpans(text);
      } finally {
        String.prototype.charCodeAt = original;
      }
      return calls;
    };
    expect(count(100_000) / count(10_000)).toBeLessThan(11);
  });
});
