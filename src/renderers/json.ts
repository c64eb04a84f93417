import type { GateDocument } from '../report/contract/gate.js';
import type { Report } from '../report/types.js';
import { guardJsonOutput } from './sanitise.js';

/** The report as JSON: stable key order (as built), two-space indent, trailing newline; CI markers and C1 controls escaped. */
export function renderJson(report: Report): string {
  return guardJsonOutput(`${JSON.stringify(report, null, 2)}\n`);
}

/** The gate document (`--gate-output`, gate.json), written the same way as the report. */
export function renderGateJson(gate: GateDocument): string {
  return guardJsonOutput(`${JSON.stringify(gate, null, 2)}\n`);
}
