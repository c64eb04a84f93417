/**
 * Ids written as whole numbers with a decimal part of zeros. pandas writes an integer column that
 * has a blank as floats (`1.0`, `42.0`), and a spreadsheet round trip may write `1.00`, so one
 * export carries user id `1.0` where the users table has `1` (or deals carry account `17.0`
 * against the accounts' `17`), and nothing joins.
 *
 * Rule, per reference (a referencing id and the table whose ids it names): a value **not found as
 * written** among the referenced ids whose whole-number form (`wholeNumberKey`) is the form of
 * **exactly one** referenced id joins that id, and takes its spelling; both directions (`1.0` →
 * `1`, and `1` → `1.0` when the table has `1.0`). Counted and reported (`WholeNumberJoin`), never
 * silent. Left as written:
 * - a value found as written (the table has both `1` and `1.0`: each joins its own record);
 * - a value whose whole-number form two referenced ids share (`1.00` against `1` and `1.0`): it
 *   joins neither, counted as left unjoined (`leftAsWritten`), never merged into one of them;
 * - any other form: `1.5` is not a whole number; `1e3` is an exponent form, already rounded by
 *   whatever wrote it (`1.2345e9` has lost digits), so no id can be read back from it; `007` keeps
 *   its zeros (leading zeros are part of the id in some CRMs, `007` and `7` two records).
 *
 * Used by links.ts (every link of the link table that looks an id up, activities' contact ids,
 * association rows' ids, and without a CRM the events' account ids against the users' —
 * `joinProductAccounts`), by loadDataset for the events' user ids and the users' invited-by
 * (`joinEventUsers`, `joinInviters`), right after the identity merge, so staff exclusion, person
 * properties, links and every metric see one id; and by derive-users.ts for the users that
 * invite events name (`invite→user`, added after loading: `addWholeNumberJoins`).
 */
import type { Dataset, Tables, TableName, User, WholeNumberJoin, WholeNumberLink } from '../core/model.js';
import { wholeNumberWarning } from '../renderers/format.js';

const INTEGER = /^-?\d+$/;
const WHOLE_FLOAT = /^(-?\d+)\.0+$/;

/** The whole-number form of an id: `1.0` → `1`, `-3.00` → `-3`, `17` → `17`; null for any other id (`1.5`, `1e3`, `abc`, ''). */
export function wholeNumberKey(id: string): string | null {
  const c = id.charCodeAt(0);
  // Most ids (U0123, acct_9, e-mails) fail here without a regular expression.
  if (c !== 45 && (c < 48 || c > 57)) return null;
  if (INTEGER.test(id)) return id;
  const m = WHOLE_FLOAT.exec(id);
  return m === null ? null : m[1]!;
}

/** Where a reference not found as written goes: the one referenced id of its whole-number form, `ambiguous` when two share it, or null. */
export type WholeNumberMatch = string | typeof AMBIGUOUS | null;
export const AMBIGUOUS: unique symbol = Symbol('two ids share this whole number');

/** The referenced ids of one table, as written and by whole-number form. */
export class WholeNumberIndex {
  private readonly written: ReadonlySet<string>;
  /** Whole-number form → the one id of that form, or AMBIGUOUS when two ids have it (`1` and `1.0`). */
  private readonly byKey = new Map<string, string | typeof AMBIGUOUS>();

  constructor(ids: Iterable<string>) {
    const written = ids instanceof Set ? (ids as Set<string>) : new Set(ids);
    this.written = written;
    for (const id of written) {
      const key = wholeNumberKey(id);
      if (key === null) continue;
      this.byKey.set(key, this.byKey.has(key) ? AMBIGUOUS : id);
    }
  }

  has(id: string): boolean {
    return this.written.has(id);
  }

  /** A reference → the referenced id it joins by whole-number form; null when it is found as written, or has no such form, or none matches. */
  find(ref: string): WholeNumberMatch {
    if (this.byKey.size === 0 || this.written.has(ref)) return null;
    const key = wholeNumberKey(ref);
    return key === null ? null : (this.byKey.get(key) ?? null);
  }
}

/** What one reference joined by whole-number form, counted as rows are resolved. */
export class WholeNumberTally {
  private readonly joined = new Map<string, string>();
  private readonly left = new Set<string>();
  private rows = 0;
  private leftRows = 0;

  constructor(
    readonly link: WholeNumberLink,
    readonly from: TableName,
    readonly to: TableName,
  ) {}

  /** `rows` rows whose reference `written` joined `joined` (AMBIGUOUS: left unjoined, two ids share its form). */
  add(written: string, joined: string | typeof AMBIGUOUS, rows = 1): void {
    if (joined === AMBIGUOUS) {
      this.left.add(written);
      this.leftRows += rows;
    } else {
      this.joined.set(written, joined);
      this.rows += rows;
    }
  }

  /** Null when nothing was joined or left unjoined by whole-number form. */
  summary(): WholeNumberJoin | null {
    if (this.joined.size === 0 && this.left.size === 0) return null;
    const first3 = <T>(values: T[]): T[] => values.slice(0, 3);
    const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    return {
      link: this.link,
      from: this.from,
      to: this.to,
      ids: this.joined.size,
      rows: this.rows,
      examples: first3([...this.joined].sort((a, b) => byText(a[0], b[0]))),
      leftAsWritten: this.left.size,
      leftAsWrittenRows: this.leftRows,
      leftAsWrittenExamples: first3([...this.left].sort(byText)),
    };
  }
}

/**
 * Events' user ids not found as written in the users table, joined by whole-number form: their
 * rows (day summaries or single events alike) and what the events noted about them go to the
 * users table's id (EventTable.retargetUsers, as the identity merge does). Null when the users
 * table or the events are empty, or no user id has such a form.
 */
export function joinEventUsers(tables: Tables): WholeNumberJoin | null {
  const { events, users } = tables;
  if (events.length === 0 || users.length === 0) return null;
  const index = new WholeNumberIndex(users.map((u) => u.userId));
  const values = events.users.values;
  const n = values.length;
  const found = new Map<number, string | typeof AMBIGUOUS>();
  for (let k = 0; k < n; k++) {
    const match = index.find(values[k]!);
    if (match !== null) found.set(k, match);
  }
  if (found.size === 0) return null;
  // Only ids with events (an anonymous id merged into its user has none left) move, and count.
  const eventsOf = events.countByUser();
  const target = Int32Array.from({ length: n }, (_, k) => k);
  const tally = new WholeNumberTally('event→user', 'events', 'users');
  let moves = false;
  for (const [k, match] of found) {
    if (eventsOf[k]! === 0) continue;
    tally.add(values[k]!, match, eventsOf[k]!);
    if (match === AMBIGUOUS) continue;
    target[k] = events.users.intern(match); // may add to the pool (ids ≥ n move nowhere)
    moves = true;
  }
  if (moves) events.retargetUsers(target);
  return tally.summary();
}

/** Users' invited-by ids not found as written among the user ids, joined by whole-number form (rewritten in place). */
export function joinInviters(users: User[]): WholeNumberJoin | null {
  if (!users.some((u) => u.invitedBy !== null)) return null;
  const index = new WholeNumberIndex(users.map((u) => u.userId));
  const tally = new WholeNumberTally('user→inviter', 'users', 'users');
  for (const u of users) {
    if (u.invitedBy === null) continue;
    const match = index.find(u.invitedBy);
    if (match === null) continue;
    tally.add(u.invitedBy, match);
    if (match !== AMBIGUOUS) u.invitedBy = match;
  }
  return tally.summary();
}

/**
 * Product accounts without a CRM: the events' account ids against the users' (users.csv
 * `account_id` 17 written `17.0` by pandas, the events' group id `17`). An account is then
 * whatever id the product data names, so one account written two ways would be two accounts (an
 * event with its own account id `17`, another of a user of account `17.0`). An events' account id
 * not found as written among the users' account ids joins the users' id of its whole-number form
 * when each side has exactly one id of that form (events.renameAccounts; users keep theirs).
 * Never merged: when two users' account ids share the form (`17` and `17.0`), or two events'
 * ones do (the events name both `17` and `17.0`), every id of that form stays as written, and
 * the events' ids among them that the users do not have are counted as left unjoined (AMBIGUOUS).
 * Returns events' account id → the users' id it joined, or AMBIGUOUS; empty when nothing applies.
 */
export function joinProductAccounts(tables: Tables): Map<string, string | typeof AMBIGUOUS> {
  const joined = new Map<string, string | typeof AMBIGUOUS>();
  const { events, users } = tables;
  if (events.length === 0 || events.accounts.size === 0) return joined;
  const userAccounts = new Set<string>();
  for (const u of users) if (u.accountId !== null) userAccounts.add(u.accountId);
  if (userAccounts.size === 0) return joined;
  const eventAccounts = new Set(events.accounts.values);
  const byUsers = new WholeNumberIndex(userAccounts);
  const byEvents = new WholeNumberIndex(eventAccounts);
  for (const account of eventAccounts) {
    const match = byUsers.find(account);
    if (match === null) continue;
    // The events' side must have this one id of that form: the users' id itself is not among
    // the events' (found as written), nor another events' id of the same whole number.
    const single = match !== AMBIGUOUS && byEvents.find(match) === account;
    joined.set(account, single ? match : AMBIGUOUS);
  }
  if ([...joined.values()].some((m) => m !== AMBIGUOUS)) events.renameAccounts((id) => {
    const m = joined.get(id);
    return m === undefined || m === AMBIGUOUS ? id : m;
  });
  return joined;
}

/**
 * References joined after loading (the users invite events name, derive-users.ts): into the
 * dataset's list and its one WHOLE_NUMBER_IDS warning (written anew, or added when loading joined
 * nothing: then named after the events files, where the references were read).
 */
export function addWholeNumberJoins(dataset: Dataset, joins: readonly WholeNumberJoin[]): void {
  if (joins.length === 0) return;
  const all = (dataset.wholeNumberIds ??= []);
  all.push(...joins);
  const message = wholeNumberWarning(all);
  const issue = dataset.issues.find((i) => i.code === 'WHOLE_NUMBER_IDS');
  if (issue) {
    issue.message = message;
    return;
  }
  const files = dataset.files.filter((f) => f.table === 'events');
  const file = files.length === 1 ? files[0]!.path : files.length > 1 ? `events (${files.length} files)` : 'events';
  dataset.issues.push({ code: 'WHOLE_NUMBER_IDS', file, line: 0, message });
}
