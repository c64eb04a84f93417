/**
 * The gate document (docs/ci.md, "The gate document"): the gate's outcome with a reference to
 * the report it judged. The digest is of the JSON report exactly as `--format json` writes it
 * for this run, so a reader can tell that a gate.json and a report.json belong together.
 */
import { createHash } from 'node:crypto';
import { GATE_SCHEMA_VERSION, type GateDocument, type GateReport } from '../report/contract/gate.js';
import type { Report } from '../report/types.js';

/** `reportJson`: the text the json format renders for `report` (renderers/json.ts). */
export function gateDocument(gate: GateReport, report: Report, reportJson: string): GateDocument {
  return {
    kind: 'pullcheck-gate',
    schemaVersion: GATE_SCHEMA_VERSION,
    report: {
      schemaVersion: report.schemaVersion,
      tool: { name: report.tool.name, version: report.tool.version },
      asOf: report.asOf,
      rubric: { id: report.rubric.id, version: report.rubric.version, hash: report.rubric.hash },
      score: report.score,
      digest: `sha256:${createHash('sha256').update(reportJson, 'utf8').digest('hex')}`,
    },
    ...gate,
  };
}
