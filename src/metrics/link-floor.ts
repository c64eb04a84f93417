/**
 * Per-metric link floors: a metric that joins tables measures how much of its own denominator
 * the join reached (won deals with a linked touch, won accounts seen in product events...). A
 * join that reached too little is not evidence of zero: below the link's floor
 * (`settings.linkFloors`, overridable in the config file) the check is insufficient data naming
 * the link and its rate, with `needs: [{ kind: 'link' }]`.
 *
 * Real zeros exist too (a self-serve deal has no touch; a shelfware account never logs in), so
 * the floor is also met when the link itself works: when the source rows that carry a reference
 * (the touch activities naming a deal, an account or a contact id that matched no contact:
 * `Derived.touchJoin`; the product accounts seen in events) link at or above the floor, the
 * unlinked part of the denominator is taken as a true absence. A reference that failed counts
 * among them: it is a row that did not link, never a row without a reference.
 *
 * `requireSource` (LinkFloorOptions) turns that "or" into a requirement for the checks whose own
 * rate a few linked rows can fill: when the source rate is known and below the floor, the check is
 * insufficient even if its own rate reaches the floor. See LinkFloorOptions.
 */
import type { LinkId, TableName } from '../core/model.js';
import { column, type EvidenceBuilder } from './evidence.js';
import { round } from '../stats/stats.js';
import type { InsufficientResult, MetricContext } from './types.js';

export interface LinkCoverage {
  link: LinkId;
  /** The table whose export or ids would fix the link (for "what to export next"). */
  table: TableName;
  /** Of the metric's denominator (`total`, described by `what`), how many linked. */
  linked: number;
  total: number;
  /** e.g. "won deals with a linked touch". */
  what: string;
  /**
   * How the link did on the rows that carry a reference, when the metric knows it better than
   * the dataset's link table (e.g. touch activities); else the dataset's `links` entry is used.
   * null: none (every row of the denominator carries a reference, and the link table's figure is
   * over other rows: user→inviter counts all users, invite-k-factor only its lookback's invitees).
   */
  source?: { linked: number; total: number; what: string } | null;
}

/** What the evidence says about a metric's link (also when it is measured). */
export interface LinkCoverageEvidence {
  link: LinkId;
  linked: number;
  of: number;
  rate: number | null;
  floor: number;
  sourceRate: number | null;
}

export interface LinkFloorOptions {
  /**
   * The source rate (`LinkCoverage.source`, else the link table's), when known, must reach the
   * floor: below it the check is insufficient even when its own rate reaches the floor. When it
   * reaches the floor the check measures whatever its own rate (unlinked rows are real zeros, as
   * without this option); when it is unknown (no source rows with a reference) the own rate decides.
   *
   * For checks whose denominator a few linked rows can cover while most source rows were lost:
   * touches-per-won-deal and self-serve-won-share. A touch with no deal id joins every deal of its
   * account whose created–closed span holds it (`Derived.touchJoin`), so with every deal id broken
   * the ~13% of touches that joined by account still gave 62 of 70 won deals "a linked touch" and
   * the check measured a median of 2 touches on them (fixtures/sales-led, activities.deal_id
   * X-prefixed; fail 11 → pass 2). Off by default: the other checks keep "own rate or source rate".
   */
  requireSource?: boolean;
}

export interface LinkFloorResult {
  evidence: LinkCoverageEvidence;
  /** The insufficient result to return, or null when the link is good enough. */
  insufficient: ((n: number, nLabel: string, evidence: EvidenceBuilder) => InsufficientResult) | null;
}

/** The links a metric joins on, as an evidence table (`linkCoverage`): linked of the metric's rows, rate, floor. */
export function addLinkCoverage(ev: EvidenceBuilder, links: readonly LinkCoverageEvidence[]): EvidenceBuilder {
  return ev.table(
    'linkCoverage',
    'link coverage',
    'link',
    [column('linked', 'linked', 'count'), column('of', 'of', 'count'), column('rate', 'rate', 'share'), column('floor', 'floor', 'share'), column('sourceRate', 'rate of rows with a reference', 'share')],
    links.map((l) => ({ id: l.link, values: { linked: l.linked, of: l.of, rate: l.rate, floor: l.floor, sourceRate: l.sourceRate } })),
  );
}

const pct = (v: number): string => `${Math.round(v * 100)}%`;

export function checkLinkFloor(ctx: MetricContext, coverage: LinkCoverage, options: LinkFloorOptions = {}): LinkFloorResult {
  const floor = ctx.settings.linkFloors[coverage.link];
  const rate = coverage.total > 0 ? coverage.linked / coverage.total : null;
  const fromDataset = ctx.dataset.links?.find((l) => l.id === coverage.link);
  const source =
    coverage.source === null
      ? undefined
      : (coverage.source ?? (fromDataset ? { linked: fromDataset.linked, total: fromDataset.rows - fromDataset.noKey, what: `${fromDataset.from} rows with a reference` } : undefined));
  const sourceRate = source && source.total > 0 ? source.linked / source.total : null;
  const evidence: LinkCoverageEvidence = {
    link: coverage.link,
    linked: coverage.linked,
    of: coverage.total,
    rate: rate === null ? null : round(rate),
    floor,
    sourceRate: sourceRate === null ? null : round(sourceRate),
  };
  const sourceBelow = options.requireSource === true && sourceRate !== null && sourceRate < floor;
  if (rate === null || (!sourceBelow && (rate >= floor || (sourceRate !== null && sourceRate >= floor)))) return { evidence, insufficient: null };
  const sourceText = source && sourceRate !== null ? `, and ${pct(sourceRate)} of ${source.total} ${source.what} linked` : '';
  const reason =
    rate >= floor && source && sourceRate !== null
      ? // requireSource: the own rate passed, the source rate did not.
        `the ${coverage.link} link linked only ${pct(sourceRate)} of ${source.total} ${source.what}, below its floor of ${pct(floor)}; ` +
        `${coverage.linked} of ${coverage.total} ${coverage.what} (${pct(rate)}) is not evidence, since the rows that did link can reach most of them (pullcheck inspect shows the links)`
      : `the ${coverage.link} link reached ${coverage.linked} of ${coverage.total} ${coverage.what} (${pct(rate)})${sourceText}; ` +
        `below its floor of ${pct(floor)}, an unlinked row is not evidence of zero (pullcheck inspect shows the links)`;
  return {
    evidence,
    insufficient: (n, nLabel, ev) => ({
      kind: 'insufficient',
      reason,
      n,
      nLabel,
      evidence: addLinkCoverage(ev, [evidence]).build(),
      needs: [{ kind: 'link', table: coverage.table, link: coverage.link }],
    }),
  };
}
