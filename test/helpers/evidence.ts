/**
 * Typed evidence (report contract) read by key, for tests that check hand-computed numbers:
 * counts and facts give their value (a count's interval under `<key>Interval`), exclusions their
 * count, example tables their rows as `{ id, name?, ...values }`.
 */
import type { Evidence } from '../../src/report/contract/evidence.js';

export type EvidenceRowView = { id: string; name?: string | null } & Record<string, unknown>;

export function byKey(evidence: Evidence | undefined): Record<string, any> {
  const out: Record<string, any> = {};
  if (!evidence) return out;
  for (const f of evidence.facts) out[f.key] = f.value;
  for (const c of evidence.counts) {
    out[c.key] = c.value;
    if (c.interval) out[`${c.key}Interval`] = c.interval;
  }
  for (const x of evidence.exclusions) out[x.key] = x.count;
  for (const t of evidence.examples) {
    out[t.key] = t.rows.map((r): EvidenceRowView => ({ id: r.id, ...(r.name !== undefined ? { name: r.name } : {}), ...r.values }));
  }
  return out;
}
