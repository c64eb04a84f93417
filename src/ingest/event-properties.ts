/**
 * Person properties (a user's title, role, company, e-mail, inviter) and invite properties (the
 * invitee or inviter of an invite event) that events carry, noted as rows are appended
 * (EventTable.notes; derived into users by derive-users.ts). Where: the layout's `properties`
 * sources matched against the header (a plan, plain data so a worker thread reading part of the
 * file gets the same); which keys: PERSON_PROPERTY_KEYS / INVITE_PROPERTY_KEYS (vendor-layouts.ts).
 * A JSON cell is parsed at most once per row, shared with the row's fields (Extractor.json), and
 * each property is one probe of the parsed object.
 */
import type { EventTable } from '../core/model.js';
import type { Extractor } from './extract.js';
import { headerKey, type Layout } from './layouts.js';
import { PERSON_FIELDS, type PersonField } from '../core/event-notes.js';
import { INVITE_PROPERTY_KEYS, PERSON_PROPERTY_KEYS } from './vendor-layouts.js';

type Side = 'inviter' | 'invitee';

/** A JSON column (and the path to the object inside it), or columns of their own per property. */
type JsonSource = { column: number; path: string[] };

export interface PropertyPlan {
  /** In the layout's order: the first source giving a person field wins for the row. */
  person: Array<JsonSource | { fields: Array<[PersonField, number[]]> }>;
  invite: Array<JsonSource | { keys: Array<[Side, string, number]> }>;
}

const SIDES: readonly Side[] = ['inviter', 'invitee'];

/** Where `header` carries properties under `layout`; null when nowhere. */
export function propertyPlan(header: readonly string[], layout: Layout): PropertyPlan | null {
  const props = layout.properties;
  if (!props) return null;
  const keys = header.map(headerKey);
  const columnOf = (name: string): number => keys.indexOf(headerKey(name));
  const plan: PropertyPlan = { person: [], invite: [] };
  for (const source of props.person ?? []) {
    if ('column' in source) {
      const column = columnOf(source.column);
      if (column >= 0) plan.person.push({ column, path: source.path ? source.path.split('.') : [] });
      continue;
    }
    const fields: Array<[PersonField, number[]]> = [];
    for (const field of PERSON_FIELDS) {
      const columns = PERSON_PROPERTY_KEYS[field].map((k) => columnOf(`${source.prefix}${k}`)).filter((c, i, all) => c >= 0 && all.indexOf(c) === i);
      if (columns.length > 0) fields.push([field, columns]);
    }
    if (fields.length > 0) plan.person.push({ fields });
  }
  for (const source of props.event ?? []) {
    if ('column' in source) {
      const column = columnOf(source.column);
      if (column >= 0) plan.invite.push({ column, path: source.path ? source.path.split('.') : [] });
      continue;
    }
    const found: Array<[Side, string, number]> = [];
    for (const side of SIDES) {
      for (const key of INVITE_PROPERTY_KEYS[side]) {
        const column = columnOf(`${source.prefix}${key}`);
        if (column >= 0) found.push([side, key, column]);
      }
    }
    if (found.length > 0) plan.invite.push({ keys: found });
  }
  return plan.person.length > 0 || plan.invite.length > 0 ? plan : null;
}

/** The JSON columns a plan reads (for the extractor's parse cache). */
export function planJsonColumns(plan: PropertyPlan): number[] {
  return [...plan.person, ...plan.invite].flatMap((s) => ('column' in s ? [s.column] : []));
}

/** The columns a plan reads as text (a property per column). */
export function planTextColumns(plan: PropertyPlan): number[] {
  return [
    ...plan.person.flatMap((s) => ('fields' in s ? s.fields.flatMap(([, columns]) => columns) : [])),
    ...plan.invite.flatMap((s) => ('keys' in s ? s.keys.map(([, , column]) => column) : [])),
  ];
}

/** A property value as text: a string not blank, a number or boolean; an array gives its first element. */
function scalar(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
}

/** The object at `path` inside a JSON value; null when there is none. */
function inside(value: unknown, path: readonly string[]): Record<string, unknown> | null {
  let v = value;
  for (const part of path) v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[part] : undefined;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

const text = (cell: string | undefined): string | null => {
  if (cell === undefined) return null;
  const t = cell.trim();
  return t === '' ? null : t;
};

/**
 * Notes the properties of the row just appended to `table` (call it only after a row was
 * appended; `cells` as given to `extract`). Rows without a user (account-level events) say nothing.
 */
export function propertyNoter(table: EventTable, plan: PropertyPlan, extract: Extractor): (cells: string[], line: number, values?: readonly unknown[]) => void {
  const personKeys = PERSON_FIELDS.map((f) => PERSON_PROPERTY_KEYS[f]);
  return (cells, line, values) => {
    const row = table.length - 1;
    const user = table.userAt(row);
    if (user < 0) return;
    const at = table.timestampAt(row);
    let done = 0; // person fields given by an earlier source (bit per PERSON_FIELDS index)
    for (const source of plan.person) {
      if ('fields' in source) {
        for (const [field, columns] of source.fields) {
          const bit = 1 << PERSON_FIELDS.indexOf(field);
          if ((done & bit) !== 0) continue;
          for (const c of columns) {
            const value = text(cells[c]);
            if (value === null) continue;
            done |= bit;
            table.notes.person(user, field, value, at);
            break;
          }
        }
        continue;
      }
      const bag = inside(extract.json(source.column, cells, line, values), source.path);
      if (bag === null) continue;
      for (let f = 0; f < personKeys.length; f++) {
        if ((done & (1 << f)) !== 0) continue;
        for (const key of personKeys[f]!) {
          const value = scalar(bag[key]);
          if (value === null) continue;
          done |= 1 << f;
          table.notes.person(user, PERSON_FIELDS[f]!, value, at);
          break;
        }
      }
    }
    for (const source of plan.invite) {
      if ('keys' in source) {
        for (const [side, key, column] of source.keys) {
          const value = text(cells[column]);
          if (value !== null) table.notes.invite(user, table.nameAt(row), side, key, value, at);
        }
        continue;
      }
      const bag = inside(extract.json(source.column, cells, line, values), source.path);
      if (bag === null) continue;
      for (const side of SIDES) {
        for (const key of INVITE_PROPERTY_KEYS[side]) {
          const value = scalar(bag[key]);
          if (value !== null) table.notes.invite(user, table.nameAt(row), side, key, value, at);
        }
      }
    }
  };
}
