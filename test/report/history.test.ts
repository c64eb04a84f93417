import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyEntry, historyText, parseHistory, readHistory, runTimestamp, writeHistory } from '../../src/report/history.js';
import { makeReport } from '../ci/report-factory.js';

const report = { ...makeReport([{ id: 'a', checks: [{ id: 'a1', value: 0.6 }] }]), coverageFloor: 0.5, range: [100, 100] as [number, number] };
const entry = historyEntry(report, '2026-07-01T08:00:00.000Z', {});

describe('historyEntry', () => {
  it('summarises the headline and categories, with no commit outside CI', () => {
    expect(entry).toEqual({ runAt: '2026-07-01T08:00:00.000Z', asOf: '2026-06-30', score: 100, range: [100, 100], coverage: 1, verdict: 'product-driven', categories: [{ id: 'a', score: 100 }] });
  });
  it('takes the commit from GITHUB_SHA, else CI_COMMIT_SHA, only when it looks like one', () => {
    expect(historyEntry(report, 'x', { GITHUB_SHA: 'abc1234def' }).commit).toBe('abc1234def');
    expect(historyEntry(report, 'x', { CI_COMMIT_SHA: '0123456789abcdef' }).commit).toBe('0123456789abcdef');
    expect(historyEntry(report, 'x', { GITHUB_SHA: '<script>' }).commit).toBeUndefined();
  });
  it('has no score below the coverage floor', () => {
    expect(historyEntry({ ...report, coverage: 0.3 }, 'x', {}).score).toBeNull();
  });
});

describe('runTimestamp', () => {
  it('uses SOURCE_DATE_EPOCH when set, else the clock', () => {
    expect(runTimestamp({ SOURCE_DATE_EPOCH: '1782892800' })).toBe('2026-07-01T08:00:00.000Z');
    expect(runTimestamp({}, () => 0)).toBe('1970-01-01T00:00:00.000Z');
    expect(runTimestamp({ SOURCE_DATE_EPOCH: 'soon' }, () => 0)).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('parseHistory', () => {
  it('reads JSON lines, skipping blank lines and a BOM', () => {
    const text = `\uFEFF${historyText([entry])}\n${historyText([{ ...entry, score: null }])}`;
    expect(parseHistory(text, 'h.jsonl')).toEqual([entry, { ...entry, score: null }]);
    expect(parseHistory('', 'h.jsonl')).toEqual([]);
  });
  it('names the file and line of the first bad line, and how many are bad', () => {
    const text = `${historyText([entry])}{not json\n${JSON.stringify({ ...entry, coverage: 2 })}\n`;
    expect(() => parseHistory(text, 'h.jsonl')).toThrow(/^h\.jsonl:2: not JSON .*\(2 bad lines: 2, 3\)$/);
    expect(() => parseHistory(`${JSON.stringify({ ...entry, verdict: 'great' })}\n`, 'h.jsonl')).toThrow('h.jsonl:1: verdict is "great", not one of');
    expect(() => parseHistory('[1,2]\n', 'h.jsonl')).toThrow('h.jsonl:1: found an array, not an object');
    expect(() => parseHistory(`${JSON.stringify({ ...entry, asOf: undefined })}\n`, 'h.jsonl')).toThrow('asOf is missing');
  });
});

describe('readHistory and writeHistory', () => {
  it('starts empty without a file, and reads back what it wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-history-'));
    const file = join(dir, 'sub', 'history.jsonl');
    expect(readHistory(file)).toEqual([]);
    writeHistory(file, [entry, { ...entry, runAt: '2026-07-02T08:00:00.000Z' }]);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
    expect(readHistory(file)).toHaveLength(2);
  });
  it('is a clear error for a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-history-'));
    expect(() => readHistory(dir)).toThrow(/cannot read the history file .*: it is a directory/);
    writeFileSync(join(dir, 'h.jsonl'), 'x\n');
    expect(() => readHistory(join(dir, 'h.jsonl'))).toThrow(/h\.jsonl:1: not JSON/);
  });
});
