/**
 * A hand-written CSV splitter: text chunks in, records (arrays of cells, with the line where
 * each ends) out. It reproduces csv-parse exactly as read-csv.ts configures it (`bom`,
 * `relax_quotes`, `relax_column_count`, `skip_records_with_error`; quote and escape `"`), which
 * test/ingest/csv-split.test.ts checks property by property against csv-parse itself. It exists
 * for speed (docs/performance.md): it slices cells out of the decoded text instead of copying
 * bytes one at a time, and builds no info object per record.
 *
 * The rules it follows (csv-parse's, with those options):
 * - The record delimiter is the first CR LF, LF or CR met outside quotes; after that only that
 *   sequence ends a record (a lone LF in a CR LF file stays in the cell).
 * - A quote opens a quoted cell only as the cell's first character; elsewhere it is text.
 * - In a quoted cell `""` is a quote; a quote followed by the delimiter, the record delimiter,
 *   NUL or the end of the text closes the cell; followed by anything else the quote is kept as
 *   text, with the cell's opening quote put back (`"ab"c` reads as `"ab"c`).
 * - Lines are counted per CR and per LF read (a CR LF record delimiter counts once, a CR LF
 *   inside quotes twice); a record's line is the line it ends on.
 * - A quote still open at the end of the text drops that record, reported as
 *   CSV_QUOTE_NOT_CLOSED at the last line.
 * - A byte-order mark at the very start is skipped.
 */

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export type RecordHandler = (cells: string[], endLine: number) => void;

/**
 * A record given as cell ranges of `text` (cell k is `text.slice(starts[k], ends[k])`), valid only
 * during the call: for records on one line with no quote and no stray CR or LF, when set.
 */
export type RangeHandler = (text: string, starts: Int32Array, ends: Int32Array, count: number, endLine: number) => void;

/** Records with more cells than this always come as arrays. */
const MAX_RANGE_CELLS = 256;

export class CsvSplitter {
  private readonly delimiter: number;
  private readonly delimiterChar: string;
  /** Discovered record delimiter: '' until the first CR/LF outside quotes. */
  private rd: '' | '\r\n' | '\n' | '\r' = '';
  private lines = 1;
  private quoting = false;
  private wasQuoting = false;
  /** The current cell's text before `fieldStart` (pieces already decided). */
  private acc = '';
  private record: string[] = [];
  /** Up to two characters held back from the last chunk for look-ahead. */
  private carry = '';
  private started = false;
  /** The last character seen, to know whether the text ends with a line break. */
  private lastCode = -1;
  /** When set, plain records go here as ranges instead of to onRecord as arrays (same order). */
  onRange: RangeHandler | null = null;
  private readonly starts = new Int32Array(MAX_RANGE_CELLS);
  private readonly ends = new Int32Array(MAX_RANGE_CELLS);

  constructor(
    delimiter: string,
    private readonly onRecord: RecordHandler,
    private readonly onQuoteNotClosed: (endLine: number) => void,
    /**
     * For text that continues a file from a record start (a byte range read on another thread):
     * the file's record delimiter as already discovered, and no byte-order mark to skip.
     */
    continues?: { recordDelimiter: '\r\n' | '\n' | '\r' },
  ) {
    if (delimiter.length !== 1) throw new Error('CsvSplitter needs a one-character delimiter');
    this.delimiter = delimiter.charCodeAt(0);
    this.delimiterChar = delimiter;
    if (continues) {
      this.rd = continues.recordDelimiter;
      this.started = true;
    }
  }

  /** The record delimiter discovered so far ('' before the first line break outside quotes). */
  get recordDelimiter(): '' | '\r\n' | '\n' | '\r' {
    return this.rd;
  }

  /** Line on which the next record starts (1-based). */
  get nextLine(): number {
    return this.lines;
  }

  /**
   * Called when the text pushed so far ends with a line feed: handles the characters held back
   * for look-ahead (none of which can look past a final line feed) and says whether the text
   * ended exactly at a record start (not inside quotes, no cell pending). Either way the
   * splitter can go on with the text that follows, as if this call had not been made.
   */
  reachBoundary(): boolean {
    if (this.carry !== '') {
      const carry = this.carry;
      this.carry = '';
      this.scan(carry, 0, true);
    }
    return !this.quoting && !this.wasQuoting && this.acc === '' && this.record.length === 0 && this.carry === '';
  }

  /**
   * Characters of a chunk scanned together with the characters held back from the one before
   * (at least 2); tests set it small.
   */
  headChars = 64;

  push(chunk: string): void {
    const carry = this.carry;
    if (carry === '') {
      this.scan(chunk, 0, false);
      return;
    }
    const head = this.headChars;
    if (chunk.length <= head) {
      this.scan(carry + chunk, 0, false);
      return;
    }
    // `carry + chunk` would be a cons string, which makes every charCodeAt on the chunk (here
    // and in the range handler) slower. The held-back characters join only the chunk's first
    // characters; the rest is scanned in the chunk as it was decoded, from where the head's own
    // held-back characters (at most 2, the head's last) start.
    this.scan(carry + chunk.slice(0, head), 0, false);
    const held = this.carry.length;
    this.carry = '';
    this.scan(chunk, head - held, false);
  }

  end(): void {
    this.scan(this.carry, 0, true);
    // csv-parse counts a line break when it reads the next character, so a break that is the
    // very last character (inside a cell, or inside quotes) does not count for the last record.
    if (this.lastCode === CR || this.lastCode === LF) this.lines--;
    if (this.quoting) {
      this.onQuoteNotClosed(this.lines);
    } else if (this.wasQuoting || this.record.length > 0 || this.acc.length > 0) {
      this.record.push(this.acc);
      this.emit();
    }
    this.acc = '';
    this.record = [];
  }

  private emit(): void {
    const record = this.record;
    this.record = [];
    this.wasQuoting = false;
    this.onRecord(record, this.lines);
  }

  /**
   * From a record start, hands whole records that end before `limit` to onRange while each is
   * plain (no quote, no CR or LF but its record delimiter, at most MAX_RANGE_CELLS cells) and
   * returns where the first other record starts, for the general loop: the same records, with
   * the same lines, as the general loop would give.
   */
  private plainRun(text: string, from: number, limit: number): number {
    const rd = this.rd;
    if (rd !== '\n' && rd !== '\r\n') return from;
    const crlf = rd === '\r\n';
    const D = this.delimiterChar;
    const starts = this.starts;
    const ends = this.ends;
    const onRange = this.onRange!;
    // String#indexOf finds a character faster than a loop of charCodeAt: the next quote and CR
    // are looked up once and kept until passed, the cells by their delimiters.
    const len = text.length;
    let quoteAt = text.indexOf('"', from);
    if (quoteAt < 0) quoteAt = len;
    let crAt = text.indexOf('\r', from);
    if (crAt < 0) crAt = len;
    let pos = from;
    for (;;) {
      const lf = text.indexOf('\n', pos);
      if (lf < 0 || lf >= limit) return pos;
      if (quoteAt < lf) return pos;
      let end = lf;
      if (crlf) {
        if (lf === pos || text.charCodeAt(lf - 1) !== CR) return pos;
        end = lf - 1;
        if (crAt < end) return pos;
      } else if (crAt < lf) return pos;
      let n = 0;
      let s = pos;
      for (;;) {
        const d = text.indexOf(D, s);
        if (d < 0 || d >= end) break;
        if (n === MAX_RANGE_CELLS - 1) return pos;
        starts[n] = s;
        ends[n] = d;
        n++;
        s = d + 1;
      }
      starts[n] = s;
      ends[n] = end;
      n++;
      onRange(text, starts, ends, n, this.lines);
      this.lines++;
      pos = lf + 1;
      if (crAt < pos) {
        crAt = text.indexOf('\r', pos);
        if (crAt < 0) crAt = len;
      }
    }
  }

  /** Scans `input` from `from` (0, or a position after which it holds the text that follows). */
  private scan(input: string, from: number, final: boolean): void {
    let text = input;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const len = text.length;
    if (len > 0) this.lastCode = text.charCodeAt(len - 1);
    // Every decision looks at most two characters ahead; without the end of the text in view,
    // the last two wait for the next chunk.
    const limit = final ? len : len - 2;
    const D = this.delimiter;
    let pos = from;
    if (this.onRange !== null && !this.quoting && !this.wasQuoting && this.acc === '' && this.record.length === 0) pos = this.plainRun(text, from, limit);
    let fieldStart = pos;
    while (pos < limit) {
      const c = text.charCodeAt(pos);
      if (this.quoting) {
        if (c === QUOTE) {
          const next = pos + 1 < len ? text.charCodeAt(pos + 1) : -1;
          if (next === QUOTE) {
            // "" is one quote
            this.acc += text.slice(fieldStart, pos + 1);
            pos += 2;
            fieldStart = pos;
            continue;
          }
          if (this.rd === '' && (next === CR || next === LF)) this.rd = discover(text, pos + 1);
          const closes = next === -1 || next === 0 || next === D || (this.rd !== '' && text.startsWith(this.rd, pos + 1));
          this.acc += text.slice(fieldStart, pos);
          this.quoting = false;
          this.wasQuoting = true;
          if (!closes) this.acc = `"${this.acc}"`; // relaxed: the quotes are text
          pos++;
          fieldStart = pos;
          continue;
        }
        if (c === CR || c === LF) this.lines++;
        pos++;
        continue;
      }
      if (c === D) {
        this.record.push(fieldStart === pos ? this.acc : this.acc + text.slice(fieldStart, pos));
        this.acc = '';
        this.wasQuoting = false;
        pos++;
        fieldStart = pos;
        continue;
      }
      if (c === CR || c === LF) {
        if (this.rd === '') this.rd = discover(text, pos);
        const rd = this.rd;
        if (c === rd.charCodeAt(0) && (rd.length === 1 || text.charCodeAt(pos + 1) === LF)) {
          this.record.push(fieldStart === pos ? this.acc : this.acc + text.slice(fieldStart, pos));
          this.acc = '';
          this.emit();
          this.lines++;
          pos += rd.length;
          if (this.onRange !== null) pos = this.plainRun(text, pos, limit);
          fieldStart = pos;
          continue;
        }
        this.lines++; // a CR or LF that does not end records here is text
        pos++;
        continue;
      }
      if (c === QUOTE && pos === fieldStart && this.acc.length === 0) {
        this.quoting = true;
        pos++;
        fieldStart = pos;
        continue;
      }
      pos++;
    }
    const stop = Math.min(pos, len);
    this.acc += text.slice(fieldStart, stop);
    this.carry = text.slice(stop);
  }
}

/** CR LF, LF or CR at `pos` (which holds a CR or an LF). */
function discover(text: string, pos: number): '\r\n' | '\n' | '\r' {
  const c = text.charCodeAt(pos);
  if (c === LF) return '\n';
  return text.charCodeAt(pos + 1) === LF ? '\r\n' : '\r';
}
