/**
 * Hostile data in outputs (issue 17, items 1 and 4): deal names, lead sources and a file name
 * that carry CI workflow commands, terminal escape sequences and Markdown/HTML. No output of the
 * built CLI may let them act: no line a CI runner reads as a command, no control character, no
 * live Markdown link, image, mention or HTML.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, makeSalesDriven, readCsv, tempDir, writeCsv } from './ci-data.js';
import { runCli } from './run-cli.js';

const HOSTILE = [
  '::warning title=forged::x',
  '##[error]forged',
  '##vso[task.setvariable variable=x]1',
  "##teamcity[message text='x']",
  '\u001b]0;pwned\u0007',
  '\u001b[2J',
  '\u009b31m',
  '\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\',
  '[click](javascript:alert(1))',
  '![img](https://evil.example/x.png)',
  '@octocat',
  '<img src=x>',
  '| cell',
  'line\n::error::forged-after-newline',
].join(' ');

/** A line a GitHub/Azure/TeamCity runner would read as a command (pullcheck's own annotations aside). */
const FORGED_LINE = /^[ \t]*::(?!(error|warning|notice) title=pullcheck)/m;
const INLINE_MARKER = /##(\[|vso\[|teamcity\[)/i;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const FILES = { terminal: 'report.txt', json: 'report.json', markdown: 'report.md', junit: 'report.junit.xml', html: 'report.html' } as const;
let data: string;
let baseline: string;

beforeAll(() => {
  const clean = copyFixture('private');
  baseline = join(tempDir(), 'baseline.json');
  expect(runCli(['analyze', clean, '--save-baseline', baseline, '--format', 'json', '--output', join(tempDir(), 'r.json')], { env: { CI: '' } }).code).toBe(0);
  data = copyFixture('private');
  makeSalesDriven(data); // a regression, so evidence reaches every CI format
  const file = join(data, 'deals.csv');
  const [header, ...rows] = readCsv(file);
  const name = header!.indexOf('deal_name');
  const wide = 'w'.repeat(40); // long words around the markers so that wrapping moves them to line starts
  for (const row of rows) row[name] = `${row[name]} ${wide} ${HOSTILE} ${wide}`;
  writeCsv(file, [header!, ...rows]);
  // a file whose name carries a line break and a workflow command
  writeFileSync(join(data, 'notes\n::error file=x::forged-file.csv'), 'foo,bar\n1,2\n');
});

function checkClean(label: string, text: string): void {
  expect(text, `${label}: forged command line`).not.toMatch(FORGED_LINE);
  expect(text, `${label}: inline CI marker`).not.toMatch(INLINE_MARKER);
  expect(text, `${label}: control character`).not.toMatch(CONTROL);
}

describe('hostile data in outputs', () => {
  it('terminal output on stdout, and stderr, carry no CI command, no escape sequence', () => {
    for (const width of ['60', '80', '120']) {
      const r = runCli(['analyze', data, '--show-names'], { env: { CI: '', COLUMNS: width } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('forged-after-newline'); // the values are shown, made harmless
      checkClean(`stdout at ${width}`, r.stdout);
      checkClean('stderr', r.stderr);
    }
  });

  it('every format written by a failing CI gate run under GitHub Actions is clean', () => {
    const out = join(tempDir(), 'reports');
    const r = runCli(
      ['analyze', data, '--baseline', baseline, '--max-drop', '1', '--show-names', '--format', Object.keys(FILES).join(','), '--output-dir', out],
      { env: { CI: 'true', GITHUB_ACTIONS: 'true' } },
    );
    expect(r.code, r.stdout + r.stderr).toBe(1);
    checkClean('stdout', r.stdout);
    checkClean('stderr', r.stderr);
    for (const [format, name] of [...Object.entries(FILES), ['gate', 'gate.json']]) {
      const text = readFileSync(join(out, name!), 'utf8');
      checkClean(format!, text);
    }
    // JSON keeps the values as data: the markers are escaped, not removed
    const json = readFileSync(join(out, FILES.json), 'utf8');
    expect(JSON.stringify(JSON.parse(json))).toContain('##[error]forged');
  });

  it('Markdown has no live link, image, mention or HTML from data', () => {
    const out = join(tempDir(), 'md.md');
    const r = runCli(['analyze', data, '--baseline', baseline, '--show-names', '--format', 'markdown', '--output', out], { env: { CI: '' } });
    expect(r.code).toBe(1);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('forged');
    expect(md).not.toContain('[click](');
    expect(md).not.toContain('![img](');
    expect(md).not.toMatch(/(^|[^&#\w])@octocat/);
    expect(md).not.toContain('<img');
    // every row of a table keeps its header's column count: data pipes are escaped
    let columns = 0;
    for (const line of md.split('\n')) {
      const cells = line.replace(/\\\|/g, '').split('|').length;
      if (!line.startsWith('|')) columns = 0;
      else if (columns === 0) columns = cells;
      else expect(cells, line).toBe(columns);
    }
  });

  it('HTML has no element, attribute or link from data, and embeds the values as data', () => {
    const out = join(tempDir(), 'report.html');
    const r = runCli(['analyze', data, '--show-names', '--format', 'html', '--output', out], { env: { CI: '' } });
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(out, 'utf8');
    checkClean('html', page);
    const markup = page.replace(/<script type="application\/json"[^]*?<\/script>/, '');
    expect(markup).toContain('&lt;img src=x&gt;');
    expect(markup).not.toContain('<img');
    expect(markup).not.toMatch(/href="(?!#)/);
    const embedded = /id="pullcheck-report">([^]*?)<\/script>/.exec(page)![1]!;
    expect(JSON.stringify(JSON.parse(embedded))).toContain('##[error]forged');
  });

  it('inspect prints file names and values without control characters or CI commands', () => {
    for (const format of ['terminal', 'json']) {
      const r = runCli(['inspect', data, '--format', format], { env: { CI: '' } });
      expect(r.code).toBe(0);
      checkClean(`inspect ${format}`, r.stdout);
    }
  });
});
