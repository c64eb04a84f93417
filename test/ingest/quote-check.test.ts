/**
 * The byte scan's QuoteCheck (src/ingest/data-lines.ts): when it finds no problem, DuckDB's strict
 * CSV reader (as events-duckdb.ts calls it) and csv-parse (as read-csv.ts sets it) read the same
 * cells. Hand-picked cases, chunk edges, and a differential property over random lines made of
 * quotes, spaces, delimiters and line ends.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { QuoteCheck } from '../../src/ingest/data-lines.js';
import { CSV_PARSE_RULES } from '../../src/ingest/read-csv.js';

/** The problem QuoteCheck finds in `text`, fed in chunks of `size` bytes. */
function problemOf(text: string, size = 1 << 20, delimiter = ','): string | null {
  const bytes = Buffer.from(text, 'utf8');
  const check = new QuoteCheck(Buffer.from(delimiter).length === 1 ? Buffer.from(delimiter)[0]! : -1);
  for (let at = 0; at < bytes.length; at += size) check.add(bytes.subarray(at, at + size));
  check.end();
  return check.problem;
}

describe('QuoteCheck', () => {
  it('accepts quoted cells with doubled quotes and delimiters inside, a quoted header after a BOM, and no quotes at all', () => {
    expect(problemOf('a,b\n1,2\n')).toBeNull();
    expect(problemOf('\ufeff"a",b\r\n"x ""y"", z",""\r\n')).toBeNull();
    expect(problemOf('a,b\n1,"{""k"": ""v, w""}"\n')).toBeNull();
    expect(problemOf('a,b\n1,"x"')).toBeNull(); // closed at the end of the file
    expect(problemOf('a\tb\n1\t"x"\n', 1 << 20, '\t')).toBeNull();
  });

  it('names what DuckDB and the CSV reader read differently', () => {
    expect(problemOf('a,b\n1, "x"\n')).toBe('a space before a quoted cell');
    expect(problemOf('a,b\n "x",1\n')).toBe('a space before a quoted cell');
    expect(problemOf('a,b\n"x" ,1\n')).toBe('a space after a quoted cell');
    expect(problemOf('a,b\n"x"y,1\n')).toBe('text after a closing quote');
    expect(problemOf('a,b\n1,x"y\n')).toBe('a quote inside a cell that is not quoted');
    expect(problemOf('a,b\n1,"x\ny"\n')).toBe('a quoted cell holds a line break');
    expect(problemOf('a,b\n1,"x\r\ny"\n')).toBe('a quoted cell holds a line break');
    expect(problemOf('a,b\n1,"x\n')).toBe('a quoted cell holds a line break');
    expect(problemOf('a,b\n1,"x')).toBe('a quoted cell that is never closed');
    expect(problemOf('a§b\n1§"x"\n', 1 << 20, '§')).toBe('a quoted cell in a file whose delimiter takes more than one byte');
  });

  it('gives the same verdict whatever the chunk edges', () => {
    const texts = ['a,b\n1, "x"\n', 'a,b\n1,  \n"x",y\n', 'a,b\n"x" ,1\n', 'a,b\n1,"x""y"\n"z",2\n', 'a,b\n1,"x"\n', 'a,b\n1,x"y\n', '\ufeff"a",b\n1,2\n', 'a,b\n1,   "x"\n'];
    for (const text of texts) {
      const whole = problemOf(text);
      for (let size = 1; size <= 6; size++) expect(problemOf(text, size), `${JSON.stringify(text)} in chunks of ${size}`).toBe(whole);
    }
  });
});

describe('QuoteCheck against both readers', () => {
  let dir: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pullcheck-quote-check-'));
    instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    connection = await instance.connect();
  });
  afterAll(() => {
    connection.closeSync();
    instance.closeSync();
  });

  /** DuckDB's rows of a three-column file (its header skipped), or null when DuckDB refuses it. */
  async function duckDbRows(path: string): Promise<string[][] | null> {
    try {
      const sql = `SELECT * FROM read_csv($1, delim = ',', quote = '"', escape = '"', header = false, skip = 1, auto_detect = false, strict_mode = true, null_padding = false, columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'VARCHAR'})`;
      const rows = (await connection.runAndReadAll(sql, [path])).getRows() as Array<Array<string | null>>;
      return rows.map((r) => r.map((v) => v ?? ''));
    } catch {
      return null;
    }
  }

  it('finds no problem only where DuckDB reads the cells csv-parse reads (or refuses the file)', async () => {
    // Mostly well-formed cells (plain, quoted with doubled quotes), some with a space beside the
    // quotes or a raw quote.
    const text = fc.array(fc.constantFrom('a', 'b', ' ', '"', ',', 'x y', '{"k": "v"}', '\t'), { maxLength: 5 }).map((parts) => parts.join(''));
    const plain = text.map((t) => t.replaceAll('"', '').replaceAll(',', ''));
    const quoted = text.map((t) => `"${t.replaceAll('"', '""')}"`);
    const cell = fc.oneof(
      { arbitrary: plain, weight: 4 },
      { arbitrary: quoted, weight: 4 },
      { arbitrary: quoted.map((q) => ` ${q}`), weight: 1 },
      { arbitrary: quoted.map((q) => `${q} `), weight: 1 },
      { arbitrary: text.map((t) => t.replaceAll(',', '')), weight: 1 },
    );
    const line = fc.array(cell, { minLength: 3, maxLength: 3 }).map((cells) => cells.join(','));
    let compared = 0;
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 3 }), async (lines) => {
        const text = `h0,h1,h2\n${lines.join('\n')}\n`;
        if (problemOf(text) !== null) return;
        const path = join(dir, `case-${k++}.csv`);
        writeFileSync(path, text);
        const duck = await duckDbRows(path);
        if (duck === null) return;
        const records = (parse(text, { ...CSV_PARSE_RULES }) as string[][]).slice(1);
        compared++;
        expect(duck, JSON.stringify(text)).toEqual(records);
      }),
      { numRuns: 300, seed: 14 },
    );
    expect(compared).toBeGreaterThan(60);
  });
});
