import { describe, expect, it } from 'vitest';
import { guardJsonOutput, guardMarkdownOutput, guardTextOutput, guardXmlOutput, markdownText, plainLines, plainText, sanitiseValues } from '../../src/renderers/sanitise.js';

describe('sanitise', () => {
  it('plainText: one line, control characters replaced, ordinary text kept', () => {
    expect(plainText('a\r\nb\tc')).toBe('a b c');
    expect(plainText('\u001b]0;t\u0007x\u009b1m')).toBe('\uFFFD]0;t\uFFFDx\uFFFD1m');
    expect(plainText('José · 50%–67% ✔')).toBe('José · 50%–67% ✔');
    expect(plainText('')).toBe('');
    expect(plainLines('one\ntwo\u001b')).toBe('one\ntwo\uFFFD');
  });

  it('sanitiseValues cleans strings and keys deep, leaves numbers and null', () => {
    expect(sanitiseValues({ 'k\n': ['a\u0007', 1, null, { x: 'b\rc' }] })).toEqual({ 'k ': ['a\uFFFD', 1, null, { x: 'b c' }] });
  });

  it('guards break CI command markers in each format, and only those', () => {
    const text = '  ::error::x\nok :: fine\n##[group]a ##vso[x] ##TeamCity[y] #[z]\n';
    const t = guardTextOutput(text);
    expect(t).not.toMatch(/^\s*::/m);
    expect(t).not.toMatch(/##(\[|vso\[|teamcity\[)/i);
    expect(t.replace(/\u200B/g, '')).toBe(text);
    expect(guardMarkdownOutput('::x ##[y]')).toBe('\\::x #\\#[y]');
    expect(guardXmlOutput('::x ##[y]')).toBe('&#58;:x #&#35;[y]');
    const json = guardJsonOutput(JSON.stringify({ a: '##[error] \u009b \u2028' }));
    expect(json).not.toMatch(/##\[|[\u0080-\u009f\u2028]/);
    expect(JSON.parse(json)).toEqual({ a: '##[error] \u009b \u2028' });
  });

  it('markdownText escapes links, images, emphasis, mentions, HTML and pipes', () => {
    expect(markdownText('![i](u) [l](javascript:x) *b* _i_ `c` <b> a|b @me \\')).toBe(
      '\\!\\[i\\](u) \\[l\\](javascript:x) \\*b\\* \\_i\\_ \\`c\\` &lt;b&gt; a\\|b @&#8203;me \\\\',
    );
  });
});
