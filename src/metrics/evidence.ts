/**
 * Building a metric's typed evidence (report contract: src/report/contract/evidence.ts). Counts,
 * facts, exclusions and example tables are added in the order a reader should see them.
 */
import type {
  Evidence,
  EvidenceColumn,
  EvidenceRow,
  EvidenceRowKind,
  EvidenceUnit,
} from '../report/contract/evidence.js';

export { noEvidence, type Evidence } from '../report/contract/evidence.js';

export class EvidenceBuilder {
  private readonly ev: Evidence = { counts: [], facts: [], exclusions: [], examples: [] };

  /** A number behind the value; `unit` defaults to a count of things. */
  count(key: string, label: string, value: number | null, unit: EvidenceUnit = 'count', interval?: [number, number] | null): this {
    this.ev.counts.push(interval ? { key, label, value, unit, interval } : { key, label, value, unit });
    return this;
  }

  /** A fraction of one (printed as a percent). */
  share(key: string, label: string, value: number | null, interval?: [number, number] | null): this {
    return this.count(key, label, value, 'share', interval);
  }

  /** An amount in the analysis currency. */
  money(key: string, label: string, value: number | null): this {
    return this.count(key, label, value, 'money');
  }

  days(key: string, label: string, value: number | null): this {
    return this.count(key, label, value, 'days');
  }

  fact(key: string, label: string, value: string): this {
    this.ev.facts.push({ key, label, value });
    return this;
  }

  /** Rows left out for one reason (a noun phrase: "won deals without a close date"). */
  excluded(key: string, reason: string, count: number): this {
    this.ev.exclusions.push({ key, reason, count });
    return this;
  }

  /** Example rows, or a breakdown, as a table; an empty list is kept (it says there were none). */
  table(key: string, label: string, rowKind: EvidenceRowKind, columns: EvidenceColumn[], rows: EvidenceRow[]): this {
    this.ev.examples.push({ key, label, rowKind, columns, rows });
    return this;
  }

  /**
   * A breakdown by category (`{ exec: 0.32, it: 0.21 }`) as a one-column table, rows in the
   * object's order.
   */
  breakdown(key: string, label: string, rowKind: EvidenceRowKind, column: EvidenceColumn, values: Record<string, number | null>): this {
    return this.table(key, label, rowKind, [column], Object.entries(values).map(([id, v]) => ({ id, values: { [column.key]: v } })));
  }

  /** A copy of what was added so far: later additions do not change it. */
  build(): Evidence {
    return {
      counts: [...this.ev.counts],
      facts: [...this.ev.facts],
      exclusions: [...this.ev.exclusions],
      examples: [...this.ev.examples],
    };
  }
}

export function evidence(): EvidenceBuilder {
  return new EvidenceBuilder();
}

/** A column of an example table. */
export function column(key: string, label: string, unit: EvidenceColumn['unit']): EvidenceColumn {
  return { key, label, unit };
}
