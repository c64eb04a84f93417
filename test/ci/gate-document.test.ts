import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/ci/gate.js';
import { gateDocument } from '../../src/output/gate-document.js';
import { renderGateJson } from '../../src/renderers/json.js';
import { makeReport } from './report-factory.js';

const report = makeReport([{ id: 'pull', title: 'Product pull', checks: [{ id: 'activation', value: 0.5 }] }]);
const gate = evaluateGate(report, { minScore: 90 });

describe('gateDocument', () => {
  it('puts the marker and the report reference first, then the gate outcome unchanged at the top level', () => {
    const doc = gateDocument(gate, report, 'abc');
    expect(Object.keys(doc).slice(0, 3)).toEqual(['kind', 'schemaVersion', 'report']);
    expect(doc).toMatchObject({ kind: 'pullcheck-gate', schemaVersion: 1 });
    const { kind: _kind, schemaVersion: _version, report: _report, ...outcome } = doc;
    expect(outcome).toEqual(gate);
    expect(doc.passed).toBe(false); // 75 < 90
  });

  it('refers to the report by its identity and the SHA-256 of its JSON text', () => {
    const doc = gateDocument(gate, report, 'abc');
    expect(doc.report).toEqual({
      schemaVersion: report.schemaVersion,
      tool: { name: 'pullcheck', version: '0.0.0-test' },
      asOf: '2026-06-30',
      rubric: { id: report.rubric.id, version: report.rubric.version, hash: report.rubric.hash },
      score: report.score,
      // sha256("abc"), FIPS 180-2 test vector
      digest: 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
    expect(gateDocument(gate, report, 'abd').report.digest).not.toBe(doc.report.digest);
  });

  it('a report without a score is referred to with score null', () => {
    const empty = makeReport([{ id: 'pull', checks: [{ id: 'activation', value: null }] }]);
    const doc = gateDocument(evaluateGate(empty, {}), empty, '{}\n');
    expect(doc.report.score).toBeNull();
    expect(doc.passed).toBe(false); // no score to gate on
  });

  it('renders as JSON that parses back to the document, CI markers escaped', () => {
    const doc = gateDocument({ ...gate, summary: '##[error]forged' }, report, 'abc');
    const text = renderGateJson(doc);
    expect(text).not.toContain('##[');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(doc);
  });
});
