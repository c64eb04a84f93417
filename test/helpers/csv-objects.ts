/** A CSV export's rows as a JSON exporter writes them (for tests that rewrite an export in another format). */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** The rows of `csvPath` as objects: blank cells left out, cells holding JSON as their values. */
export function csvRowObjects(csvPath: string): Array<Record<string, unknown>> {
  const rows = parse(readFileSync(csvPath), { columns: true, bom: true }) as Array<Record<string, string>>;
  return rows.map((row) => {
    const object: Record<string, unknown> = {};
    for (const [key, cell] of Object.entries(row)) if (cell !== '') object[key] = /^[{[]/.test(cell) ? (JSON.parse(cell) as unknown) : cell;
    return object;
  });
}
