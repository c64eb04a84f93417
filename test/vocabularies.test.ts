import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifySource, DEFAULT_SETTINGS, normaliseLabel } from '../src/core/settings.js';
import { SOURCE_VOCABULARY } from '../src/core/vocabularies.js';

const classify = (value: string) => classifySource(value, DEFAULT_SETTINGS);

describe('source vocabularies', () => {
  it('lists each value once, so no value is both sales and product', () => {
    const keys = SOURCE_VOCABULARY.map((v) => normaliseLabel(v.value));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('classifies every listed value as its entry says', () => {
    for (const v of SOURCE_VOCABULARY) expect([v.value, classify(v.value)]).toEqual([v.value, v.class]);
  });

  it.each([
    ['ORGANIC_SEARCH', 'product'], ['PAID_SEARCH', 'product'], ['DIRECT_TRAFFIC', 'product'], ['REFERRALS', 'product'],
    ['EMAIL_MARKETING', 'product'], ['SOCIAL_MEDIA', 'product'], ['PAID_SOCIAL', 'product'], ['AI_REFERRALS', 'product'],
    ['OFFLINE', 'unknown'], ['OTHER_CAMPAIGNS', 'unknown'], ['Offline Sources', 'unknown'], ['Other campaigns', 'unknown'], ['AI referrals', 'product'],
  ])('HubSpot Original Source %s → %s', (value, cls) => {
    expect(classify(value)).toBe(cls);
  });

  it.each([
    ['Web', 'product'], ['Phone Inquiry', 'product'], ['Partner Referral', 'sales'], ['Purchased List', 'sales'], ['Other', 'unknown'],
    ['Seminar - Internal', 'sales'], ['Employee Referral', 'sales'], ['Advertisement', 'product'],
  ])('Salesforce Lead Source %s → %s', (value, cls) => {
    expect(classify(value)).toBe(cls);
  });

  it.each([
    ['Prospector', 'sales'], ['Lead suggestions', 'sales'], ['Web forms', 'product'], ['Live chat', 'product'], ['LeadBooster', 'product'],
    ['Manually created', 'unknown'], ['Import', 'unknown'], ['API', 'unknown'],
  ])('Pipedrive source %s → %s', (value, cls) => {
    expect(classify(value)).toBe(cls);
  });

  it('leaves values nobody listed unknown (never guessed), and blank ones too', () => {
    expect(classify('Billboard on the A1')).toBe('unknown');
    expect(classify('')).toBe('unknown');
    expect(classifySource(null, DEFAULT_SETTINGS)).toBe('unknown');
  });

  it('docs/vocabularies.md gives every value its class and reason', () => {
    const doc = readFileSync(new URL('../docs/vocabularies.md', import.meta.url), 'utf8');
    for (const v of SOURCE_VOCABULARY) expect(doc).toContain(`| ${v.value} | ${v.class} | ${v.reason} |`);
  });
});
